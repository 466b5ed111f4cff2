package io.waitless.ami;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.waitless.config.WaitlessConfig;
import io.waitless.config.WaitlessConfig.TimedQueue;
import io.waitless.journal.RedisConnector;
import io.waitless.testing.RedisServer;
import io.waitless.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The scheduler end to end: the scripted AMI peer (Asterisk 22's captured replies) and a real Redis. */
class TimedOffersIT {
    static final String PREFIX = "wl-it:";
    static final String AVI = "1795423636.19";
    static final String DANA = "1795423635.17";
    /** Avi is at position 2 in qs-1, so protect-head 1 lets him be offered; Dana (head) never is. */
    static final TimedQueue CFG = new TimedQueue(Duration.ZERO, Duration.ofSeconds(60), 2, 1);

    RedisServer redisServer;
    UnifiedJedis redis;
    ScriptedAmi ami;
    final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));

    @BeforeEach
    void start() throws Exception {
        redisServer = RedisServer.start();
        redis = RedisConnector.connect(new WaitlessConfig.Redis(redisServer.uri(), "", PREFIX, Duration.ofSeconds(2)));
        ami = new ScriptedAmi();
    }

    @AfterEach
    void stop() throws Exception {
        ami.close();
        redis.close();
        redisServer.close();
    }

    TimedOffers offers(Duration poll, Duration timeout) {
        WaitlessConfig.Ami cfg = new WaitlessConfig.Ami("127.0.0.1", ami.port(), "fixture", "fixturepass", poll, timeout, 2);
        return new TimedOffers(new WaitlessConfig.Timed(Optional.of(cfg), Map.of("support", CFG)), new AmiClient(cfg),
                redis, PREFIX, metrics, clock, Duration.ofMinutes(10));
    }

    @Test
    void a_tick_withdraws_the_due_caller_behind_the_head_and_counts_it() {
        try (TimedOffers t = offers(Duration.ofSeconds(5), Duration.ofSeconds(2))) {
            assertThat(t.tick()).isEqualTo(1);
        }

        assertThat(ami.received("QueueWithdrawCaller")).singleElement().satisfies(r -> {
            assertThat(r.get("Caller")).isEqualTo("Local/avi@fx-queue-00000009;2");
            assertThat(r.get("WithdrawInfo")).isEqualTo(TimedOffers.WITHDRAW_INFO);
        });
        assertThat(redis.hget(PREFIX + "timed:call:" + AVI, "offers")).isEqualTo("1");
        assertThat(metrics.counter("waitless.timed.withdrawals", "queue", "support", "result", "withdrawn").count())
                .isEqualTo(1.0);
    }

    @Test
    void the_same_caller_is_offered_again_only_after_every_and_at_most_max_offers() {
        try (TimedOffers t = offers(Duration.ofSeconds(5), Duration.ofSeconds(2))) {
            assertThat(t.tick()).isEqualTo(1);
            clock.advance(Duration.ofSeconds(30));
            redis.del(PREFIX + "timed:lease:support");
            assertThat(t.tick()).isZero();
            clock.advance(Duration.ofSeconds(30));
            redis.del(PREFIX + "timed:lease:support");
            assertThat(t.tick()).isEqualTo(1);
            clock.advance(Duration.ofSeconds(120));
            redis.del(PREFIX + "timed:lease:support");
            assertThat(t.tick()).isZero();
        }
        assertThat(ami.received("QueueWithdrawCaller")).hasSize(2);
        assertThat(redis.hget(PREFIX + "timed:call:" + DANA, "offers")).isNull();
    }

    @Test
    void a_refused_withdraw_is_counted_and_not_an_offer() {
        ami.route("QueueWithdrawCaller", "wd-3");

        try (TimedOffers t = offers(Duration.ofSeconds(5), Duration.ofSeconds(2))) {
            assertThat(t.tick()).isZero();
        }
        assertThat(redis.hget(PREFIX + "timed:call:" + AVI, "offers")).isNull();
        assertThat(metrics.counter("waitless.timed.withdrawals", "queue", "support", "result", "refused").count())
                .isEqualTo(1.0);
    }

    @Test
    void two_schedulers_on_one_redis_withdraw_each_caller_once() {
        try (TimedOffers a = offers(Duration.ofSeconds(5), Duration.ofSeconds(2));
             TimedOffers b = offers(Duration.ofSeconds(5), Duration.ofSeconds(2))) {
            assertThat(a.tick() + b.tick()).isEqualTo(1);
            // even when the lease has run out, the shared state says Avi was just offered
            redis.del(PREFIX + "timed:lease:support");
            assertThat(b.tick() + a.tick()).isZero();
        }
        assertThat(ami.received("QueueWithdrawCaller")).hasSize(1);
    }

    @Test
    void state_of_callers_no_longer_waiting_is_forgotten() throws Exception {
        WaitlessConfig.Ami cfg = new WaitlessConfig.Ami("127.0.0.1", ami.port(), "fixture", "fixturepass",
                Duration.ofSeconds(5), Duration.ofSeconds(2), 2);
        ami.route("QueueStatus", "qs-1", "qs-2");
        try (TimedOffers t = new TimedOffers(new WaitlessConfig.Timed(Optional.of(cfg), Map.of("support", CFG)),
                new AmiClient(cfg), redis, PREFIX, metrics, clock, Duration.ofMillis(300))) {
            t.tick();
            assertThat(redis.exists(PREFIX + "timed:call:" + AVI)).isTrue();
            Thread.sleep(400);
            t.tick(); // qs-2: Avi has hung up, Dana still waits
        }
        assertThat(redis.exists(PREFIX + "timed:call:" + AVI)).isFalse();
        assertThat(redis.exists(PREFIX + "timed:call:" + DANA)).isTrue();
    }

    @Test
    void a_silent_ami_makes_the_tick_time_out_and_the_next_tick_works() {
        ami.silentFor(1);
        try (TimedOffers t = offers(Duration.ofSeconds(5), Duration.ofMillis(400))) {
            long t0 = System.nanoTime();
            assertThat(t.tick()).isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
            assertThat(t.tick()).isEqualTo(1);
        }
    }

    @Test
    void the_scheduler_runs_ticks_on_its_own_and_stops_on_close() throws Exception {
        try (TimedOffers t = offers(Duration.ofMillis(200), Duration.ofMillis(150))) {
            t.schedule();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (ami.received("QueueWithdrawCaller").isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        assertThat(ami.received("QueueWithdrawCaller")).hasSize(1);
        int statuses = ami.received("QueueStatus").size();
        Thread.sleep(500);
        assertThat(ami.received("QueueStatus")).hasSize(statuses);
    }

    @Test
    void start_without_a_timed_queue_starts_nothing() {
        try (TimedOffers t = TimedOffers.start(WaitlessConfig.Timed.NONE, redis, PREFIX, null)) {
            assertThat(t).isNotNull();
        }
        assertThat(ami.connections()).isZero();
    }
}
