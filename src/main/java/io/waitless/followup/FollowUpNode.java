package io.waitless.followup;

import io.waitless.call.Journal;
import io.waitless.config.WaitlessConfig;
import io.waitless.deflect.FollowUps;
import io.waitless.deflect.OptOuts;
import io.waitless.deflect.SmsKeywords;
import io.waitless.sms.SmsGateway;
import redis.clients.jedis.UnifiedJedis;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * A node's follow-ups, built from the config: the queue, the planner the deflector and the web side tell, the reply
 * handler of the inbound-SMS hook, the readers for analysts, and the worker. {@link #start()} starts polling
 * (Quartz); {@link #close()} stops it, letting a running batch finish. Thread-safe.
 */
public final class FollowUpNode implements AutoCloseable {
    private final WaitlessConfig.FollowUp cfg;
    private final RedisDueQueue queue;
    private final FollowUpPlanner planner;
    private final SurveyReplies replies;
    private final SurveyScores scores;
    private final RedisAlerts alerts;
    private final RedisReturnees returnees;
    private final FollowUpWorker worker;
    private final Clock clock;
    private final java.time.ZoneId zone;
    private final boolean digest;
    private FollowUpScheduler scheduler;

    public FollowUpNode(WaitlessConfig config, UnifiedJedis redis, SmsGateway gateway, Journal journal, OptOuts optOuts,
                        Clock clock) {
        this(config, redis, gateway, journal, optOuts, clock, defaultNodeName());
    }

    public FollowUpNode(WaitlessConfig config, UnifiedJedis redis, SmsGateway gateway, Journal journal, OptOuts optOuts,
                        Clock clock, String node) {
        this(config, redis, gateway, journal, optOuts, clock, node, java.util.Optional.empty());
    }

    /** @param analytics the funnel and A/B numbers for the daily digest; without it there is no digest */
    public FollowUpNode(WaitlessConfig config, UnifiedJedis redis, SmsGateway gateway, Journal journal, OptOuts optOuts,
                        Clock clock, String node, java.util.Optional<io.waitless.report.Analytics> analytics) {
        this(config, redis, gateway, journal, optOuts, clock, node, analytics,
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    /** @param metrics where the node counts what it did with each follow-up ({@link FollowUpWorker}) */
    public FollowUpNode(WaitlessConfig config, UnifiedJedis redis, SmsGateway gateway, Journal journal, OptOuts optOuts,
                        Clock clock, String node, java.util.Optional<io.waitless.report.Analytics> analytics,
                        io.micrometer.core.instrument.MeterRegistry metrics) {
        this.clock = clock;
        this.zone = config.company().timezone();
        this.cfg = config.followUp();
        String prefix = config.redis().keyPrefix();
        Duration retention = config.journal().retention();
        NumberVault vault = new NumberVault(cfg.key());
        this.queue = new RedisDueQueue(redis, prefix, cfg.keep());
        RedisSurveys surveys = new RedisSurveys(redis, prefix, config.company().timezone(), retention);
        this.alerts = new RedisAlerts(redis, prefix, retention);
        this.returnees = new RedisReturnees(redis, prefix, retention);
        this.planner = new FollowUpPlanner(queue, vault, surveys, returnees, journal, cfg,
                config.journal().repeatWindow(), config.company().name());
        this.replies = new SurveyReplies(surveys, alerts, returnees, queue, vault, journal, cfg,
                new SmsKeywords(config.smsIn().optOutKeywords(), config.smsIn().optInKeywords()));
        this.scores = new SurveyScores(surveys, config.company().timezone(), cfg.survey().scaleMin(),
                cfg.survey().scaleMax());
        Texting texting = new Texting(vault, optOuts, new QuietHours(cfg.survey().from(), cfg.survey().until(),
                config.company().timezone()), gateway, config.sms().sender(), clock);
        // a send starts only with the gateway's timeout (and a margin) of lease left, at most half the lease
        Duration lease = cfg.lease();
        Duration sendWindow = config.sms().timeout().plusSeconds(2);
        if (sendWindow.compareTo(lease.dividedBy(2)) > 0) {
            sendWindow = lease.dividedBy(2);
        }
        List<FollowUpTask> tasks = new java.util.ArrayList<>(List.of(
                new SurveyTask(texting, surveys, journal, cfg.survey(), config.company().name(), clock),
                new TextTask(texting, surveys, cfg.survey().replyWindow()),
                new AlertWebhookTask(alerts, cfg.alerts(), clock),
                new ReturneeWebhookTask(returnees, cfg.returnees(), clock)));
        this.digest = cfg.digest().enabled() && analytics.isPresent();
        analytics.ifPresent(a -> tasks.add(new DigestTask(a, scores, alerts, returnees, cfg.digest(), zone, clock)));
        this.worker = new FollowUpWorker(queue, tasks,
                new FollowUpWorker.Settings(node, cfg.batchSize(), lease, sendWindow, cfg.maxAttempts(),
                        cfg.retryBackoff(), cfg.resendUncertain()), metrics);
    }

    /** {@code <host>/<pid>/<random>}: unique per process, readable in {@code followup list --leased}. */
    public static String defaultNodeName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "node";
        }
        return host + "/" + ManagementFactory.getRuntimeMXBean().getPid() + "/"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Starts polling the queue every {@code followup.poll-interval}. */
    public FollowUpNode start() {
        List<FollowUpScheduler.Cron> crons = digest
                ? List.of(new FollowUpScheduler.Cron("digest-plan", cfg.digest().cron(), zone,
                        () -> DigestTrigger.plan(queue, clock, zone)))
                : List.of();
        scheduler = FollowUpScheduler.start(worker, cfg.pollInterval(), crons);
        return this;
    }

    public FollowUps planner() {
        return planner;
    }

    public SurveyReplies replies() {
        return replies;
    }

    public SurveyScores scores() {
        return scores;
    }

    public RedisAlerts alerts() {
        return alerts;
    }

    public RedisReturnees returnees() {
        return returnees;
    }

    public DueQueue queue() {
        return queue;
    }

    public FollowUpWorker worker() {
        return worker;
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.close();
        }
    }
}
