package io.waitless.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.waitless.config.ConfigLoader;
import io.waitless.journal.RedisConnector;
import io.waitless.journal.RedisReloadBoard;
import io.waitless.reload.ConfigReloader;
import io.waitless.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code waitless config status} and {@code config diff} against a real Redis where a node (a
 * {@link ConfigReloader} on the shipped config) publishes its status.
 */
class ConfigStatusDiffIT {
    @TempDir
    Path dir;

    RedisServer server;
    UnifiedJedis client;
    Path file;
    String v1;
    ConfigReloader node;

    @BeforeEach
    void start() throws Exception {
        server = RedisServer.start();
        v1 = Files.readString(Path.of("config/waitless.yaml"))
                .replace("uri: redis://127.0.0.1:6379/0", "uri: redis://127.0.0.1:" + server.port() + "/0");
        file = Files.writeString(dir.resolve("waitless.yaml"), v1);
        var cfg = new ConfigLoader(System.getenv()).load(file);
        client = RedisConnector.connect(cfg.redis());
        // polls once an hour: this test applies versions itself, through attempt()
        node = new ConfigReloader(file, cfg, v1, new ConfigLoader(System.getenv()), c -> { },
                new RedisReloadBoard(client, cfg.redis().keyPrefix()), "node-a:4573", new SimpleMeterRegistry(),
                Clock.systemUTC(), Duration.ofHours(1), Duration.ofSeconds(1)).start();
    }

    @AfterEach
    void stop() throws Exception {
        node.close();
        client.close();
        server.close();
    }

    record Result(int exit, String out, String err) {}

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = WaitlessCommand.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void status_shows_what_each_node_runs_against_the_file_on_disk() throws Exception {
        String version = ConfigReloader.hash(v1);
        Result now = run("config", "status", file.toString());
        assertThat(now.exit()).as(now.err()).isZero();
        assertThat(now.out()).startsWith("file " + file + ": version " + version + "\n")
                .containsPattern("node-a:4573: started, runs " + version + " \\(the file on disk\\), at \\S+Z");

        String v2 = v1.replace("  name: Galil Cable\n", "  name: Galil Cable TV\n");
        Files.writeString(file, v2);
        Result behind = run("config", "status", file.toString());
        assertThat(behind.exit()).isEqualTo(1);
        assertThat(behind.out()).contains("node-a:4573: started, runs " + version + " (not the file on disk)");

        node.attempt(v2);
        Result applied = run("config", "status", file.toString());
        assertThat(applied.exit()).isZero();
        assertThat(applied.out()).contains("node-a:4573: applied, runs " + ConfigReloader.hash(v2) + " (the file on disk)")
                .contains("  last reload changed:\n    ~ company.name: \"Galil Cable\" -> \"Galil Cable TV\"\n");

        String bad = v2.replace("  sender: ", "  colour: blue\n  sender: ");
        Files.writeString(file, bad);
        node.attempt(bad);
        Result refused = run("config", "status", file.toString());
        assertThat(refused.exit()).isEqualTo(1);
        int line = bad.lines().toList().indexOf("  colour: blue") + 1;
        assertThat(refused.out()).contains("node-a:4573: refused, runs " + ConfigReloader.hash(v2) + " (not the file on disk)")
                .contains("  refused version " + ConfigReloader.hash(bad) + ":\n    " + file + ":" + line + ": sms.colour: unknown key");
    }

    @Test
    void diff_shows_what_a_reload_would_change_on_the_running_nodes_and_what_needs_a_restart() throws Exception {
        Files.writeString(file, v1.replace("  name: Galil Cable\n", "  name: Galil Cable TV\n")
                .replace("  port: 4573\n", "  port: 4574\n"));
        Result diff = run("config", "diff", file.toString());
        assertThat(diff.exit()).as(diff.err()).isEqualTo(1);
        assertThat(diff.out()).isEqualTo(file + " against running on node-a:4573 (version " + ConfigReloader.hash(v1)
                + "): 2 change(s), 1 of them only at a restart\n"
                + "  ~ company.name: \"Galil Cable\" -> \"Galil Cable TV\"\n"
                + "  ~ agi.port: 4573 -> 4574   (needs a restart)\n");

        Path old = Files.writeString(dir.resolve("old.yaml"), v1);
        Result files = run("config", "diff", file.toString(), "--from", old.toString());
        assertThat(files.exit()).isEqualTo(1);
        assertThat(files.out()).startsWith(file + " against " + old + ": 2 change(s)");

        Files.writeString(file, v1);
        Result same = run("config", "diff", file.toString());
        assertThat(same.exit()).isZero();
        assertThat(same.out()).isEqualTo(file + " is the same as running on node-a:4573 (version " + ConfigReloader.hash(v1) + ")\n");
    }

    @Test
    void a_file_a_reload_would_refuse_is_flagged_and_an_unreachable_redis_is_an_error() throws Exception {
        Files.writeString(file, v1.replace("  sender: ", "  colour: blue\n  sender: "));
        Result diff = run("config", "diff", file.toString());
        assertThat(diff.exit()).isEqualTo(1);
        assertThat(diff.err()).contains("warning: a reload would refuse").contains("sms.colour: unknown key");
        assertThat(diff.out()).contains("+ sms.colour: \"blue\"   (needs a restart)");
        // status finds Redis from the refused file's own redis keys
        assertThat(run("config", "status", file.toString()).out()).contains("node-a:4573: started");

        server.kill();
        Result status = run("config", "status", file.toString());
        assertThat(status.exit()).isEqualTo(1);
        assertThat(status.err()).contains("cannot be read");
        assertThat(run("config", "diff", file.toString()).exit()).isEqualTo(2);
    }
}
