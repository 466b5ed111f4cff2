package io.waitless.journal;

import io.waitless.deflect.Declines;
import redis.clients.jedis.UnifiedJedis;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Declines in Redis: a hash per caller, {@code <prefix>declined:<caller reference>}, promotion slot → the epoch ms
 * its rest ends. The key expires with the longest rest recorded on it, so a caller who never declines again
 * leaves nothing behind. Bounded by {@code redis.timeout}; failures throw
 * {@link Declines.DeclinesUnavailableException}.
 */
public final class RedisDeclines implements Declines {
    /** Sets the slot's end and stretches the key's life to cover the latest end on it. */
    private static final String RECORD = """
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl < tonumber(ARGV[3]) then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
            return 1
            """;

    private final UnifiedJedis redis;
    private final String prefix;
    private final Clock clock;

    public RedisDeclines(UnifiedJedis redis, String keyPrefix, Clock clock) {
        this.redis = redis;
        this.prefix = keyPrefix + "declined:";
        this.clock = clock;
    }

    @Override
    public Set<String> recent(String callerRef) {
        long now = clock.millis();
        Set<String> out = new HashSet<>();
        run("read declines", () -> redis.hgetAll(prefix + callerRef)).forEach((slot, until) -> {
            if (until.matches("\\d{1,15}") && Long.parseLong(until) > now) {
                out.add(slot);
            }
        });
        return out;
    }

    @Override
    public void record(String callerRef, String slot, Duration rest) {
        long until = clock.millis() + rest.toMillis();
        run("record a decline", () -> redis.eval(RECORD, List.of(prefix + callerRef),
                List.of(slot, Long.toString(until), Long.toString(rest.toMillis()))));
    }

    private static <T> T run(String what, Supplier<T> command) {
        return RedisCalls.run(what, command, DeclinesUnavailableException::new);
    }
}
