package io.waitless.config;

import io.waitless.config.WaitlessConfig.Budgets;
import io.waitless.config.WaitlessConfig.Limit;

import java.time.Duration;

/** Reads the {@code budgets} section; every key has a default ({@link Budgets#DEFAULTS}). */
final class BudgetsReader {
    private static final Duration SHORTEST = Duration.ofMinutes(1);
    private static final Duration LONGEST = Duration.ofDays(31);

    private BudgetsReader() {
    }

    static Budgets read(Section s) {
        Budgets d = Budgets.DEFAULTS;
        Limit number = limit(s.section("per-number"), d.perNumber());
        int digits = Values.integer(s, "prefix-digits", d.prefixDigits(), 4, 12);
        Limit prefix = limit(s.section("per-prefix"), d.perPrefix());
        Limit country = limit(s.section("per-country"), d.perCountry());
        Limit global = limit(s.section("global"), d.global());
        Limit burst = limit(s.section("prefix-burst"), d.prefixBurst());
        return new Budgets(number, digits, prefix, country, global, burst);
    }

    private static Limit limit(Section s, Limit fallback) {
        int max = Values.integer(s, "max", fallback.max(), 0, 100_000_000);
        Duration window = Values.duration(s, "window", fallback.window(), SHORTEST, LONGEST);
        if (window.toSeconds() * 1000 != window.toMillis()) {
            s.problems().error(s.lineOf("window"), s.key("window"), "must be whole seconds");
        }
        return new Limit(max, window);
    }
}
