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
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code waitless bench abuse} as CI runs it: 500 callers of every kind through two deflectors on a private
 * redis-server; the command verifies its own run independently and exits non-zero when anything is off.
 */
class AbuseBenchIT {

    @TempDir
    Path work;

    @AfterEach
    void give_the_log_back_to_the_console() throws Exception {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
            ctx.reset();
            new ContextInitializer(ctx).autoConfig();
        }
    }

    @Test
    void five_hundred_abusive_and_honest_callers_get_no_forbidden_text_and_every_refusal_has_a_reason() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/redis-server"))
                || Files.isExecutable(Path.of("/usr/local/bin/redis-server")), "redis-server is not installed");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = WaitlessCommand.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute("bench", "abuse", "--callers", "500", "--threads", "8", "--work", work.toString(),
                        "--config", "config/waitless.yaml");

        String text = out.toString();
        assertThat(exit).as("exit code; stderr:%n%s%nstdout:%n%s", err, text).isZero();
        assertThat(text).contains("VERIFIED")
                .containsPattern("(?m)^total\\s+500\\s+[1-9]\\d*$")
                .containsPattern("(?m)^landline\\s+40\\s+0$")
                .containsPattern("(?m)^opted_out\\s+25\\s+0$")
                .containsPattern("(?m)^pumping\\s+75\\s+[0-5]$")
                .contains("budget-prefix-burst=", "opted-out=", "landline=", "premium-rate=", "withheld=")
                .containsPattern("callers/s");
    }
}
