package io.waitless;

import io.waitless.call.EventType;
import io.waitless.config.WaitlessConfig;
import io.waitless.deflect.ChannelBoard;
import io.waitless.deflect.DigitalChannel;
import io.waitless.deflect.HealthCheck;
import io.waitless.journal.RedisChannelBoard;
import io.waitless.journal.RedisConnector;
import io.waitless.sim.AgiEnvironment;
import io.waitless.sim.SimulatedChannel;
import io.waitless.testing.HealthEndpoint;
import io.waitless.testing.RedisServer;
import io.waitless.testing.TestConfigs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "The day the chat vendor goes down": a running node whose app channel has a health check. When the check
 * fails, new callers stop hearing the app's promotion within one interval and a caller who presses 1 for it
 * is refused; when it recovers, the promotion is back. A manager's manual down does the same within the
 * override refresh. No restart, no dropped call.
 */
class ChannelHealthNodeIT {
    private static final String NUMBER = "+972502345678";
    private static final AtomicLong UNIQUE = new AtomicLong(1795700000L);
    private static final Duration INTERVAL = Duration.ofMillis(300);

    private static RedisServer redis;
    private static HealthEndpoint health;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start();
        health = HealthEndpoint.start();
    }

    @AfterAll
    static void stop() throws Exception {
        health.close();
        redis.close();
    }

    private WaitlessConfig config() {
        WaitlessConfig base = TestConfigs.config(dir, redis.uri());
        URI url = health.url();
        return base.withChannels(List.of(
                new DigitalChannel("app", DigitalChannel.Kind.APP, "the Galil Cable app",
                        Optional.of(new HealthCheck(url, INTERVAL, Duration.ofMillis(200), 1, 1))),
                new DigitalChannel("web", DigitalChannel.Kind.WEB, "galilcable.example")));
    }

    private static SimulatedChannel.Session arrive(App app) throws Exception {
        String id = UNIQUE.incrementAndGet() + ".1";
        AgiEnvironment env = new AgiEnvironment("127.0.0.1", app.agiPort(), "arrive", List.of("tech"),
                "PJSIP/trunk-" + id, id, NUMBER, "dana", 0, "en", "waitless-in", "tech", 11);
        return SimulatedChannel.live().readTimeout(Duration.ofSeconds(10)).run(env.host(), env.port(), env);
    }

    private static SimulatedChannel.Session accept(App app, String promo) throws Exception {
        String id = UNIQUE.incrementAndGet() + ".1";
        AgiEnvironment env = new AgiEnvironment("127.0.0.1", app.agiPort(), "arrive", List.of("tech"),
                "PJSIP/trunk-" + id, id, NUMBER, "dana", 0, "en", "waitless-in", "tech", 11);
        return SimulatedChannel.live().readTimeout(Duration.ofSeconds(10)).run(env.host(), env.port(),
                env.withScript("accept", List.of("tech", "2", Long.toString(Instant.now().minusSeconds(60).getEpochSecond()),
                        promo), "waitless-queue-exit", "1", 5));
    }

    /** The promotion new callers get, polled until it is {@code expected}; returns how long that took. */
    private static Duration until(App app, String expected, Duration within) throws Exception {
        long t0 = System.nanoTime();
        while (true) {
            String promo = arrive(app).variables().get("WL_PROMO");
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            if (expected.equals(promo)) {
                return took;
            }
            if (took.compareTo(within) > 0) {
                throw new AssertionError("new callers still get " + promo + " after " + took + ", expected " + expected);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void a_failing_health_check_stops_the_channels_promotion_within_one_interval_and_recovery_brings_it_back()
            throws Exception {
        health.answer(200);
        try (App app = App.start(config(), Clock.systemUTC())) {
            assertThat(until(app, "pay-in-app", Duration.ofSeconds(3))).isLessThan(Duration.ofSeconds(3));

            health.answer(503);
            Duration stopped = until(app, "outage-web", Duration.ofSeconds(5));
            // one interval until the next check, plus its own time and a slow machine's slack
            assertThat(stopped).isLessThan(INTERVAL.multipliedBy(2).plusMillis(700));

            SimulatedChannel.Session pressed = accept(app, "pay-in-app");
            assertThat(pressed.status()).isEqualTo("no-sms");
            assertThat(app.journal().recent(500)).filteredOn(e -> e.type() == EventType.OFFER_REFUSED)
                    .extracting(e -> e.attribute("reason")).contains("channel-down");

            health.answer(200);
            assertThat(until(app, "pay-in-app", Duration.ofSeconds(5))).isLessThan(INTERVAL.multipliedBy(2).plusMillis(700));
            // the state flips first (callers are spared at once), its event is journaled right after
            awaitJournal(app, events -> events.stream().map(e -> e.type().wireName()).toList()
                    .containsAll(List.of("channel.down", "channel.up")));
            assertThat(app.journal().recent(500)).extracting(e -> e.type().wireName())
                    .containsSubsequence("channel.down", "channel.up");
            assertThat(app.metrics().scrape()).contains("waitless_channel_up{channel=\"app\"} 1.0");
        }
    }

    @Test
    void a_manual_down_on_the_shared_board_stops_the_promotion_on_every_node_within_a_second() throws Exception {
        health.answer(200);
        try (App a = App.start(config(), Clock.systemUTC());
             App b = App.start(TestConfigs.config(dir.resolve("b"), redis.uri()), Clock.systemUTC());
             UnifiedJedis client = RedisConnector.connect(a.config().redis())) {
            ChannelBoard board = new RedisChannelBoard(client, a.config().redis().keyPrefix());
            board.override("app", new ChannelBoard.Manual(ChannelBoard.State.DOWN, "app store outage", "dana", Instant.now()));

            assertThat(until(a, "outage-web", Duration.ofSeconds(3))).isLessThan(App.CHANNEL_OVERRIDE_REFRESH.plusMillis(700));
            assertThat(until(b, "outage-web", Duration.ofSeconds(3))).isLessThan(App.CHANNEL_OVERRIDE_REFRESH.plusMillis(700));
            assertThat(a.metrics().scrape()).contains("waitless_channel_up{channel=\"app\"} 0.0");

            board.clear("app");
            until(a, "pay-in-app", Duration.ofSeconds(3));
            until(b, "pay-in-app", Duration.ofSeconds(3));
            awaitJournal(a, events -> events.stream().anyMatch(e -> e.type() == EventType.CHANNEL_DOWN));
            assertThat(a.journal().recent(1000)).filteredOn(e -> e.type() == EventType.CHANNEL_DOWN
                    && "app".equals(e.attribute("channel")) && "manual".equals(e.attribute("source"))).hasSize(1);
        }
    }

    private static void awaitJournal(App app, java.util.function.Predicate<List<io.waitless.call.CallEvent>> ok)
            throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (!ok.test(app.journal().recent(1000)) && System.nanoTime() < end) {
            Thread.sleep(20);
        }
    }
}
