package io.waitless.journal;

import io.micrometer.core.instrument.MeterRegistry;
import io.waitless.call.PhoneMask;
import io.waitless.config.WaitlessConfig;
import io.waitless.config.WaitlessConfig.Limit;
import io.waitless.deflect.SmsBudget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

import java.util.List;

/**
 * {@link SmsBudget} in Redis with fixed windows: each budget is a counter
 * {@code <prefix>budget:<kind>:<id>:<window-number>} (window number = Redis server time / window length),
 * expiring with its window: {@code number:<caller ref>}, {@code prefix:<+9725023>}, {@code country:<IL>},
 * {@code global}. The burst throttle is a set {@code budget:burst:<+9725023>:<window-number>} of the caller
 * references texted in the window. Time comes from Redis ({@code TIME}), so nodes with skewed clocks share
 * the same windows.
 *
 * <p>Check and spend run as ONE Lua script: Redis runs it atomically, so nodes racing cannot overspend any
 * budget. Fail closed: a Redis failure is {@link Decision#UNAVAILABLE}. Every refusal is logged at INFO
 * (number masked) and counted in {@code waitless.sms.refused{reason}}. Thread-safe; each call is bounded by
 * {@code redis.timeout}.
 */
public final class RedisSmsBudget implements SmsBudget {
    private static final Logger log = LoggerFactory.getLogger(RedisSmsBudget.class);

    /**
     * KEYS: number, prefix, country, global counters, burst set (bases, without the window number).
     * ARGV: spend (1/0), member (caller ref), then max and window seconds for number, prefix, country, global,
     * burst. Returns the decision's name.
     */
    private static final String SCRIPT = """
            local now = tonumber(redis.call('TIME')[1])
            local spend = ARGV[1] == '1'
            local member = ARGV[2]
            local function window(i) return tonumber(ARGV[2 + 2 * i]) end
            local function max(i) return tonumber(ARGV[1 + 2 * i]) end
            local function key(i) return KEYS[i] .. ':' .. math.floor(now / window(i)) end
            local function used(i) return tonumber(redis.call('GET', key(i)) or '0') end
            if used(1) >= max(1) then return 'NUMBER_EXHAUSTED' end
            local burst = key(5)
            local known = redis.call('SISMEMBER', burst, member) == 1
            if not known and redis.call('SCARD', burst) >= max(5) then return 'PREFIX_BURST' end
            if used(2) >= max(2) then return 'PREFIX_EXHAUSTED' end
            if used(3) >= max(3) then return 'COUNTRY_EXHAUSTED' end
            if used(4) >= max(4) then return 'GLOBAL_EXHAUSTED' end
            if spend then
              for i = 1, 4 do
                redis.call('INCR', key(i))
                redis.call('EXPIRE', key(i), window(i) + 60)
              end
              redis.call('SADD', burst, member)
              redis.call('EXPIRE', burst, window(5) + 60)
            end
            return 'ALLOWED'
            """;

    private final UnifiedJedis redis;
    private final String prefix;
    private final WaitlessConfig.Budgets budgets;
    private final MeterRegistry metrics;

    public RedisSmsBudget(UnifiedJedis redis, String keyPrefix, WaitlessConfig.Budgets budgets, MeterRegistry metrics) {
        this.redis = redis;
        this.prefix = keyPrefix + "budget:";
        this.budgets = budgets;
        this.metrics = metrics;
    }

    @Override
    public Decision check(Recipient recipient) {
        return run(recipient, false);
    }

    @Override
    public Decision spend(Recipient recipient) {
        return run(recipient, true);
    }

    /** The prefix of a number: its first {@code digits} digits after the {@code +} ({@code +9725023}). */
    public static String numberPrefix(String e164, int digits) {
        String d = e164.startsWith("+") ? e164.substring(1) : e164;
        return "+" + d.substring(0, Math.min(digits, d.length()));
    }

    private Decision run(Recipient r, boolean spend) {
        String numberPrefix = numberPrefix(r.e164(), budgets.prefixDigits());
        List<String> keys = List.of(prefix + "number:" + r.callerRef(), prefix + "prefix:" + numberPrefix,
                prefix + "country:" + r.region(), prefix + "global", prefix + "burst:" + numberPrefix);
        List<String> args = List.of(spend ? "1" : "0", r.callerRef(),
                max(budgets.perNumber()), seconds(budgets.perNumber()), max(budgets.perPrefix()),
                seconds(budgets.perPrefix()), max(budgets.perCountry()), seconds(budgets.perCountry()),
                max(budgets.global()), seconds(budgets.global()), max(budgets.prefixBurst()),
                seconds(budgets.prefixBurst()));
        Decision d;
        try {
            Object answer = RedisCalls.retryingDeadConnection(() -> redis.eval(SCRIPT, keys, args));
            d = Decision.valueOf(String.valueOf(answer));
        } catch (RuntimeException e) {
            log.warn("SMS budget for {} cannot be {} in Redis, so no text: {}", PhoneMask.mask(r.e164()),
                    spend ? "spent" : "read", e.toString());
            d = Decision.UNAVAILABLE;
        }
        if (!d.allowed()) {
            log.info("no text for {} ({}): {}", PhoneMask.mask(r.e164()), spend ? "spend" : "check", d.wireName());
            metrics.counter("waitless.sms.refused", "reason", d.wireName()).increment();
        }
        return d;
    }

    private static String max(Limit l) {
        return Integer.toString(l.max());
    }

    private static String seconds(Limit l) {
        return Long.toString(Math.max(1, l.window().toSeconds()));
    }
}
