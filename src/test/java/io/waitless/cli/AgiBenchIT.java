package io.waitless.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code waitless bench agi} at a tiny scale: a node in its own JVM and the stock baseline each hold a few callers
 * in a prompt; the report gives every figure and a verdict, and a target that cannot be met makes it exit 1.
 */
class AgiBenchIT {
    @TempDir
    Path work;

    @Test
    void a_small_run_holds_every_caller_and_reports_baseline_latency_memory_and_leaks() {
        CliRun.Result r = CliRun.bare("bench", "agi", "--callers", "40", "--rate", "100", "--hold", "1s",
                "--warm-up", "20", "--work", work.toString());

        assertThat(r.out()).contains("== FastAGI held callers: 40 callers at 100/s, each held 1 s")
                .containsPattern("baseline: stock DefaultAgiServer, default pool: served 40 of 40, closed unserved 0,"
                        + " failed 0; first command p50 [\\d.]+ ms, p90 [\\d.]+ ms, p99 [\\d.]+ ms, max [\\d.]+ ms \\(40"
                        + " samples\\); VmHWM \\d+ MB")
                .containsPattern("node: +served 40 of 40 \\(closed unserved 0, failed 0\\), 40 held at once")
                .containsPattern("memory: +idle VmRSS \\d+ MB; with every caller held VmRSS \\d+ MB .*, 40 sessions open")
                .containsPattern("after hangup: 0 sessions open \\(0 before the callers\\).*; 40 ended by the node closing")
                .contains("PASS  all served: 40 of 40")
                .containsPattern("(PASS|FAIL)  p99 connect to first command [\\d.]+ ms ≤ 20 ms")
                .contains("PASS  no session leaked");
        assertThat(r.exit()).as(r.out()).isEqualTo(r.out().contains("RESULT: PASS") ? 0 : 1);
    }

    @Test
    void a_missed_target_fails_the_run_with_exit_1() {
        CliRun.Result r = CliRun.bare("bench", "agi", "--callers", "10", "--rate", "100", "--hold", "1s",
                "--warm-up", "0", "--no-baseline", "--memory-target", "1", "--work", work.toString());

        assertThat(r.out()).containsPattern("FAIL  node's peak resident memory \\(VmHWM\\) \\d+ MB ≤ 1 MB")
                .doesNotContain("baseline:").contains("RESULT: FAIL");
        assertThat(r.exit()).isEqualTo(1);
    }
}
