package io.waitless.cli;

import io.waitless.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
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
        String yaml = Files.readString(Path.of("config/waitless.yaml"))
                .replace("uri: redis://127.0.0.1:6379/0", "uri: redis://127.0.0.1:" + server.port() + "/0");
        config = Files.writeString(dir.resolve("waitless.yaml"), yaml);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    record Result(int exit, String out, String err) {}

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = config.toString();
        int exit = WaitlessCommand.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(all);
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void a_number_is_added_in_any_format_listed_masked_and_removed() {
        assertThat(run("optout", "add", "050-234-5678")).isEqualTo(new Result(0, "opted out: +97250•••5678\n", ""));
        assertThat(run("optout", "add", "+972502345678").out()).isEqualTo("already opted out: +97250•••5678\n");
        assertThat(run("optout", "add", "0548765432", "--source", "email").exit()).isZero();
        Result list = run("optout", "list");
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
        Result bad = run("optout", "add", "+972501234567");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("is not a valid phone number").doesNotContain("501234567");
        server.kill();
        Result down = run("optout", "list");
        assertThat(down.exit()).isEqualTo(1);
        assertThat(down.err()).contains("cannot be reached");
    }
}
