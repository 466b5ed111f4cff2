package io.waitless.journal;

import io.waitless.config.WaitlessConfig;
import io.waitless.deflect.OptOuts;
import io.waitless.deflect.OptOuts.Entry;
import io.waitless.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link RedisOptOuts} against a real redis-server: stored by reference, never the number; fails closed. */
class RedisOptOutsIT {
    private static final String PREFIX = "wl-it:";
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private RedisServer server;
    private UnifiedJedis client;
    private RedisOptOuts optOuts;

    @BeforeEach
    void start() throws Exception {
        server = RedisServer.start();
        client = RedisConnector.connect(new WaitlessConfig.Redis(server.uri(), "", PREFIX, Duration.ofMillis(300)));
        optOuts = new RedisOptOuts(client, PREFIX);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
    }

    @Test
    void an_opt_out_is_added_once_listed_newest_first_and_removed() {
        assertThat(optOuts.add(new Entry("ref-a", "+97250•••5678", T0, "sms:STOP"))).isTrue();
        assertThat(optOuts.add(new Entry("ref-a", "+97250•••5678", T0.plusSeconds(5), "cli"))).isFalse();
        assertThat(optOuts.add(new Entry("ref-b", "+97254•••5432", T0.plusSeconds(60), "cli"))).isTrue();
        assertThat(optOuts.contains("ref-a")).isTrue();
        assertThat(optOuts.contains("ref-c")).isFalse();
        assertThat(optOuts.list()).containsExactly(new Entry("ref-b", "+97254•••5432", T0.plusSeconds(60), "cli"),
                new Entry("ref-a", "+97250•••5678", T0, "sms:STOP"));
        assertThat(optOuts.remove("ref-a")).isTrue();
        assertThat(optOuts.remove("ref-a")).isFalse();
        assertThat(optOuts.contains("ref-a")).isFalse();
    }

    @Test
    void redis_holds_the_reference_and_the_masked_number_but_never_the_number() {
        optOuts.add(new Entry("ref-a", "+97250•••5678", T0, "cli"));
        assertThat(client.hgetAll(PREFIX + "optouts")).containsOnlyKeys("ref-a")
                .allSatisfy((k, v) -> assertThat(v).doesNotContain("502345678").contains("+97250•••5678"));
    }

    @Test
    void an_unreachable_store_fails_closed_with_optout_unavailable() throws Exception {
        server.kill();
        assertThatThrownBy(() -> optOuts.contains("ref-a")).isInstanceOf(OptOuts.OptOutUnavailableException.class);
        assertThatThrownBy(() -> optOuts.add(new Entry("ref-a", "x", T0, "cli")))
                .isInstanceOf(OptOuts.OptOutUnavailableException.class);
    }
}
