package io.waitless.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code waitless bench soak} on a day squeezed into 18 s: a window per sample with calls, heap after GC and RSS, the
 * verdict lines, and a growth limit nothing can meet makes it exit 1.
 */
class SoakBenchIT {
    @TempDir
    Path work;

    @Test
    void a_short_day_prints_a_window_per_sample_and_a_missed_target_exits_1() {
        CliRun.Result r = CliRun.bare("bench", "soak", "--minutes", "0.3", "--sample", "3s", "--peak-rate", "8",
                "--latency-growth", "0", "--work", work.toString());

        assertThat(r.out()).contains("== Soak: a weekday of calls in 0.3 min (peak 8 calls/s, nights at a quarter of it),"
                        + " a sample every 3.0 s")
                .containsPattern("window day time +calls failed +p50 ms +p99 ms +heap after GC +RSS")
                .containsPattern(" +1 +04:00 +\\d+ +0 +[\\d.]+ +[\\d.]+ +[\\d.]+ MB +\\d+ MB")
                .containsPattern(" +6 +24:00 +\\d+ +0 ")
                .containsPattern("(PASS|FAIL)  heap after GC flat: median of the last third [\\d.]+ MB ≤ middle third's"
                        + " [\\d.]+ MB \\+ 10 %")
                .containsPattern("(PASS|FAIL)  resident memory flat")
                .containsPattern("FAIL  latency not growing: p99 of the last window [\\d.]+ ms ≤ 0.00 × [\\d.]+ ms")
                .containsPattern("PASS  every call served: \\d+ calls, 0 failed")
                .contains("RESULT: FAIL");
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
    }
}
