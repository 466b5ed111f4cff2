package io.waitless.cli;

import io.waitless.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code waitless optout} against a real redis-server, with the shipped config pointed at it. */
class OptOutCommandIT {
    @TempDir
    Path dir;

    RedisServer server;
    Path config;

    @BeforeEach
    void start() throws Exception {
        server = RedisServer.start();
        config = CliRun.shippedConfig(server, dir);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    CliRun.Result run(String... args) {
        return CliRun.run(config, args);
    }

    @Test
    void a_number_is_added_in_any_format_listed_masked_and_removed() {
        assertThat(run("optout", "add", "050-234-5678")).isEqualTo(new CliRun.Result(0, "opted out: +97250•••5678\n", ""));
        assertThat(run("optout", "add", "+972502345678").out()).isEqualTo("already opted out: +97250•••5678\n");
        assertThat(run("optout", "add", "0548765432", "--source", "email").exit()).isZero();
        CliRun.Result list = run("optout", "list");
        assertThat(list.out()).containsPattern("(?m)^\\+97254•••5432\\s+\\S+Z\\s+email$")
                .containsPattern("(?m)^\\+97250•••5678\\s+\\S+Z\\s+cli$").contains("2 opted out")
                .doesNotContain("502345678");
        assertThat(list.out().indexOf("5432")).isLessThan(list.out().indexOf("5678"));
        assertThat(run("optout", "remove", "0502345678").out()).isEqualTo("opt-out removed: +97250•••5678\n");
        assertThat(run("optout", "remove", "0502345678").out()).isEqualTo("was not opted out: +97250•••5678\n");
        assertThat(run("optout", "list").out()).contains("1 opted out");
        try (RedisClient redis = RedisClient.builder()
                .hostAndPort(new redis.clients.jedis.HostAndPort("127.0.0.1", server.port())).build()) {
            assertThat(redis.xrange("waitless:events", "-", "+"))
                    .extracting(e -> e.getFields().get("type"))
                    .containsExactly("optout.added", "optout.added", "optout.removed");
        }
    }

    @Test
    void an_invalid_number_is_refused_and_an_unreachable_redis_fails_with_exit_1() throws Exception {
        CliRun.Result bad = run("optout", "add", "+972501234567");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("is not a valid phone number").doesNotContain("501234567");
        server.kill();
        CliRun.Result down = run("optout", "list");
        assertThat(down.exit()).isEqualTo(1);
        assertThat(down.err()).contains("cannot be reached");
    }
}
