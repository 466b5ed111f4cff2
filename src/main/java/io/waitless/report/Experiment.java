package io.waitless.report;

import org.apache.commons.math3.distribution.NormalDistribution;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An A/B experiment's result on one rate (accepted per offered, completed per sent…): each variant's rate with
 * its 95 % Wilson interval, and each variant against the first (the control) by a two-sided two-proportion
 * z-test, Bonferroni-adjusted when there are several. The verdict says it in plain words, and says "not enough
 * data yet" rather than guess: until each variant has at least {@link #MIN_EACH} successes and
 * {@link #MIN_EACH} failures, the normal approximation behind the test does not hold.
 */
public final class Experiment {
    /** Successes and failures each variant needs before a comparison is made. */
    public static final int MIN_EACH = 5;
    /** Significance level of the verdicts. */
    public static final double ALPHA = 0.05;
    private static final NormalDistribution NORMAL = new NormalDistribution();
    private static final double Z95 = NORMAL.inverseCumulativeProbability(0.975);

    private Experiment() {
    }

    /**
     * One variant's counts.
     *
     * @param trials    how many could convert (offered, sent…)
     * @param successes how many did (accepted, completed…); at most {@code trials}
     */
    public record Arm(String variant, long trials, long successes) {
        public Arm {
            Objects.requireNonNull(variant, "variant");
            if (trials < 0 || successes < 0 || successes > trials) {
                throw new IllegalArgumentException(variant + ": " + successes + " successes of " + trials + " trials");
            }
        }

        public double rate() {
            return trials == 0 ? 0 : (double) successes / trials;
        }

        /** The 95 % Wilson score interval of the rate ([0, 1] with no trials). */
        public double[] interval() {
            if (trials == 0) {
                return new double[] {0, 1};
            }
            double n = trials;
            double p = rate();
            double z2 = Z95 * Z95;
            double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
            double half = Z95 / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
            return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
        }

        boolean enough() {
            return successes >= MIN_EACH && trials - successes >= MIN_EACH;
        }
    }

    /**
     * One variant against the control.
     *
     * @param z the test statistic (positive: the variant's rate is higher); NaN when not computed
     * @param p the two-sided p-value, Bonferroni-adjusted; NaN when there is not enough data
     */
    public record Comparison(Arm control, Arm variant, double z, double p, String verdict) {
        public boolean significant() {
            return !Double.isNaN(p) && p < ALPHA;
        }
    }

    /**
     * Compares every other arm with the first.
     *
     * @throws IllegalArgumentException with fewer than two arms
     */
    public static List<Comparison> compare(List<Arm> arms) {
        if (arms.size() < 2) {
            throw new IllegalArgumentException("an experiment needs at least two variants, got " + arms.size());
        }
        Arm control = arms.getFirst();
        int comparisons = arms.size() - 1;
        List<Comparison> out = new ArrayList<>();
        for (Arm v : arms.subList(1, arms.size())) {
            out.add(compare(control, v, comparisons));
        }
        return out;
    }

    static Comparison compare(Arm control, Arm variant, int comparisons) {
        if (!control.enough() || !variant.enough()) {
            Arm short_ = !control.enough() ? control : variant;
            return new Comparison(control, variant, Double.NaN, Double.NaN, String.format(Locale.ROOT,
                    "not enough data yet: %s has %d of %d (each variant needs at least %d conversions and %d"
                            + " non-conversions)", short_.variant(), short_.successes(), short_.trials(), MIN_EACH,
                    MIN_EACH));
        }
        double p1 = control.rate();
        double p2 = variant.rate();
        double pooled = (double) (control.successes() + variant.successes()) / (control.trials() + variant.trials());
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / control.trials() + 1.0 / variant.trials()));
        double z = se == 0 ? 0 : (p2 - p1) / se;
        double p = Math.min(1, 2 * NORMAL.cumulativeProbability(-Math.abs(z)) * comparisons);
        String verdict;
        if (p < ALPHA) {
            Arm better = p2 > p1 ? variant : control;
            Arm worse = better == variant ? control : variant;
            verdict = String.format(Locale.ROOT, "%s converts better than %s (%.1f %% vs %.1f %%), p=%s",
                    better.variant(), worse.variant(), 100 * better.rate(), 100 * worse.rate(), pValue(p));
        } else {
            verdict = String.format(Locale.ROOT, "no significant difference yet between %s and %s (%.1f %% vs %.1f %%),"
                    + " p=%s", control.variant(), variant.variant(), 100 * p1, 100 * p2, pValue(p));
        }
        if (comparisons > 1) {
            verdict += " (Bonferroni-adjusted for " + comparisons + " comparisons)";
        }
        return new Comparison(control, variant, z, p, verdict);
    }

    /** {@code 0.01}, {@code 0.43}, {@code <0.001}. */
    static String pValue(double p) {
        return p < 0.001 ? "<0.001" : String.format(Locale.ROOT, p < 0.01 ? "%.3f" : "%.2f", p);
    }
}
