package io.waitless.agi;

import io.waitless.App;
import io.waitless.call.CallEvent;
import io.waitless.call.EventType;
import io.waitless.config.WaitlessConfig;
import io.waitless.journal.RedisConnector;
import io.waitless.report.FunnelCounts;
import io.waitless.report.FunnelQuery;
import io.waitless.report.FunnelStep;
import io.waitless.sim.AgiEnvironment;
import io.waitless.testing.Await;
import io.waitless.testing.RedisServer;
import io.waitless.testing.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two full nodes ({@link App}) sharing one redis-server, as behind one Asterisk pointed at both: callers arrive on
 * one node and press 1 on the other (the real FastAGI protocol, {@link ScriptedAsterisk}); the funnel read from
 * either node counts every call of both exactly once, and the surveys both nodes planned are sent once between
 * them. (SurveysIT proves the due-queue alone with 1,000 items and a frozen node; this is the whole node.)
 */
class TwoNodesIT {
    private static final String KEY = "a-follow-up-encryption-key-for-tests-0123456";
    private static final int CALLS = 20;
    private static final String SURVEY_TEXT = "how easy was it to get this done online";

    @TempDir
    Path dir;

    @Test
    void calls_spread_over_two_nodes_make_one_funnel_and_each_survey_is_sent_once() throws Exception {
        try (RedisServer redis = RedisServer.start();
             App a = App.start(config(redis, "a"), Clock.systemUTC());
             App b = App.start(config(redis, "b"), Clock.systemUTC())) {
            List<App> nodes = List.of(a, b);
            for (int i = 0; i < CALLS; i++) {
                App arriveOn = nodes.get(i % 2);
                App acceptOn = nodes.get((i + 1) % 2); // the other node: Asterisk may pick either for each AGI()
                String uniqueId = "1795499200." + i;
                ScriptedAsterisk.Session arrived = session(arriveOn, env(arriveOn, uniqueId, i, ArriveScript.NAME,
                        List.of("support"), "waitless-in", "support"));
                assertThat(arrived.last()).isEqualTo(CapturedAsteriskTest.set(WaitlessScript.STATUS_VARIABLE, "ok"));
                String promo = variable(arrived, "WL_PROMO");
                if (i % 2 == 0) {
                    ScriptedAsterisk.Session accepted = session(acceptOn, env(acceptOn, uniqueId, i, AcceptScript.NAME,
                            List.of("support", "2", epochSecondsAgo(70), promo, "yes", promo, ""), "waitless-queue-exit",
                            "1"));
                    assertThat(accepted.last()).isEqualTo(CapturedAsteriskTest.set(WaitlessScript.STATUS_VARIABLE,
                            "sent"));
                }
                ScriptedAsterisk.Session ended = session(arriveOn, env(arriveOn, uniqueId, i, HangupScript.NAME,
                        List.of("support", "queued", "0", epochSecondsAgo(90), promo, "", "16", "yes"),
                        "waitless-hangup", "s"));
                assertThat(ended.closedByNode()).isTrue();
            }

            try (UnifiedJedis client = RedisConnector.connect(a.config().redis())) {
                for (App node : nodes) {
                    var analytics = App.analytics(node::config, client, Clock.systemUTC());
                    FunnelCounts total = analytics.funnel(new FunnelQuery(analytics.today(), analytics.today(),
                            List.of(), Map.of())).total();
                    assertThat(total.get(FunnelStep.CALLS)).as("calls, read through node %s", node.agiPort())
                            .isEqualTo(CALLS);
                    assertThat(total.get(FunnelStep.ACCEPTED)).isEqualTo(CALLS / 2);
                    assertThat(total.get(FunnelStep.SENT)).isEqualTo(CALLS / 2);
                }
            }

            Await.until(() -> surveyTexts("a") + surveyTexts("b") >= CALLS / 2
                    && a.journal().recent(10_000).stream().filter(e -> e.type() == EventType.SURVEY_SENT).count()
                    >= CALLS / 2, Duration.ofSeconds(20), "every survey sent");
            Thread.sleep(500); // a second send would come within a poll or two
            Map<String, Long> surveysByDeflection = a.journal().recent(10_000).stream()
                    .filter(e -> e.type() == EventType.SURVEY_SENT)
                    .collect(Collectors.groupingBy(e -> e.attribute("deflection"), Collectors.counting()));
            assertThat(surveysByDeflection).hasSize(CALLS / 2);
            assertThat(surveysByDeflection.values()).allMatch(n -> n == 1);
            assertThat(surveyTexts("a") + surveyTexts("b")).as("texts in both nodes' outboxes").isEqualTo(CALLS / 2);
            System.out.printf("surveys sent by node a: %d, by node b: %d%n", surveyTexts("a"), surveyTexts("b"));
            assertThat(b.journal().recent(10_000)).filteredOn(e -> e.type() == EventType.CALL_ARRIVED)
                    .extracting(CallEvent::callId).hasSize(CALLS).doesNotHaveDuplicates();
        }
    }

    /** Survey texts in one node's outbox (the log gateway masks the number, so they are counted by their text). */
    private long surveyTexts(String node) {
        Path outbox = dir.resolve(node).resolve("sms-outbox.jsonl");
        try {
            return Files.exists(outbox) ? Files.readAllLines(outbox).stream().filter(l -> l.contains(SURVEY_TEXT)).count() : 0;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private WaitlessConfig config(RedisServer redis, String node) throws java.io.IOException {
        WaitlessConfig.FollowUp.Survey d = WaitlessConfig.FollowUp.Survey.DEFAULTS;
        WaitlessConfig.FollowUp.Survey survey = new WaitlessConfig.FollowUp.Survey(true, Duration.ofHours(2),
                Duration.ZERO, Duration.ofDays(30), LocalTime.MIN, LocalTime.of(23, 59), 1, 7, Duration.ofDays(3),
                d.question(), Map.of(), d.askAgain());
        return TestConfigs.config(Files.createDirectories(dir.resolve(node)), redis.uri())
                .withFollowUp(new WaitlessConfig.FollowUp(true, KEY, Duration.ofMillis(100), Duration.ofSeconds(5), 50,
                        5, Duration.ofSeconds(1), false, Duration.ofDays(1), survey, WaitlessConfig.FollowUp.Alerts.NONE,
                        WaitlessConfig.FollowUp.Returnees.OFF));
    }

    private static byte[] env(App node, String uniqueId, int caller, String script, List<String> args, String context,
                              String exten) {
        return new AgiEnvironment("127.0.0.1", node.agiPort(), script, args, "Local/" + caller + "@waitless-in-0000;2",
                uniqueId, number(caller), "", 0, "en", context, exten, 2).render()
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Every caller under another 7-digit prefix, so the SMS-pumping burst budget stays out of the way. */
    private static String number(int caller) {
        return "+97250" + (caller % 10) + (caller / 10) + "34567";
    }

    private static ScriptedAsterisk.Session session(App node, byte[] env) throws Exception {
        boolean dead = new String(env, StandardCharsets.US_ASCII).contains("agi_network_script: " + HangupScript.NAME);
        return new ScriptedAsterisk(env, dead ? CapturedAsteriskTest.Asterisk.dead() : CapturedAsteriskTest.Asterisk.live())
                .run(node.agiPort());
    }

    private static String variable(ScriptedAsterisk.Session s, String name) {
        String prefix = "SET VARIABLE \"" + name + "\" \"";
        return s.commands().stream().filter(c -> c.startsWith(prefix)).reduce((x, y) -> y)
                .map(c -> c.substring(prefix.length(), c.length() - 1)).orElse("");
    }

    private static String epochSecondsAgo(int s) {
        return Long.toString(Instant.now().getEpochSecond() - s);
    }
}
