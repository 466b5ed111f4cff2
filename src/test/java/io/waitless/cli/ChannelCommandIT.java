package io.waitless.cli;

import io.waitless.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code waitless channel} against a real redis-server, with the shipped config pointed at it. */
class ChannelCommandIT {
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

    private RedisClient redis() {
        return RedisClient.builder().hostAndPort(new HostAndPort("127.0.0.1", server.port())).build();
    }

    @Test
    void down_is_shared_through_redis_journaled_once_and_shown_by_status_until_auto_hands_it_back() {
        assertThat(run("channel", "status").out())
                .containsPattern("(?m)^app +up +- +never reported down; no health check$")
                .containsPattern("(?m)^whatsapp +up +- ");

        CliRun.Result down = run("channel", "down", "whatsapp", "--reason", "vendor outage", "--by", "dana");
        assertThat(down.exit()).as(down.err()).isZero();
        assertThat(down.out()).isEqualTo(
                "channel whatsapp: down (set down by dana: vendor outage); running nodes follow within 1 s\n");
        assertThat(run("channel", "down", "whatsapp", "--by", "dana").exit()).isZero();
        assertThat(run("channel", "status").out())
                .containsPattern("(?m)^whatsapp +down +down +by dana at \\S+Z; no health check$")
                .containsPattern("(?m)^app +up +- ");

        try (RedisClient redis = redis()) {
            assertThat(redis.hget("waitless:channel-overrides", "whatsapp")).contains("DOWN");
            assertThat(redis.xrange("waitless:events", "-", "+")).singleElement().satisfies(e -> {
                assertThat(e.getFields()).containsEntry("type", "channel.down");
                assertThat(e.getFields().toString()).contains("whatsapp").contains("manual");
            });
        }

        assertThat(run("channel", "up", "whatsapp", "--by", "dana").out()).startsWith("channel whatsapp: up (set up by dana)");
        assertThat(run("channel", "auto", "whatsapp").out()).isEqualTo("channel whatsapp: back to its health check\n");
        assertThat(run("channel", "auto", "whatsapp").out()).isEqualTo("channel whatsapp: had no manual state\n");
        assertThat(run("channel", "status").out()).containsPattern("(?m)^whatsapp +up +- +set up by dana since \\S+Z; no health check$");
        try (RedisClient redis = redis()) {
            assertThat(redis.hgetAll("waitless:channel-overrides")).isEmpty();
            assertThat(redis.xrange("waitless:events", "-", "+")).extracting(e -> e.getFields().get("type"))
                    .containsExactly("channel.down", "channel.up");
        }
    }

    @Test
    void an_unknown_channel_and_an_unreachable_redis_fail_with_exit_1_and_say_why() throws Exception {
        CliRun.Result unknown = run("channel", "down", "fax");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("there is no channel \"fax\" (channels: app, web, whatsapp)\n");
        try (RedisClient redis = redis()) {
            assertThat(redis.exists("waitless:channel-overrides")).isFalse();
        }
        server.kill();
        CliRun.Result down = run("channel", "status");
        assertThat(down.exit()).isEqualTo(1);
        assertThat(down.err()).contains("cannot be reached");
    }
}
