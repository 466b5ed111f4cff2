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
                        + " append p50 [\\d.]+ ms, p99 [\\d.]+ ms; failed 0; appended in [\\d.]+ s, all counted in the"
                        + " rollups \\d+ ms later\n")
                .containsPattern("report: +funnel, 3 days, total +median +[\\d.]+ ms, max +[\\d.]+ ms \\(2 runs\\)")
                .contains("report:  experiments")
                .containsPattern("check: +rollups count ([\\d,]+) calls \\(generated \\1\\), ([\\d,]+) accepted \\(generated \\2\\).*VERIFIED");
    }

    @Test
    void a_bulk_import_counts_the_same_rollups() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = WaitlessCommand.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute("bench", "funnel", "--days", "3", "--calls-per-day", "150", "--bulk", "--runs", "1",
                        "--work", work.toString());

        assertThat(exit).as("stderr: %s", err).isZero();
        assertThat(out.toString())
                .containsPattern("events/s, bulk import; batch of 1024 p50 [\\d.]+ ms, p99 [\\d.]+ ms; failed 0")
                .containsPattern("check: +rollups count ([\\d,]+) calls \\(generated \\1\\), ([\\d,]+) accepted \\(generated \\2\\).*VERIFIED")
                .containsPattern("profile: Redis time per event by command: \\w+ [\\d.]+ us");
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
