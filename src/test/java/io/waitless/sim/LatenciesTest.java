package io.waitless.sim;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatenciesTest {
    @Test
    void percentiles_are_nearest_rank_in_milliseconds() {
        long[] nanos = new long[100];
        for (int i = 0; i < 100; i++) {
            nanos[99 - i] = (i + 1) * 1_000_000L; // 1..100 ms, unsorted
        }

        Latencies l = Latencies.ofNanos(nanos);

        assertThat(l).isEqualTo(new Latencies(100, 50, 90, 99, 100));
        assertThat(l.described()).isEqualTo("p50 50.000 ms, p90 90.000 ms, p99 99.000 ms, max 100.000 ms (100 samples)");
        assertThat(nanos[0]).as("input untouched").isEqualTo(100_000_000L);
    }

    @Test
    void no_samples_give_zeros() {
        assertThat(Latencies.ofNanos(new long[0])).isEqualTo(Latencies.NONE);
    }
}
