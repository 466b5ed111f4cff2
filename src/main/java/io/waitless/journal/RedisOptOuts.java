package io.waitless.journal;

import io.waitless.deflect.OptOuts;
import redis.clients.jedis.UnifiedJedis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@link OptOuts} in one Redis hash, {@code <prefix>optouts}: field = caller reference, value =
 * {@code <epoch-ms>\t<source>\t<masked number>}. The number itself is never stored.
 *
 * <p>Fail closed: every Redis failure throws {@link OptOuts.OptOutUnavailableException}, so the caller is
 * treated as opted out. Each command is bounded by the client's {@code redis.timeout}. Thread-safe.
 */
public final class RedisOptOuts implements OptOuts {
    private final UnifiedJedis redis;
    private final String key;

    public RedisOptOuts(UnifiedJedis redis, String keyPrefix) {
        this.redis = redis;
        this.key = keyPrefix + "optouts";
    }

    @Override
    public boolean contains(String callerRef) {
        if (callerRef.isEmpty()) {
            return false;
        }
        return run("read", () -> redis.hexists(key, callerRef));
    }

    @Override
    public boolean add(Entry entry) {
        String value = entry.at().toEpochMilli() + "\t" + clean(entry.source()) + "\t" + clean(entry.masked());
        return run("write", () -> redis.hsetnx(key, entry.callerRef(), value) == 1L);
    }

    @Override
    public boolean remove(String callerRef) {
        return run("write", () -> redis.hdel(key, callerRef) == 1L);
    }

    @Override
    public List<Entry> list() {
        Map<String, String> all = run("read", () -> redis.hgetAll(key));
        List<Entry> out = new ArrayList<>(all.size());
        all.forEach((ref, value) -> out.add(parse(ref, value)));
        out.sort(Comparator.comparing(Entry::at).reversed());
        return out;
    }

    /** An entry written by hand in a form we cannot read is still listed (it still blocks texts). */
    private static Entry parse(String ref, String value) {
        String[] parts = value.split("\t", 3);
        if (parts.length != 3 || !parts[0].matches("\\d{1,15}")) {
            return new Entry(ref, "(unreadable entry)", Instant.EPOCH, "?");
        }
        return new Entry(ref, parts[2], Instant.ofEpochMilli(Long.parseLong(parts[0])), parts[1]);
    }

    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\n', ' ');
    }

    private <T> T run(String what, java.util.function.Supplier<T> command) {
        try {
            return RedisCalls.retryingDeadConnection(command);
        } catch (RuntimeException e) {
            throw new OptOutUnavailableException("cannot " + what + " the opt-out list in Redis: " + e, e);
        }
    }
}
