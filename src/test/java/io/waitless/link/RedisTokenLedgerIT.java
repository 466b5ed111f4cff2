package io.waitless.link;

import io.waitless.config.WaitlessConfig;
import io.waitless.journal.RedisConnector;
import io.waitless.testing.RedisServer;
import io.waitless.web.RedisReplayGuard;
import io.waitless.web.ReplayGuard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The single-use ledger and the webhook replay guard against a real redis-server. */
class RedisTokenLedgerIT {
    private static final String PREFIX = "wl-ledger:";
    private static final Duration TIMEOUT = Duration.ofMillis(300);
    private static RedisServer redis;
    private static UnifiedJedis client;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start();
        client = RedisConnector.connect(new WaitlessConfig.Redis(redis.uri(), "", PREFIX, TIMEOUT));
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        redis.close();
    }

    @Test
    void the_first_use_wins_and_the_key_lives_until_expiry_plus_skew() {
        RedisTokenLedger ledger = new RedisTokenLedger(client, PREFIX, Clock.systemUTC());
        Instant expires = Instant.now().plus(Duration.ofMinutes(15));

        assertThat(ledger.firstUse("jti-1", expires)).isTrue();
        assertThat(ledger.firstUse("jti-1", expires)).isFalse();
        assertThat(ledger.firstUse("jti-2", expires)).isTrue();
        long ttl = client.pttl(PREFIX + "token:jti-1");
        assertThat(ttl).isBetween(Duration.ofMinutes(15).toMillis(), Duration.ofMinutes(15).plusSeconds(31).toMillis());
    }

    @Test
    void of_many_concurrent_redemptions_of_one_token_exactly_one_wins() throws Exception {
        RedisTokenLedger ledger = new RedisTokenLedger(client, PREFIX, Clock.systemUTC());
        Instant expires = Instant.now().plus(Duration.ofMinutes(1));
        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            tasks.add(() -> ledger.firstUse("jti-race", expires));
        }
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            long wins = 0;
            for (Future<Boolean> f : pool.invokeAll(tasks)) {
                wins += f.get() ? 1 : 0;
            }
            assertThat(wins).isEqualTo(1);
        }
    }

    @Test
    void the_replay_guard_sees_a_message_once_and_forgets_it_on_request() {
        ReplayGuard guard = new RedisReplayGuard(client, PREFIX);

        assertThat(guard.firstSeen("twilio-sms", "SM1", Duration.ofHours(24))).isTrue();
        assertThat(guard.firstSeen("twilio-sms", "SM1", Duration.ofHours(24))).isFalse();
        assertThat(guard.firstSeen("kannel-mo", "SM1", Duration.ofHours(24))).as("sources are apart").isTrue();
        assertThat(client.pttl(PREFIX + "hook:twilio-sms:SM1")).isGreaterThan(Duration.ofHours(23).toMillis());
        guard.forget("twilio-sms", "SM1");
        assertThat(guard.firstSeen("twilio-sms", "SM1", Duration.ofHours(24))).isTrue();
    }

    @Test
    void with_redis_unreachable_both_throw_instead_of_answering() throws Exception {
        int nothing;
        try (ServerSocket s = new ServerSocket(0)) {
            nothing = s.getLocalPort();
        }
        try (UnifiedJedis dead = RedisConnector.connect(new WaitlessConfig.Redis(
                URI.create("redis://127.0.0.1:" + nothing + "/0"), "", PREFIX, TIMEOUT))) {
            RedisTokenLedger ledger = new RedisTokenLedger(dead, PREFIX, Clock.systemUTC());
            RedisReplayGuard guard = new RedisReplayGuard(dead, PREFIX);

            assertThatThrownBy(() -> ledger.firstUse("jti-x", Instant.now().plusSeconds(60)))
                    .isInstanceOf(TokenLedgerException.class);
            assertThatThrownBy(() -> guard.firstSeen("kannel-dlr", "x", Duration.ofHours(1)))
                    .isInstanceOf(ReplayGuard.ReplayGuardException.class);
        }
    }
}
