package io.waitless.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code waitless bench startup}: fresh node processes timed to {@code /readyz}; a target missed exits 1. */
class StartupBenchIT {
    @TempDir
    Path work;

    @Test
    void each_fresh_start_is_timed_to_ready_and_a_missed_target_exits_1() {
        CliRun.Result r = CliRun.bare("bench", "startup", "--runs", "2", "--no-prime", "--target", "1ms",
                "--work", work.toString());

        assertThat(r.out()).contains("== Startup to ready: 2 fresh starts of java … io.waitless.cli.WaitlessCommand"
                        + " serve, shipped config, private Redis")
                .containsPattern("run 1: ready in \\d+\\.\\d{3} s, \\d+\\.\\d\\d s of CPU used by then")
                .containsPattern("run 2: ready in \\d+\\.\\d{3} s")
                .containsPattern("start to ready: median [\\d.]+ s, min [\\d.]+ s, max [\\d.]+ s \\(2 runs\\); CPU to"
                        + " ready: median [\\d.]+ s")
                .containsPattern("FAIL  median start to ready [\\d.]+ s ≤ 0.0 s")
                .contains("RESULT: FAIL");
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
    }

    @Test
    void a_run_within_the_target_passes() {
        CliRun.Result r = CliRun.bare("bench", "startup", "--runs", "1", "--no-prime", "--target", "300s",
                "--work", work.toString());

        assertThat(r.out()).containsPattern("PASS  median start to ready [\\d.]+ s ≤ 300.0 s")
                .containsPattern("PASS  slowest start to ready [\\d.]+ s ≤ 300.0 s").contains("RESULT: PASS");
        assertThat(r.exit()).as(r.err()).isZero();
    }
}
