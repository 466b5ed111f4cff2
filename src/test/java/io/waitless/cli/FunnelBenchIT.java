package io.waitless.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code waitless bench funnel} on a small generated journal: it ingests, times the reports and checks the rollups. */
class FunnelBenchIT {
    @TempDir
    Path work;

    @Test
    void a_small_run_ingests_times_the_reports_and_verifies_the_rollups() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = WaitlessCommand.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute("bench", "funnel", "--days", "3", "--calls-per-day", "150", "--threads", "4", "--runs", "2",
                        "--work", work.toString());

        assertThat(exit).as("stderr: %s", err).isZero();
        assertThat(out.toString()).contains("== Funnel benchmark: 3 days from")
                .containsPattern("ingest: +[\\d,]+ events \\([\\d,]+ calls over 3 days\\) in [\\d.]+ s = [\\d,]+ events/s, 4 threads;"
                        + " append p50 [\\d.]+ ms, p99 [\\d.]+ ms; failed 0")
                .containsPattern("report: +funnel, 3 days, total +median +[\\d.]+ ms, max +[\\d.]+ ms \\(2 runs\\)")
                .contains("report:  experiments")
                .containsPattern("check: +rollups count ([\\d,]+) calls \\(generated \\1\\), ([\\d,]+) accepted \\(generated \\2\\).*VERIFIED");
    }

    @Test
    void nonsense_sizes_are_refused_with_exit_2() {
        StringWriter err = new StringWriter();
        int exit = WaitlessCommand.commandLine().setErr(new PrintWriter(err, true))
                .execute("bench", "funnel", "--days", "0", "--work", work.toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--days must be 1..400");
    }
}
