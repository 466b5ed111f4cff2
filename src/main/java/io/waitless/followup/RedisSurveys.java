package io.waitless.followup;

import io.waitless.journal.RedisCalls;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ZRangeParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.Tuple;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The survey's state in Redis, under {@code <prefix>survey:}: {@code once:<caller>} (the caller's one survey per
 * {@code once-per}, naming its deflection), {@code awaiting:<caller>} (the survey waiting for this caller's reply,
 * expiring with the reply window), {@code answer:<deflection>} and {@code answers} (sorted by time) for the scores,
 * {@code count:<day>} (sent, answered, invalid, unmatched, cancelled per day in the company's zone),
 * {@code completers} and {@code first-time} (who completed a flow, and which deflections were someone's first).
 * Keys hold caller references and masked numbers only. Thread-safe; each command bounded by {@code redis.timeout},
 * a failure thrown as {@link DueQueue.FollowUpStoreException}.
 */
public final class RedisSurveys {
    private final UnifiedJedis redis;
    private final String p;
    private final ZoneId zone;
    private final Duration retention;

    /**
     * @param zone      the zone days are counted in (the company's)
     * @param retention how long answers are kept ({@code journal.retention})
     */
    public RedisSurveys(UnifiedJedis redis, String keyPrefix, ZoneId zone, Duration retention) {
        this.redis = redis;
        this.p = keyPrefix + "survey:";
        this.zone = zone;
        this.retention = retention;
    }

    /**
     * Takes the caller's survey slot for {@code deflection} for {@code oncePer}; {@code true} when it is free or
     * already this deflection's (a retried send), {@code false} when another deflection had a survey in that time.
     */
    public boolean reserve(String callerRef, String deflection, Duration oncePer) {
        if (oncePer.isZero()) {
            return true;
        }
        String key = p + "once:" + callerRef;
        return run("reserve a survey", () -> {
            String set = redis.set(key, deflection, SetParams.setParams().nx().px(oncePer.toMillis()));
            return "OK".equals(set) || deflection.equals(redis.get(key));
        });
    }

    /** A survey waiting for a caller's reply. {@code stage}: {@code score}, {@code comment} or {@code returnee}. */
    public record Awaiting(String deflection, String stage, boolean askedAgain, Map<String, String> about) {
        public String get(String name) {
            return about.getOrDefault(name, "");
        }
    }

    /** Waits for {@code callerRef}'s reply for {@code window}; replaces what was awaited before. */
    public void await(String callerRef, Awaiting a, Duration window) {
        String key = p + "awaiting:" + callerRef;
        Map<String, String> h = new LinkedHashMap<>(a.about());
        h.put("deflection", a.deflection());
        h.put("stage", a.stage());
        h.put("asked-again", a.askedAgain() ? "1" : "0");
        run("await a survey reply", () -> {
            redis.del(key);
            redis.hset(key, h);
            return redis.pexpire(key, window.toMillis());
        });
    }

    public Optional<Awaiting> awaiting(String callerRef) {
        Map<String, String> h = run("read an awaited survey", () -> redis.hgetAll(p + "awaiting:" + callerRef));
        if (h.isEmpty() || !h.containsKey("deflection")) {
            return Optional.empty();
        }
        Map<String, String> about = new LinkedHashMap<>(h);
        about.keySet().removeAll(List.of("deflection", "stage", "asked-again"));
        return Optional.of(new Awaiting(h.get("deflection"), h.getOrDefault("stage", "score"),
                "1".equals(h.get("asked-again")), about));
    }

    /** Stops waiting; {@code true} if something was awaited. */
    public boolean closeAwaiting(String callerRef) {
        return run("close an awaited survey", () -> redis.del(p + "awaiting:" + callerRef)) == 1;
    }

    /** Stores (or adds to) a deflection's answer: {@code score}, {@code comment}, {@code invalid}… */
    public void answer(String deflection, Instant at, Map<String, String> fields) {
        String key = p + "answer:" + deflection;
        Map<String, String> h = new LinkedHashMap<>(fields);
        h.put("deflection", deflection);
        run("store a survey answer", () -> {
            redis.hset(key, h);
            redis.hsetnx(key, "at", Long.toString(at.toEpochMilli()));
            redis.pexpire(key, retention.toMillis());
            redis.zadd(p + "answers", at.toEpochMilli(), deflection);
            return redis.zremrangeByScore(p + "answers", Double.NEGATIVE_INFINITY,
                    at.minus(retention).toEpochMilli());
        });
    }

    /** Answers stored between {@code from} (inclusive) and {@code to} (exclusive), oldest first. */
    public List<Map<String, String>> answers(Instant from, Instant to, int limit) {
        List<Tuple> ids = run("read survey answers", () -> redis.zrangeWithScores(p + "answers",
                ZRangeParams.zrangeByScoreParams(from.toEpochMilli(), to.toEpochMilli() - 1).limit(0, limit)));
        List<Map<String, String>> out = new ArrayList<>();
        for (Tuple t : ids) {
            Map<String, String> h = run("read a survey answer", () -> redis.hgetAll(p + "answer:" + t.getElement()));
            if (!h.isEmpty()) {
                out.add(h);
            }
        }
        return out;
    }

    /** Counts {@code what} ({@code sent}, {@code answered}, {@code invalid}, {@code unmatched}, {@code cancelled}). */
    public void count(String what, Instant at) {
        String key = p + "count:" + LocalDate.ofInstant(at, zone);
        run("count a survey step", () -> {
            redis.hincrBy(key, what, 1);
            return redis.pexpire(key, retention.toMillis());
        });
    }

    /** The counters of one day. */
    public Map<String, Long> counts(LocalDate day) {
        Map<String, String> h = run("read survey counts", () -> redis.hgetAll(p + "count:" + day));
        Map<String, Long> out = new LinkedHashMap<>();
        h.forEach((k, v) -> out.put(k, Long.parseLong(v)));
        return out;
    }

    /** Records that {@code callerRef} completed a flow; {@code true} the first time (tags the deflection). */
    public boolean completed(String callerRef, String deflection, Instant at) {
        return run("tag a first-time digital user", () -> {
            boolean first = redis.sadd(p + "completers", callerRef) == 1;
            if (first) {
                redis.hset(p + "first-time", deflection, Long.toString(at.toEpochMilli()));
            }
            return first;
        });
    }

    /** Whether {@code deflection} was its caller's first completed flow. */
    public boolean firstTime(String deflection) {
        return run("read a first-time tag", () -> redis.hexists(p + "first-time", deflection));
    }

    private static <T> T run(String what, java.util.function.Supplier<T> command) {
        return RedisCalls.run(what, command, DueQueue.FollowUpStoreException::new);
    }
}
