package io.waitless.ami;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.waitless.ami.OfferPolicy.CallState;
import io.waitless.config.WaitlessConfig;
import io.waitless.config.WaitlessConfig.TimedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The timed-offer scheduler: every {@code ami.poll-interval}, for each timed queue, {@code QueueStatus}, then
 * {@code QueueWithdrawCaller} for the callers {@link OfferPolicy} finds due; the dialplan's {@code WITHDRAW}
 * branch then runs the {@code offer} script and puts the caller back with the same {@code QUEUE_PRIO}.
 *
 * <p>Several nodes may run it against one Asterisk: per queue and tick only the node holding a short Redis lease
 * ({@code SET NX PX}) withdraws, and each call's state (first seen, offers made, last offer) lives in a Redis hash
 * all nodes read. A call's state expires {@code forgetAfter} after it was last seen waiting (it is out of the
 * queue during its offer, so it must outlive one offer). Writes nothing to the journal: the offer script does.
 *
 * <p>Ticks run on one daemon thread; a failed login, a lost connection or a Redis error is logged at WARN and that
 * tick is skipped: calls never wait on it. {@link #close()} stops the thread and logs off.
 */
public final class TimedOffers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TimedOffers.class);
    /** How long a call's state outlives its last sighting in a queue, by default. */
    public static final Duration FORGET_AFTER = Duration.ofMinutes(10);
    /** {@code QUEUE_WITHDRAW_INFO} the dialplan sees. */
    public static final String WITHDRAW_INFO = "waitless-offer";

    private final WaitlessConfig.Ami ami;
    private final Map<String, TimedQueue> queues;
    private final AmiClient client;
    private final UnifiedJedis redis;
    private final String prefix;
    private final Optional<MeterRegistry> metrics;
    private final Clock clock;
    private final Duration forgetAfter;
    private final String node = UUID.randomUUID().toString();
    private final ScheduledExecutorService scheduler;
    private volatile boolean amiDown;
    private final Map<String, WaitEstimator> estimators = new java.util.concurrent.ConcurrentHashMap<>();

    TimedOffers(WaitlessConfig.Timed timed, AmiClient client, UnifiedJedis redis, String keyPrefix,
                MeterRegistry metrics, Clock clock, Duration forgetAfter) {
        this.ami = timed.ami().orElseThrow(() -> new IllegalArgumentException("timed offers need the ami section"));
        this.queues = timed.queues();
        this.client = client;
        this.redis = redis;
        this.prefix = keyPrefix;
        this.metrics = Optional.ofNullable(metrics);
        this.clock = clock;
        this.forgetAfter = forgetAfter;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "waitless-timed-offers");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts polling every timed queue of {@code timed}; with no timed queue it starts nothing (and
     * {@link #close()} is then a no-op).
     *
     * @param redis     the node's shared client (not closed here)
     * @param keyPrefix {@code redis.key-prefix}
     * @param metrics   where {@code waitless.timed.withdrawals{queue,result}} is counted; null for none
     */
    public static TimedOffers start(WaitlessConfig.Timed timed, UnifiedJedis redis, String keyPrefix,
                                     MeterRegistry metrics) {
        if (!timed.enabled()) {
            return new TimedOffers();
        }
        TimedOffers offers = new TimedOffers(timed, new AmiClient(timed.ami().get()), redis, keyPrefix, metrics,
                Clock.systemUTC(), FORGET_AFTER);
        offers.schedule();
        return offers;
    }

    /** The inert instance: no timed queue. */
    private TimedOffers() {
        this.ami = null;
        this.queues = Map.of();
        this.client = null;
        this.redis = null;
        this.prefix = "";
        this.metrics = Optional.empty();
        this.clock = Clock.systemUTC();
        this.forgetAfter = FORGET_AFTER;
        this.scheduler = null;
    }

    void schedule() {
        long every = ami.pollInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::tickSafely, every, every, TimeUnit.MILLISECONDS);
        LOG.info("Timed offers started for queues {} (poll every {})", queues.keySet(), ami.pollInterval());
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("Timed-offer tick failed unexpectedly; the next tick starts afresh", e);
        }
    }

    /** One tick over every timed queue; returns how many callers were withdrawn. Never throws an AMI failure. */
    int tick() {
        int withdrawn = 0;
        for (Map.Entry<String, TimedQueue> q : queues.entrySet()) {
            List<QueueCaller> waiting;
            try {
                waiting = client.queueStatus(q.getKey());
                if (amiDown) {
                    LOG.info("AMI is back: timed offers resume");
                    amiDown = false;
                }
            } catch (AmiException e) {
                // one clear line per tick while the AMI is down; calls are not affected, they just get no timed offer
                LOG.warn("Timed offers skip this tick: {}", e.getMessage());
                amiDown = true;
                return withdrawn;
            }
            try {
                withdrawn += tick(q.getKey(), q.getValue(), waiting);
            } catch (redis.clients.jedis.exceptions.JedisException e) {
                LOG.warn("Timed offers skip queue {} this tick: Redis failed: {}", q.getKey(), e.toString());
            }
        }
        return withdrawn;
    }

    private int tick(String queue, TimedQueue cfg, List<QueueCaller> waiting) {
        Instant now = clock.instant();
        Map<String, CallState> states = new HashMap<>();
        for (QueueCaller c : waiting) {
            states.put(c.uniqueId(), see(c, now));
        }
        WaitEstimator estimator = estimators.computeIfAbsent(queue, q -> {
            WaitEstimator e = new WaitEstimator();
            metrics.ifPresent(m -> io.micrometer.core.instrument.Gauge.builder("waitless.timed.wait.per.position", e,
                            x -> x.perPosition().map(d -> d.toMillis() / 1000.0).orElse(Double.NaN))
                    .tag("queue", q).description("expected wait per queue position, from departures Waitless saw")
                    .baseUnit("seconds").register(m));
            return e;
        });
        // a caller gone since the last poll who was withdrawn (by any node) within two polls is at an offer
        estimator.observe(now, waiting, id -> state(id).flatMap(CallState::lastOffer)
                .filter(last -> !last.isBefore(now.minus(ami.pollInterval().multipliedBy(2)))).isPresent());
        List<QueueCaller> due = OfferPolicy.due(cfg, waiting, states, now, ami.maxWithdrawalsPerTick(),
                estimator.perPosition());
        if (due.isEmpty() || !lease(queue)) {
            return 0;
        }
        int withdrawn = 0;
        for (QueueCaller c : due) {
            // re-read: another node may have offered since our snapshot (its lease ran out between our reads)
            CallState fresh = state(c.uniqueId()).orElse(states.get(c.uniqueId()));
            if (!OfferPolicy.isDue(cfg, c, fresh, clock.instant())
                    || !OfferPolicy.waitsLongEnough(cfg, c, estimator.perPosition())) {
                continue;
            }
            WithdrawResult r;
            try {
                r = client.withdraw(queue, c.channel(), WITHDRAW_INFO);
            } catch (AmiException e) {
                LOG.warn("Timed offers stop this tick in queue {}: {}", queue, e.getMessage());
                count(queue, "failed");
                return withdrawn;
            }
            if (r.withdrawn()) {
                String key = callKey(c.uniqueId());
                redis.hincrBy(key, "offers", 1);
                redis.hset(key, "last", Long.toString(clock.millis()));
                withdrawn++;
                count(queue, "withdrawn");
                LOG.debug("Withdrew {} (position {}) from {} for offer {}", c.uniqueId(), c.position(), queue,
                        fresh.offers() + 1);
            } else {
                count(queue, "refused");
                LOG.debug("Asterisk refused to withdraw {} from {}: {}", c.uniqueId(), queue, r.message());
            }
        }
        return withdrawn;
    }

    /** Records the first sighting (kept across re-entries) and keeps the state alive; returns it. */
    private CallState see(QueueCaller c, Instant now) {
        String key = callKey(c.uniqueId());
        CallState first = CallState.firstSight(c, now);
        redis.hsetnx(key, "first", Long.toString(first.firstSeen().toEpochMilli()));
        redis.pexpire(key, forgetAfter.toMillis());
        return state(c.uniqueId()).orElse(first);
    }

    private Optional<CallState> state(String uniqueId) {
        Map<String, String> h = redis.hgetAll(callKey(uniqueId));
        if (h == null || !h.containsKey("first")) {
            return Optional.empty();
        }
        return Optional.of(new CallState(Instant.ofEpochMilli(Long.parseLong(h.get("first"))),
                Integer.parseInt(h.getOrDefault("offers", "0")),
                Optional.ofNullable(h.get("last")).map(l -> Instant.ofEpochMilli(Long.parseLong(l)))));
    }

    /** This node's right to withdraw from {@code queue} for (most of) one poll interval. */
    private boolean lease(String queue) {
        long ms = Math.max(1, ami.pollInterval().toMillis() * 9 / 10);
        return "OK".equals(redis.set(prefix + "timed:lease:" + queue, node, SetParams.setParams().nx().px(ms)));
    }

    private String callKey(String uniqueId) {
        return prefix + "timed:call:" + uniqueId;
    }

    private void count(String queue, String result) {
        metrics.ifPresent(m -> Counter.builder("waitless.timed.withdrawals").tag("queue", queue).tag("result", result)
                .description("QueueWithdrawCaller requests for timed offers").register(m).increment());
    }

    /** Stops the ticks (waiting up to one action timeout for a running one) and logs off. */
    @Override
    public void close() {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(ami.actionTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
    }
}
