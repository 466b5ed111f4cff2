package io.waitless.agi;

import com.sun.net.httpserver.HttpServer;
import io.waitless.call.Deflection;
import io.waitless.config.ConfigFiles;
import io.waitless.config.WaitlessConfig;
import io.waitless.followup.FollowUpNode;
import io.waitless.followup.ItemView;
import io.waitless.journal.RedisConnector;
import io.waitless.sim.AgiEnvironment;
import io.waitless.sim.NodeProcess;
import io.waitless.sms.SmsMessage;
import io.waitless.testing.InMemoryJournal;
import io.waitless.testing.InMemoryOptOuts;
import io.waitless.testing.MutableClock;
import io.waitless.testing.RecordingSmsGateway;
import io.waitless.testing.Await;
import io.waitless.testing.RedisServer;
import io.waitless.testing.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node killed with SIGKILL while callers are mid-script and follow-ups are claimed: what Asterisk sees (every
 * FastAGI socket closed at once, no {@code WAITLESS_STATUS}: the dialplan goes on to {@code Queue()}, see
 * {@code DialplanSyntaxTest}) and what a second node does with the killed node's follow-ups (leases run out and
 * they are sent once; the one caught mid-send is recorded {@code uncertain-send}, never sent twice). Nothing lost.
 */
class NodeKilledIT {
    private static final String KEY = "a-follow-up-encryption-key-for-tests-0123456";
    private static final Instant NOON_UTC = Instant.parse("2026-01-15T12:00:00Z");
    /** The killed node's lease: longer than its SMS timeout + 2 s, or it would never mark a send in progress. */
    private static final Duration LEASE = Duration.ofSeconds(15);
    /** Long enough that the survey handed to the hanging gateway is still in progress when the node is killed. */
    private static final Duration SMS_TIMEOUT = Duration.ofSeconds(10);
    private static final int CALLS = 5;
    private static final int SURVEYS = 10;

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS) // a failure leaves the node's output
    Path dir;

    @Test
    void a_killed_node_drops_no_caller_and_its_follow_ups_are_finished_once_by_another_node() throws Exception {
        Set<String> texted = ConcurrentHashMap.newKeySet();
        CountDownLatch release = new CountDownLatch(1);
        HttpServer kannel = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        kannel.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        kannel.createContext("/", ex -> { // a gateway that takes every text and never answers: each send hangs
            texted.add(ex.getRequestHeaders().getFirst("X-Kannel-To"));
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(202, -1);
            ex.close();
        });
        kannel.start();
        try (RedisServer redis = RedisServer.start();
             UnifiedJedis client = RedisConnector.connect(new WaitlessConfig.Redis(redis.uri(), "", "wl-test:",
                     Duration.ofMillis(500)))) {
            RecordingSmsGateway survivorGateway = new RecordingSmsGateway();
            FollowUpNode survivor = new FollowUpNode(survivorConfig(redis), client, survivorGateway,
                    new InMemoryJournal(), new InMemoryOptOuts(), new MutableClock(NOON_UTC), "survivor");

            int agiPort = NodeProcess.freePort();
            int httpPort = NodeProcess.freePort();
            Path config = Files.writeString(dir.resolve("waitless.yaml"),
                    nodeConfig(redis, kannel.getAddress().getPort(), agiPort, httpPort));
            NodeProcess node = NodeProcess.start(NodeProcess.javaCommand(List.of("-Xmx384m"),
                    List.of("serve", "--config", config.toString())), Map.of(), httpPort, dir.resolve("node.out"), dir);
            try {
                node.awaitReady(Duration.ofSeconds(60));
                CountDownLatch midScript = new CountDownLatch(CALLS);
                List<CompletableFuture<Ended>> calls = new ArrayList<>();
                for (int i = 0; i < CALLS; i++) {
                    int n = i;
                    calls.add(CompletableFuture.supplyAsync(() -> accept(agiPort, n, midScript),
                            java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()));
                }
                assertThat(midScript.await(20, TimeUnit.SECONDS)).as("every caller mid-prompt").isTrue();
                // due now, so the node claims them at its next poll and its first send hangs: well inside its timeout
                for (int i = 0; i < SURVEYS; i++) {
                    survivor.planner().textSent(deflection(i), surveyed(i), NOON_UTC);
                }
                Await.until(() -> texted.stream().anyMatch(t -> t.startsWith("+97250300"))
                        && java.util.stream.IntStream.range(0, CALLS).allMatch(n -> texted.contains(caller(n))),
                        Duration.ofSeconds(20), "every caller's text and one survey handed to the gateway");

                long killedAt = System.nanoTime();
                assertThat(node.kill()).as("exit status of SIGKILL").isEqualTo(137);
                long slowest = 0;
                for (CompletableFuture<Ended> call : calls) {
                    Ended e = call.get(5, TimeUnit.SECONDS);
                    slowest = Math.max(slowest, e.at() - killedAt);
                    assertThat(e.session().closedByNode()).as("Asterisk sees the socket closed").isTrue();
                    assertThat(Duration.ofNanos(e.at() - killedAt)).as("closed promptly").isLessThan(Duration.ofSeconds(1));
                    assertThat(e.session().last()).as("killed mid-prompt").startsWith("STREAM FILE");
                    assertThat(e.session().commands()).as("no WAITLESS_STATUS: the dialplan's fail-open path")
                            .noneMatch(c -> c.contains(WaitlessScript.STATUS_VARIABLE));
                }
                System.out.printf("%d FastAGI sockets closed at most %d ms after SIGKILL%n", CALLS, slowest / 1_000_000);
            } finally {
                node.close();
            }

            List<String> inSend = texted.stream().filter(t -> t.startsWith("+97250300")).toList();
            assertThat(inSend).as("one survey was being handed over when the node died").hasSize(1);
            long started = System.nanoTime();
            try (FollowUpNode running = survivor.start()) {
                Await.until(() -> running.queue().count(ItemView.Status.DUE) == 0
                        && running.queue().count(ItemView.Status.LEASED) == 0, LEASE.plusSeconds(30),
                        "the survivor to finish every follow-up");
                System.out.printf("the survivor finished the killed node's follow-ups %d ms after it started%n",
                        (System.nanoTime() - started) / 1_000_000);
                Map<String, Long> sent = survivorGateway.sent().stream().collect(java.util.stream.Collectors
                        .groupingBy(SmsMessage::to, java.util.stream.Collectors.counting()));
                assertThat(sent.values()).as("each sent once").allMatch(c -> c == 1);
                assertThat(sent).doesNotContainKey(inSend.getFirst());
                List<ItemView> done = running.queue().list(ItemView.Status.DONE, 100);
                List<ItemView> failed = running.queue().list(ItemView.Status.FAILED, 100);
                assertThat(failed).singleElement().satisfies(f -> assertThat(f.lastError()).isEqualTo("uncertain-send"));
                assertThat(done).hasSize(SURVEYS - 1);
                assertThat(sent).hasSize(SURVEYS - 1);
                assertThat(SURVEYS - done.size() - failed.size()).as("follow-ups lost").isZero();
            }
        } finally {
            release.countDown();
            kannel.stop(0);
        }
    }

    /** A caller who pressed 1: the node sends the text (the gateway hangs), says "one moment", and dies mid-prompt. */
    private Ended accept(int port, int n, CountDownLatch midScript) {
        AgiEnvironment env = new AgiEnvironment("127.0.0.1", port, AcceptScript.NAME,
                List.of("support", "3", Long.toString(Instant.now().getEpochSecond() - 60), "pay-in-app", "yes", "", ""),
                "Local/caller-" + n + "@waitless-in-0000000" + n + ";2", "1795499100." + n, caller(n), "", 0, "en",
                "waitless-queue-exit", "1", 4);
        CapturedAsteriskTest.Asterisk asterisk = CapturedAsteriskTest.Asterisk.live()
                .onStream((command, wire) -> midScript.countDown()); // the prompt plays: no reply until it ends
        try {
            ScriptedAsterisk.Session s = new ScriptedAsterisk(env.render().getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    asterisk).run(port);
            return new Ended(s, System.nanoTime());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private record Ended(ScriptedAsterisk.Session session, long at) {}

    private static String caller(int i) {
        return "+972502" + i + "34567"; // each under its own 7-digit prefix: no SMS-pumping burst limit
    }

    private static String surveyed(int i) {
        return "+9725030000" + String.format("%02d", i);
    }

    private static Deflection deflection(int i) {
        return new Deflection("d" + i, "call-" + i, "ref-" + i, "support", "pay-in-app", "pay-bill",
                Deflection.State.SENT, NOON_UTC, NOON_UTC, Map.of("language", "en"));
    }

    private WaitlessConfig survivorConfig(RedisServer redis) {
        WaitlessConfig.FollowUp.Survey d = WaitlessConfig.FollowUp.Survey.DEFAULTS;
        WaitlessConfig.FollowUp.Survey survey = new WaitlessConfig.FollowUp.Survey(true, Duration.ofHours(2),
                Duration.ZERO, Duration.ofDays(30), LocalTime.of(9, 0), LocalTime.of(20, 0), 1, 7,
                Duration.ofDays(3), d.question(), Map.of(), d.askAgain());
        return TestConfigs.config(dir, redis.uri()).withFollowUp(new WaitlessConfig.FollowUp(true, KEY,
                Duration.ofMillis(50), Duration.ofSeconds(5), 50, 5, Duration.ofSeconds(1), false, Duration.ofDays(1), survey,
                WaitlessConfig.FollowUp.Alerts.NONE, WaitlessConfig.FollowUp.Returnees.OFF));
    }

    /** The smallest valid config, on free ports, the test's Redis and hanging gateway, with fast follow-ups. */
    private String nodeConfig(RedisServer redis, int gatewayPort, int agiPort, int httpPort) {
        return ConfigFiles.VALID
                .replace("company:\n", """
                        agi:
                          port: %d
                        http:
                          port: %d
                        redis:
                          uri: %s
                          key-prefix: "wl-test:"
                        followup:
                          encryption-key: %s
                          poll-interval: 200ms
                          lease: %ds
                          survey:
                            unfinished-delay: 0s
                            hours: "00:00-23:59"
                        journal:
                          spool: {directory: %s}
                        company:
                        """.formatted(agiPort, httpPort, redis.uri(), KEY, LEASE.toSeconds(), dir.resolve("spool")))
                .replace("  gateway: log\n", """
                          gateway: kannel
                          timeout: %ds
                          outbox: %s
                          kannel:
                            sendsms-url: http://127.0.0.1:%d/cgi-bin/sendsms
                            username: waitless
                            password: kannel-password
                        """.formatted(SMS_TIMEOUT.toSeconds(), dir.resolve("outbox.jsonl"), gatewayPort));
    }
}
