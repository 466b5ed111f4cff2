package io.waitless.journal;

import io.waitless.config.WaitlessConfig;
import io.waitless.deflect.Declines;
import io.waitless.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisDeclinesIT {
    RedisServer server;
    UnifiedJedis redis;
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-03T10:00:00Z"));
    final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @BeforeEach
    void start() throws Exception {
        server = RedisServer.start();
        redis = RedisConnector.connect(new WaitlessConfig.Redis(server.uri(), "", "t:", Duration.ofMillis(500)));
    }

    @AfterEach
    void stop() throws Exception {
        redis.close();
        server.close();
    }

    @Test
    void a_decline_lasts_its_rest_per_caller_and_the_key_expires_with_the_longest_rest() {
        RedisDeclines declines = new RedisDeclines(redis, "t:", clock);
        declines.record("ref-1", "pay", Duration.ofDays(7));
        declines.record("ref-1", "outage", Duration.ofHours(1));

        assertThat(declines.recent("ref-1")).containsExactlyInAnyOrder("pay", "outage");
        assertThat(declines.recent("ref-2")).isEmpty();
        assertThat(redis.pttl("t:declined:ref-1")).isBetween(Duration.ofDays(7).toMillis() - 5_000, Duration.ofDays(7).toMillis());

        now.set(now.get().plus(Duration.ofHours(2)));
        assertThat(declines.recent("ref-1")).containsExactly("pay");
        now.set(now.get().plus(Duration.ofDays(7)));
        assertThat(declines.recent("ref-1")).isEmpty();
    }

    @Test
    void an_unreachable_redis_says_so() throws Exception {
        RedisDeclines declines = new RedisDeclines(redis, "t:", clock);
        server.kill();
        assertThatThrownBy(() -> declines.recent("ref-1")).isInstanceOf(Declines.DeclinesUnavailableException.class);
        assertThatThrownBy(() -> declines.record("ref-1", "pay", Duration.ofDays(1)))
                .isInstanceOf(Declines.DeclinesUnavailableException.class);
    }
}
