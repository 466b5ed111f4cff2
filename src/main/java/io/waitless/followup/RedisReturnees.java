package io.waitless.followup;

import io.waitless.journal.RedisCalls;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ZRangeParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.Tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Returnees in Redis, under {@code <prefix>followup:}: {@code accepted:<caller>} (the caller's last texted
 * deflection and when, expiring after the repeat window), {@code returnees} (sorted by the time they called again)
 * and {@code returnee:<deflection>} (who, when, what they tried online). Caller references and masked numbers
 * only. Thread-safe; failures thrown as {@link DueQueue.FollowUpStoreException}.
 */
public final class RedisReturnees {
    private final UnifiedJedis redis;
    private final String p;
    private final Duration retention;

    public RedisReturnees(UnifiedJedis redis, String keyPrefix, Duration retention) {
        this.redis = redis;
        this.p = keyPrefix + "followup:";
        this.retention = retention;
    }

    /** Remembers that {@code callerRef} was texted {@code deflection} at {@code at}, for {@code window}. */
    public void accepted(String callerRef, String deflection, Instant at, Duration window) {
        run("remember an accepted text", () -> redis.set(p + "accepted:" + callerRef,
                deflection + "\t" + at.toEpochMilli(), SetParams.setParams().px(Math.max(1, window.toMillis()))));
    }

    /** The deflection {@code callerRef} was texted within the window, and when. */
    public Optional<Map.Entry<String, Instant>> lastAccepted(String callerRef) {
        String v = run("read an accepted text", () -> redis.get(p + "accepted:" + callerRef));
        if (v == null || !v.contains("\t")) {
            return Optional.empty();
        }
        String[] parts = v.split("\t", 2);
        return Optional.of(Map.entry(parts[0], Instant.ofEpochMilli(Long.parseLong(parts[1]))));
    }

    /** Marks a returnee once per deflection; {@code false} when it was marked already. */
    public boolean mark(String deflection, Instant at, Map<String, String> fields) {
        String key = p + "returnee:" + deflection;
        Map<String, String> h = new LinkedHashMap<>(fields);
        h.put("deflection", deflection);
        h.put("returned-at", Long.toString(at.toEpochMilli()));
        return run("mark a returnee", () -> {
            if (redis.hsetnx(key, "deflection", deflection) == 0) {
                return false;
            }
            redis.hset(key, h);
            redis.pexpire(key, retention.toMillis());
            redis.zadd(p + "returnees", at.toEpochMilli(), deflection);
            redis.zremrangeByScore(p + "returnees", Double.NEGATIVE_INFINITY, at.minus(retention).toEpochMilli());
            return true;
        });
    }

    /** Adds to a returnee's record (their answer to "what was missing?"). */
    public void note(String deflection, Map<String, String> fields) {
        run("note on a returnee", () -> redis.hset(p + "returnee:" + deflection, fields));
    }

    public Optional<Map<String, String>> find(String deflection) {
        Map<String, String> h = run("read a returnee", () -> redis.hgetAll(p + "returnee:" + deflection));
        return h.isEmpty() ? Optional.empty() : Optional.of(h);
    }

    /** Returnees who called again from {@code from} on, newest first. */
    public List<Map<String, String>> list(Instant from, int limit) {
        List<Tuple> ids = run("list returnees", () -> redis.zrangeWithScores(p + "returnees",
                ZRangeParams.zrangeByScoreParams(Double.POSITIVE_INFINITY, from.toEpochMilli()).rev().limit(0, limit)));
        List<Map<String, String>> out = new ArrayList<>();
        for (Tuple t : ids) {
            Map<String, String> h = run("read a returnee", () -> redis.hgetAll(p + "returnee:" + t.getElement()));
            if (!h.isEmpty()) {
                out.add(h);
            }
        }
        return out;
    }

    private static <T> T run(String what, java.util.function.Supplier<T> command) {
        return RedisCalls.run(what, command, DueQueue.FollowUpStoreException::new);
    }
}
