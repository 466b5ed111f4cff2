package io.waitless.followup;

import io.waitless.journal.RedisCalls;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ZRangeParams;
import redis.clients.jedis.resps.Tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Alerts on bad feedback in Redis, under {@code <prefix>alerts:}: {@code seq} (ids), {@code open} and {@code all}
 * (sorted by time; {@code all} trimmed to the retention) and {@code alert:<id>} (what happened: {@code reason}, {@code score}, {@code comment}, the deflection, the
 * masked number; never the number). Acknowledging takes an alert off the open list. Thread-safe; failures thrown as
 * {@link DueQueue.FollowUpStoreException}.
 */
public final class RedisAlerts {
    private final UnifiedJedis redis;
    private final String p;
    private final Duration retention;

    public RedisAlerts(UnifiedJedis redis, String keyPrefix, Duration retention) {
        this.redis = redis;
        this.p = keyPrefix + "alerts:";
        this.retention = retention;
    }

    /** Opens an alert; returns its id ({@code a<number>}). */
    public String raise(Instant at, Map<String, String> fields) {
        return run("raise an alert", () -> {
            String id = "a" + redis.incr(p + "seq");
            Map<String, String> h = new LinkedHashMap<>(fields);
            h.put("id", id);
            h.put("at", Long.toString(at.toEpochMilli()));
            h.put("status", "open");
            redis.hset(p + "alert:" + id, h);
            redis.pexpire(p + "alert:" + id, retention.toMillis());
            redis.zadd(p + "open", at.toEpochMilli(), id);
            redis.zadd(p + "all", at.toEpochMilli(), id);
            redis.zremrangeByScore(p + "all", Double.NEGATIVE_INFINITY, at.minus(retention).toEpochMilli());
            return id;
        });
    }

    public Optional<Map<String, String>> find(String id) {
        Map<String, String> h = run("read an alert", () -> redis.hgetAll(p + "alert:" + id));
        return h.isEmpty() ? Optional.empty() : Optional.of(h);
    }

    /** Open alerts, newest first. */
    public List<Map<String, String>> open(int limit) {
        List<Tuple> ids = run("list open alerts", () -> redis.zrangeWithScores(p + "open",
                ZRangeParams.zrangeParams(0, limit - 1).rev()));
        List<Map<String, String>> out = new ArrayList<>();
        for (Tuple t : ids) {
            find(t.getElement()).ifPresent(out::add);
        }
        return out;
    }

    /** Alerts raised in {@code [from, to)}, open or acknowledged. */
    public long countBetween(Instant from, Instant to) {
        return run("count alerts", () -> redis.zcount(p + "all", from.toEpochMilli(), to.toEpochMilli() - 1));
    }

    /** Acknowledges an open alert; {@code false} when there is no such open alert. */
    public boolean acknowledge(String id, String by, Instant at) {
        return run("acknowledge an alert", () -> {
            if (redis.zrem(p + "open", id) == 0) {
                return false;
            }
            redis.hset(p + "alert:" + id, Map.of("status", "acknowledged", "acknowledged-by", by,
                    "acknowledged-at", Long.toString(at.toEpochMilli())));
            return true;
        });
    }

    private static <T> T run(String what, java.util.function.Supplier<T> command) {
        return RedisCalls.run(what, command, DueQueue.FollowUpStoreException::new);
    }
}
