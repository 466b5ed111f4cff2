package io.waitless.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code waitless demo} as a user runs it, in this JVM: the shipped config, a private redis-server, the node,
 * six simulated callers over FastAGI, the link opened over HTTP, and the funnel read back from Redis.
 * It builds the FreeTTS prompts into the project's {@code prompts/} (unchanged ones are skipped).
 */
class DemoIT {

    @TempDir
    Path work;

    @AfterEach
    void give_the_log_back_to_the_console() throws Exception {
        // the demo sends the operators' log to a file in its work directory; later tests in this JVM log as usual
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
            ctx.reset();
            new ContextInitializer(ctx).autoConfig();
        }
    }

    @Test
    void the_demo_runs_six_callers_through_a_real_node_and_prints_the_funnel() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/redis-server"))
                || Files.isExecutable(Path.of("/usr/local/bin/redis-server")), "redis-server is not installed");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        long t0 = System.nanoTime();
        int exit = WaitlessCommand.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute("demo", "--work", work.toString(), "--config", "config/waitless.yaml");
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        String text = out.toString();
        assertThat(exit).as("exit code; stderr:%n%s%nstdout:%n%s", err, text).isZero();
        assertThat(text).containsPattern("(?m)^\\s+calls\\s+6$")
                .containsPattern("(?m)^\\s+sms sent\\s+[1-9]\\d*$")
                .containsPattern("(?m)^\\s+link opened\\s+1$")
                .containsPattern("(?m)^\\s+no offer \\(rule\\)\\s+[1-9]\\d*$") // the landline and the withheld caller
                .contains("hold audio waitless-", "-nooffer")
                .contains("HTTP 302 → https://").contains("wl_token=<signed one-time token>");
        assertThat(work.resolve("sms-outbox.jsonl")).isNotEmptyFile();
        assertThat(work.resolve("waitless.log")).isNotEmptyFile();
        assertThat(took).as("the whole demo").isLessThan(Duration.ofSeconds(60));
    }
}
