package io.waitless.health;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.waitless.call.EventType;
import io.waitless.config.WaitlessConfig;
import io.waitless.deflect.ChannelBoard;
import io.waitless.deflect.DigitalChannel;
import io.waitless.deflect.HealthCheck;
import io.waitless.journal.RedisChannelBoard;
import io.waitless.journal.RedisConnector;
import io.waitless.testing.InMemoryJournal;
import io.waitless.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Channel health against a real HTTP server on loopback and a real Redis: checks take a channel down and up
 * with their thresholds, a hanging URL is bounded by its timeout, manual overrides reach every node, and each
 * change is journaled once however many nodes see it.
 */
class ChannelMonitorIT {
    private static final String PREFIX = "wl-health:";
    private static RedisServer redis;

    private HttpServer http;
    /** What the health URL answers: an HTTP status, or 0 to hang. */
    private final AtomicInteger answer = new AtomicInteger(200);
    private final AtomicInteger hits = new AtomicInteger();
    private UnifiedJedis client;
    private final InMemoryJournal journal = new InMemoryJournal();

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @BeforeEach
    void start() throws Exception {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        http.createContext("/health", ex -> {
            hits.incrementAndGet();
            int code = answer.get();
            if (code == 0) {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                code = 200;
            }
            ex.sendResponseHeaders(code, -1);
            ex.close();
        });
        http.start();
        client = RedisConnector.connect(new WaitlessConfig.Redis(redis.uri(), "", PREFIX, Duration.ofMillis(500)));
        client.flushAll();
    }

    @AfterEach
    void stop() {
        http.stop(0);
        client.close();
    }

    /** Checked every 300 ms with a 250 ms timeout: slack enough for a loaded CI box's first requests. */
    private DigitalChannel chat(int failures, int successes) {
        return chat(failures, successes, Duration.ofMillis(300), Duration.ofMillis(250));
    }

    private DigitalChannel chat(int failures, int successes, Duration interval, Duration timeout) {
        URI url = URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/health");
        return new DigitalChannel("chat", DigitalChannel.Kind.CHAT, "our chat",
                Optional.of(new HealthCheck(url, interval, timeout, failures, successes)));
    }

    private ChannelMonitor monitor(DigitalChannel... channels) {
        return new ChannelMonitor(List.of(channels), new RedisChannelBoard(client, PREFIX), journal,
                new SimpleMeterRegistry(), Clock.systemUTC(), Duration.ofMillis(100)).start();
    }

    private static void await(BooleanSupplier condition, Duration within, String what) throws InterruptedException {
        long until = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("not within " + within + ": " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void a_failing_channel_goes_down_after_its_failures_and_comes_back_after_its_successes() throws Exception {
        try (ChannelMonitor m = monitor(chat(2, 3))) {
            await(() -> hits.get() >= 2, Duration.ofSeconds(5), "checks run");
            assertThat(m.up("chat")).isTrue();

            answer.set(503);
            int before = hits.get();
            await(() -> !m.up("chat"), Duration.ofSeconds(5), "down");
            assertThat(hits.get() - before).as("checks it took").isGreaterThanOrEqualTo(2);
            assertThat(m.reason("chat")).isEqualTo("check HTTP 503");

            answer.set(204);
            before = hits.get();
            await(() -> m.up("chat"), Duration.ofSeconds(5), "up again");
            assertThat(hits.get() - before).isGreaterThanOrEqualTo(3);
            // the state flips first, then the change is recorded on the board and journaled
            await(() -> journal.types().contains("channel.up"), Duration.ofSeconds(5), "channel.up journaled");
        }
        assertThat(journal.types()).containsSubsequence("channel.down", "channel.up");
        assertThat(journal.events(EventType.CHANNEL_DOWN)).singleElement()
                .satisfies(e -> assertThat(e.attributes()).containsEntry("channel", "chat")
                        .containsEntry("reason", "check HTTP 503").containsEntry("source", "check"));
    }

    @Test
    void a_health_url_that_hangs_counts_as_a_failure_after_the_timeout_and_never_blocks_up() throws Exception {
        answer.set(0);
        try (ChannelMonitor m = monitor(chat(1, 1, Duration.ofMillis(100), Duration.ofMillis(80)))) {
            long t0 = System.nanoTime();
            await(() -> !m.up("chat"), Duration.ofSeconds(5), "down on a hanging URL");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(1500));
            assertThat(m.reason("chat")).isEqualTo("check no answer within 80 ms");
            long q = System.nanoTime();
            for (int i = 0; i < 1000; i++) {
                m.up("chat");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - q)).isLessThan(Duration.ofMillis(1000));
        }
    }

    @Test
    void a_refused_connection_is_a_failure() throws Exception {
        http.stop(0);
        try (ChannelMonitor m = monitor(chat(1, 1))) {
            await(() -> !m.up("chat"), Duration.ofSeconds(5), "down with nothing listening");
            assertThat(m.reason("chat")).isEqualTo("check connection refused");
        }
    }

    @Test
    void a_manual_down_reaches_every_node_wins_over_a_healthy_check_and_is_journaled_once() throws Exception {
        DigitalChannel web = new DigitalChannel("web", DigitalChannel.Kind.WEB, "the website");
        try (ChannelMonitor a = monitor(chat(2, 2), web); ChannelMonitor b = monitor(chat(2, 2), web)) {
            ChannelBoard board = new RedisChannelBoard(client, PREFIX);
            board.override("web", new ChannelBoard.Manual(ChannelBoard.State.DOWN, "vendor outage", "dana", Instant.now()));

            await(() -> !a.up("web") && !b.up("web"), Duration.ofSeconds(5), "both nodes see web down");
            assertThat(a.up("chat")).isTrue();
            assertThat(a.reason("web")).isEqualTo("set down by dana: vendor outage");

            board.override("chat", new ChannelBoard.Manual(ChannelBoard.State.DOWN, "", "dana", Instant.now()));
            await(() -> !a.up("chat") && !b.up("chat"), Duration.ofSeconds(5), "chat down by hand though healthy");

            board.clear("chat");
            board.clear("web");
            await(() -> a.up("web") && b.up("web") && a.up("chat") && b.up("chat"), Duration.ofSeconds(5), "all up");
        }
        assertThat(journal.events(EventType.CHANNEL_DOWN)).hasSize(2)
                .allSatisfy(e -> assertThat(e.attributes()).containsEntry("source", "manual"));
        assertThat(journal.events(EventType.CHANNEL_UP)).hasSize(2);
        assertThat(new RedisChannelBoard(client, PREFIX).seen()).containsKeys("chat", "web");
    }

    @Test
    void a_manual_up_forces_a_failing_channel_up_until_handed_back_to_its_check() throws Exception {
        answer.set(500);
        try (ChannelMonitor m = monitor(chat(1, 1))) {
            await(() -> !m.up("chat"), Duration.ofSeconds(5), "down");
            ChannelBoard board = new RedisChannelBoard(client, PREFIX);
            board.override("chat", new ChannelBoard.Manual(ChannelBoard.State.UP, "we know", "ops", Instant.now()));
            await(() -> m.up("chat"), Duration.ofSeconds(5), "forced up");

            board.clear("chat");
            await(() -> !m.up("chat"), Duration.ofSeconds(5), "the check decides again");
        }
    }

    @Test
    void when_redis_is_unreachable_the_last_overrides_stay_in_force_and_checks_go_on() throws Exception {
        UnifiedJedis dead = RedisConnector.connect(new WaitlessConfig.Redis(URI.create("redis://127.0.0.1:1"), "", PREFIX,
                Duration.ofMillis(100)));
        try (ChannelMonitor m = new ChannelMonitor(List.of(chat(1, 1)), new RedisChannelBoard(dead, PREFIX), journal,
                new SimpleMeterRegistry(), Clock.systemUTC(), Duration.ofMillis(100)).start()) {
            answer.set(500);
            await(() -> !m.up("chat"), Duration.ofSeconds(3), "down by its check without Redis");
        } finally {
            dead.close();
        }
        assertThat(journal.events(EventType.CHANNEL_DOWN)).hasSize(1);
    }
}
