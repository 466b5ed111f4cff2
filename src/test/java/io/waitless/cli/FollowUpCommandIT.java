package io.waitless.cli;

import io.waitless.config.WaitlessConfig;
import io.waitless.followup.DueQueue;
import io.waitless.followup.FollowUp;
import io.waitless.followup.NumberVault;
import io.waitless.followup.RedisDueQueue;
import io.waitless.journal.RedisConnector;
import io.waitless.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code waitless followup} against a real redis-server, with the shipped config pointed at it. */
class FollowUpCommandIT {
    @TempDir
    Path dir;

    RedisServer server;
    Path config;
    UnifiedJedis redis;
    DueQueue queue;

    @BeforeEach
    void start() throws Exception {
        server = RedisServer.start();
        config = CliRun.shippedConfig(server, dir);
        redis = RedisConnector.connect(new WaitlessConfig.Redis(server.uri(), "", "waitless:", Duration.ofMillis(500)));
        queue = new RedisDueQueue(redis, "waitless:", Duration.ofDays(1));
        NumberVault vault = new NumberVault("demo-only-followup-key-do-not-use-in-production");
        for (String d : new String[] {"d1", "d2"}) {
            queue.schedule(new FollowUp("survey:" + d, "survey", Instant.parse("2030-01-01T10:00:00Z"),
                    Map.of("masked", "+97250•••5678", NumberVault.FIELD, vault.seal("+972502345678", "survey:" + d))));
        }
    }

    @AfterEach
    void stop() throws Exception {
        redis.close();
        server.close();
    }

    CliRun.Result run(String... args) {
        return CliRun.run(config, args);
    }

    @Test
    void list_shows_waiting_follow_ups_with_masked_numbers_only() {
        CliRun.Result list = run("followup", "list", "--due");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains("survey:d1", "survey:d2", "+97250•••5678", "2030-01-01T10:00:00Z", "2 due")
                .doesNotContain("502345678").doesNotContain("v1:");
        assertThat(run("followup", "list").out()).contains("2 due", "0 leased", "0 failed");
        assertThat(run("followup", "list", "--failed").out()).contains("0 failed").doesNotContain("survey:d1");
    }

    @Test
    void cancel_and_run_now_change_what_they_may_and_say_why_not_otherwise() {
        assertThat(run("followup", "run-now", "survey:d1")).isEqualTo(new CliRun.Result(0, "due now: survey:d1\n", ""));
        assertThat(queue.find("survey:d1").orElseThrow().at()).isBefore(Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(run("followup", "cancel", "survey:d2")).isEqualTo(new CliRun.Result(0, "cancelled: survey:d2\n", ""));
        CliRun.Result again = run("followup", "cancel", "survey:d2");
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("already finished");
        assertThat(run("followup", "run-now", "survey:d2").exit()).isEqualTo(2);
        CliRun.Result missing = run("followup", "cancel", "survey:nope");
        assertThat(missing.exit()).isEqualTo(3);
        assertThat(missing.err()).contains("no follow-up survey:nope");
        assertThat(run("followup", "run-now", "nope").exit()).isEqualTo(3);
        assertThat(run("followup", "cancel", "two words").exit()).isEqualTo(2);
        assertThat(run("followup", "list", "--limit", "0").exit()).isEqualTo(2);
        assertThat(run("followup", "cancel").exit()).as("picocli: a missing id is bad input").isEqualTo(2);
    }

    @Test
    void an_unreachable_redis_fails_with_exit_1() throws Exception {
        server.kill();
        CliRun.Result down = run("followup", "list");
        assertThat(down.exit()).isEqualTo(1);
        assertThat(down.err()).contains("the follow-up queue in Redis").contains("cannot be reached");
    }
}
