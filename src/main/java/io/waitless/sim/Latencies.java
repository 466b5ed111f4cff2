package io.waitless.sim;

import java.util.Arrays;
import java.util.Locale;

/**
 * A benchmark's latency figures, in milliseconds, from raw nanosecond samples: nearest-rank percentiles (p99 of
 * 10,000 samples is the 9,900th smallest). All zero when there are no samples.
 */
public record Latencies(int count, double p50, double p90, double p99, double max) {
    public static final Latencies NONE = new Latencies(0, 0, 0, 0, 0);

    /** The figures of {@code nanos} (the array is not changed). */
    public static Latencies ofNanos(long[] nanos) {
        if (nanos.length == 0) {
            return NONE;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Latencies(sorted.length, rank(sorted, 50), rank(sorted, 90), rank(sorted, 99),
                sorted[sorted.length - 1] / 1e6);
    }

    private static double rank(long[] sorted, int percent) {
        int i = (int) Math.ceil(sorted.length * percent / 100.0) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    /** {@code p50 1.234 ms, p90 …, p99 …, max … (n samples)}. */
    public String described() {
        return String.format(Locale.ROOT, "p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms (%,d samples)", p50, p90,
                p99, max, count);
    }
}
