package io.waitless.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code waitless bench journal} on a small run: it starts its own Redis, writes, counts and says so. */
class JournalBenchIT {
    @TempDir
    Path work;

    private String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = WaitlessCommand.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        assertThat(exit).as("exit; stderr: %s", err).isZero();
        return out.toString();
    }

    @Test
    void a_small_run_stores_every_event_and_prints_the_rate_and_latencies() {
        String text = run("bench", "journal", "--events", "3000", "--threads", "4", "--aof", "--work", work.toString());
        assertThat(text).contains("== Journal ingest: 3000 events, 4 threads, XADDs and the writer's marker in one"
                        + " MULTI (spool on, as a node runs) per group commit, funnel rollups counted by the roller,"
                        + " Redis with AOF")
                .containsPattern("rate: +[\\d,]+ events/s")
                .containsPattern("append latency: +p50 \\d+\\.\\d{3} ms, p99 \\d+\\.\\d{3} ms, max \\d+\\.\\d{3} ms")
                .contains("stored:          3000 of 3000 (failed appends: 0, spooled: 0)")
                .doesNotContain("stream ingest:");
    }

    @Test
    void without_the_spool_and_with_the_roller_held_off_it_prints_both_rates_apart() {
        String text = run("bench", "journal", "--events", "3000", "--threads", "4", "--no-spool", "--count-after",
                "--work", work.toString());
        assertThat(text).contains("== Journal ingest: 3000 events, 4 threads, pipelined XADD (no spool) per group commit")
                .containsPattern("stream ingest: +[\\d,]+ events/s \\(roller held off\\); counted afterwards at [\\d,]+ events/s")
                .contains("stored:          3000 of 3000 (failed appends: 0, spooled: 0)");
    }

    @Test
    void nonsense_sizes_are_refused_with_exit_2() {
        StringWriter err = new StringWriter();
        int exit = WaitlessCommand.commandLine().setErr(new PrintWriter(err, true))
                .execute("bench", "journal", "--events", "0", "--work", work.toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--events and --threads must be at least 1");
    }
}
