package io.waitless.testing;

import io.waitless.config.WaitlessConfig.Budgets;
import io.waitless.config.WaitlessConfig.Limit;
import io.waitless.deflect.SmsBudget;
import io.waitless.journal.RedisSmsBudget;

import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The in-memory fake of {@link SmsBudget}: the same fixed windows and rules as {@link RedisSmsBudget}, on
 * the given clock, in one process. {@link #goDown()} makes every answer {@link Decision#UNAVAILABLE}.
 */
public final class InMemorySmsBudget implements SmsBudget {
    private final Budgets budgets;
    private final Clock clock;
    private final Map<String, Integer> counters = new HashMap<>();
    private final Map<String, Set<String>> bursts = new HashMap<>();
    private volatile boolean down;

    public InMemorySmsBudget(Budgets budgets, Clock clock) {
        this.budgets = budgets;
        this.clock = clock;
    }

    public void goDown() {
        down = true;
    }

    @Override
    public synchronized Decision check(Recipient r) {
        return decide(r, false);
    }

    @Override
    public synchronized Decision spend(Recipient r) {
        return decide(r, true);
    }

    private Decision decide(Recipient r, boolean spend) {
        if (down) {
            return Decision.UNAVAILABLE;
        }
        String prefix = RedisSmsBudget.numberPrefix(r.e164(), budgets.prefixDigits());
        String number = key("number:" + r.callerRef(), budgets.perNumber());
        String inPrefix = key("prefix:" + prefix, budgets.perPrefix());
        String country = key("country:" + r.region(), budgets.perCountry());
        String global = key("global", budgets.global());
        String burst = key("burst:" + prefix, budgets.prefixBurst());
        Set<String> texted = bursts.computeIfAbsent(burst, k -> new HashSet<>());
        Decision d;
        if (used(number) >= budgets.perNumber().max()) {
            d = Decision.NUMBER_EXHAUSTED;
        } else if (!texted.contains(r.callerRef()) && texted.size() >= budgets.prefixBurst().max()) {
            d = Decision.PREFIX_BURST;
        } else if (used(inPrefix) >= budgets.perPrefix().max()) {
            d = Decision.PREFIX_EXHAUSTED;
        } else if (used(country) >= budgets.perCountry().max()) {
            d = Decision.COUNTRY_EXHAUSTED;
        } else if (used(global) >= budgets.global().max()) {
            d = Decision.GLOBAL_EXHAUSTED;
        } else {
            d = Decision.ALLOWED;
        }
        if (spend && d.allowed()) {
            for (String k : new String[] {number, inPrefix, country, global}) {
                counters.merge(k, 1, Integer::sum);
            }
            texted.add(r.callerRef());
        }
        return d;
    }

    private int used(String key) {
        return counters.getOrDefault(key, 0);
    }

    private String key(String base, Limit limit) {
        return base + ":" + clock.instant().getEpochSecond() / Math.max(1, limit.window().toSeconds());
    }
}
