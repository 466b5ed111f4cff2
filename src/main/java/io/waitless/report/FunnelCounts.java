package io.waitless.report;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The counts of one funnel row: distinct calls per step ({@link FunnelStep#wireName()}), and beside them the
 * breakdowns {@code withheld:<reason>}, {@code refused:<reason>} and {@code ended:<outcome>} (how calls ended:
 * {@code answered}, {@code abandoned}, {@code abandoned-after-link}, {@code hung-up-in-accept},
 * {@code hung-up-before-queue}, {@code left-queue}, {@code unknown}: the abandonment points). Immutable.
 */
public record FunnelCounts(Map<String, Long> counts) {

    public static final FunnelCounts EMPTY = new FunnelCounts(Map.of());

    public FunnelCounts {
        counts = Collections.unmodifiableMap(new TreeMap<>(counts));
    }

    public long get(FunnelStep step) {
        return counts.getOrDefault(step.wireName(), 0L);
    }

    public long get(String counter) {
        return counts.getOrDefault(counter, 0L);
    }

    /** The breakdown under {@code prefix} ("withheld", "refused" or "ended"), by reason or outcome. */
    public Map<String, Long> breakdown(String prefix) {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> {
            if (k.startsWith(prefix + ":")) {
                out.put(k.substring(prefix.length() + 1), v);
            }
        });
        return out;
    }

    /** {@code part / whole}, or 0 when there is no whole. */
    public double rate(FunnelStep part, FunnelStep whole) {
        long w = get(whole);
        return w == 0 ? 0 : (double) get(part) / w;
    }

    public FunnelCounts plus(FunnelCounts other) {
        Map<String, Long> sum = new TreeMap<>(counts);
        other.counts.forEach((k, v) -> sum.merge(k, v, Long::sum));
        return new FunnelCounts(sum);
    }
}
