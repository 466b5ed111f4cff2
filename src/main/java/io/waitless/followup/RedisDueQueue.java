package io.waitless.followup;

import io.waitless.journal.RedisCalls;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.Tuple;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link DueQueue} in Redis, under {@code <prefix>followup:}: {@code due} (sorted set, score = due time in ms),
 * {@code leased} (sorted set, score = lease expiry in ms), {@code done} and {@code failed} (sorted sets, score =
 * when it finished) and one hash per item, {@code item:<id>}: {@code kind}, {@code status}, {@code attempts},
 * {@code fence} (the last lease token), {@code owner}, {@code sending} (set while a send may be in flight),
 * {@code result}, and the payload as {@code p.<name>} fields.
 *
 * <p>Every state change is one Lua script, so it is atomic, and each reads the time with {@code TIME} inside the
 * script: due times and lease expiry are judged by Redis's clock only. A claim raises the item's {@code fence}
 * and hands it out as the lease token; marking a send and recording a result check that token, so a node whose
 * lease expired and was taken over can change nothing. Finished items are kept for {@code keep} (then expire).
 * Thread-safe; each command is bounded by the client's {@code redis.timeout}.
 */
public final class RedisDueQueue implements DueQueue {
    private static final String NOW = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            """;

    /** KEYS: due, leased. ARGV: item prefix, node, limit, lease ms. Returns {now, {hash fields…}…}. */
    private static final String CLAIM = NOW + """
            local limit = tonumber(ARGV[3])
            local out = {}
            local function take(id)
              local key = ARGV[1] .. id
              if redis.call('EXISTS', key) == 0 then
                redis.call('ZREM', KEYS[1], id)
                redis.call('ZREM', KEYS[2], id)
                return
              end
              local token = redis.call('HINCRBY', key, 'fence', 1)
              redis.call('ZREM', KEYS[1], id)
              redis.call('ZADD', KEYS[2], now + tonumber(ARGV[4]), id)
              redis.call('HSET', key, 'status', 'leased', 'owner', ARGV[2], 'leased-at', now)
              local h = redis.call('HGETALL', key)
              h[#h + 1] = 'id'
              h[#h + 1] = id
              out[#out + 1] = h
            end
            for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, limit)) do
              take(id)
            end
            if #out < limit then
              for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, limit - #out)) do
                take(id)
              end
            end
            return out
            """;

    /** KEYS: item, leased. ARGV: id, token, needed ms. 1 marked; 0 lease lost; -1 too little lease left. */
    private static final String BEGIN_SEND = NOW + """
            if redis.call('HGET', KEYS[1], 'status') ~= 'leased' or redis.call('HGET', KEYS[1], 'fence') ~= ARGV[2] then
              return 0
            end
            local expiry = redis.call('ZSCORE', KEYS[2], ARGV[1])
            if not expiry then return 0 end
            if tonumber(expiry) - now < tonumber(ARGV[3]) then return -1 end
            redis.call('HSET', KEYS[1], 'sending', now)
            return 1
            """;

    /**
     * KEYS: item, due, leased, done, failed. ARGV: id, token, outcome (done|failed|retry|postpone), ms (delay for
     * retry, due time for postpone), result text, keep ms. 1 recorded; 0 lease lost.
     */
    private static final String RECORD = NOW + """
            if redis.call('HGET', KEYS[1], 'status') ~= 'leased' or redis.call('HGET', KEYS[1], 'fence') ~= ARGV[2] then
              return 0
            end
            redis.call('ZREM', KEYS[3], ARGV[1])
            redis.call('HDEL', KEYS[1], 'sending')
            redis.call('HSET', KEYS[1], 'result', ARGV[5], 'owner', '')
            local outcome = ARGV[3]
            if outcome == 'retry' or outcome == 'postpone' then
              local due = tonumber(ARGV[4])
              if outcome == 'retry' then
                due = now + due
                redis.call('HINCRBY', KEYS[1], 'attempts', 1)
              end
              redis.call('HSET', KEYS[1], 'status', 'due', 'due', due)
              redis.call('ZADD', KEYS[2], due, ARGV[1])
              return 1
            end
            if outcome == 'failed' then redis.call('HINCRBY', KEYS[1], 'attempts', 1) end
            local set = KEYS[4]
            if outcome == 'failed' then set = KEYS[5] end
            redis.call('HSET', KEYS[1], 'status', outcome, 'finished', now)
            redis.call('ZADD', set, now, ARGV[1])
            redis.call('ZREMRANGEBYSCORE', set, '-inf', now - tonumber(ARGV[6]))
            redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[6]))
            return 1
            """;

    /** KEYS: item, due. ARGV: id, due ms, fields… Returns 1 added, 0 exists. */
    private static final String SCHEDULE = """
            if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            redis.call('HSET', KEYS[1], unpack(ARGV, 3))
            redis.call('ZADD', KEYS[2], tonumber(ARGV[2]), ARGV[1])
            return 1
            """;

    /** KEYS: item, due. ARGV: id, due ms. Once per item: a repeated call (a replayed completion) changes nothing. */
    private static final String RESCHEDULE = """
            if redis.call('HGET', KEYS[1], 'status') ~= 'due' then return 0 end
            if redis.call('HEXISTS', KEYS[1], 'rescheduled') == 1 then return 0 end
            redis.call('HSET', KEYS[1], 'due', ARGV[2], 'rescheduled', '1')
            redis.call('ZADD', KEYS[2], tonumber(ARGV[2]), ARGV[1])
            return 1
            """;

    /** KEYS: item, due, leased, failed. ARGV: id, keep ms. 1 cancelled, 0 not allowed, -1 not found. */
    private static final String CANCEL = NOW + """
            local status = redis.call('HGET', KEYS[1], 'status')
            if not status then return -1 end
            if status ~= 'due' and status ~= 'leased' then return 0 end
            redis.call('ZREM', KEYS[2], ARGV[1])
            redis.call('ZREM', KEYS[3], ARGV[1])
            redis.call('HSET', KEYS[1], 'status', 'cancelled', 'finished', now, 'result', 'cancelled')
            redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
            return 1
            """;

    /** KEYS: item, due, failed. ARGV: id. 1 made due, 0 not allowed, -1 not found. */
    private static final String RUN_NOW = NOW + """
            local status = redis.call('HGET', KEYS[1], 'status')
            if not status then return -1 end
            if status ~= 'due' and status ~= 'failed' then return 0 end
            if status == 'failed' then
              redis.call('ZREM', KEYS[3], ARGV[1])
              redis.call('HSET', KEYS[1], 'attempts', 0)
              redis.call('PERSIST', KEYS[1])
            end
            redis.call('HSET', KEYS[1], 'status', 'due', 'due', now)
            redis.call('ZADD', KEYS[2], now, ARGV[1])
            return 1
            """;

    private final UnifiedJedis redis;
    private final String prefix;
    private final String due;
    private final String leased;
    private final String done;
    private final String failed;
    private final Duration keep;

    /**
     * @param keyPrefix the node's Redis key prefix ({@code redis.key-prefix})
     * @param keep      how long finished items stay readable ({@code followup list --failed}) before they expire
     */
    public RedisDueQueue(UnifiedJedis redis, String keyPrefix, Duration keep) {
        this.redis = redis;
        this.prefix = keyPrefix + "followup:item:";
        this.due = keyPrefix + "followup:due";
        this.leased = keyPrefix + "followup:leased";
        this.done = keyPrefix + "followup:done";
        this.failed = keyPrefix + "followup:failed";
        this.keep = keep;
    }

    @Override
    public boolean schedule(FollowUp item) {
        List<String> args = new ArrayList<>(List.of(item.id(), Long.toString(item.due().toEpochMilli()),
                "kind", item.kind(), "status", "due", "attempts", "0", "fence", "0",
                "due", Long.toString(item.due().toEpochMilli())));
        item.payload().forEach((k, v) -> {
            args.add("p." + k);
            args.add(v);
        });
        return number("schedule a follow-up", SCHEDULE, List.of(prefix + item.id(), due), args) == 1;
    }

    @Override
    public boolean reschedule(String id, Instant at) {
        return number("reschedule a follow-up", RESCHEDULE, List.of(prefix + id, due),
                List.of(id, Long.toString(at.toEpochMilli()))) == 1;
    }

    @Override
    public List<Claim> claim(String node, int limit, Duration lease) {
        Object answer = run("claim follow-ups", () -> redis.eval(CLAIM, List.of(due, leased),
                List.of(prefix, node, Integer.toString(limit), Long.toString(lease.toMillis()))));
        List<Claim> out = new ArrayList<>();
        for (Object item : (List<?>) answer) {
            Map<String, String> h = pairs((List<?>) item);
            Map<String, String> payload = new LinkedHashMap<>();
            h.forEach((k, v) -> {
                if (k.startsWith("p.")) {
                    payload.put(k.substring(2), v);
                }
            });
            out.add(new Claim(h.get("id"), h.getOrDefault("kind", ""), Long.parseLong(h.getOrDefault("fence", "0")),
                    Integer.parseInt(h.getOrDefault("attempts", "0")), h.containsKey("sending"), payload));
        }
        return out;
    }

    @Override
    public boolean beginSend(Claim claim, Duration needed) {
        return number("mark a follow-up sending", BEGIN_SEND, List.of(prefix + claim.id(), leased),
                List.of(claim.id(), Long.toString(claim.token()), Long.toString(needed.toMillis()))) == 1;
    }

    @Override
    public boolean record(Claim claim, Outcome outcome) {
        String kind;
        long ms;
        String text;
        switch (outcome) {
            case Outcome.Done d -> { kind = "done"; ms = 0; text = d.detail(); }
            case Outcome.Failed f -> { kind = "failed"; ms = 0; text = f.reason(); }
            case Outcome.Retry r -> { kind = "retry"; ms = r.delay().toMillis(); text = r.error(); }
            case Outcome.Postpone p -> { kind = "postpone"; ms = p.at().toEpochMilli(); text = p.reason(); }
        }
        return number("record a follow-up's result", RECORD,
                List.of(prefix + claim.id(), due, leased, done, failed),
                List.of(claim.id(), Long.toString(claim.token()), kind, Long.toString(ms), clip(text),
                        Long.toString(keep.toMillis()))) == 1;
    }

    @Override
    public Change cancel(String id) {
        return change(number("cancel a follow-up", CANCEL, List.of(prefix + id, due, leased, failed),
                List.of(id, Long.toString(keep.toMillis()))));
    }

    @Override
    public Change runNow(String id) {
        return change(number("run a follow-up now", RUN_NOW, List.of(prefix + id, due, failed), List.of(id)));
    }

    @Override
    public Optional<ItemView> find(String id) {
        Map<String, String> h = run("read a follow-up", () -> redis.hgetAll(prefix + id));
        return h.isEmpty() ? Optional.empty() : Optional.of(view(id, h));
    }

    @Override
    public Optional<String> payloadField(String id, String name) {
        return Optional.ofNullable(run("read a follow-up", () -> redis.hget(prefix + id, "p." + name)));
    }

    @Override
    public List<ItemView> list(ItemView.Status status, int limit) {
        String set = switch (status) {
            case DUE -> due;
            case LEASED -> leased;
            case DONE -> done;
            case FAILED -> failed;
            case CANCELLED -> null;
        };
        if (set == null) {
            return List.of();
        }
        List<Tuple> ids = run("list follow-ups", () -> redis.zrangeWithScores(set, 0, limit - 1));
        List<ItemView> out = new ArrayList<>();
        for (Tuple t : ids) {
            find(t.getElement()).ifPresent(out::add);
        }
        return out;
    }

    @Override
    public long count(ItemView.Status status) {
        String set = switch (status) {
            case DUE -> due;
            case LEASED -> leased;
            case FAILED -> failed;
            default -> null;
        };
        return set == null ? 0 : run("count follow-ups", () -> redis.zcard(set));
    }

    private ItemView view(String id, Map<String, String> h) {
        ItemView.Status status = ItemView.Status.of(h.getOrDefault("status", "")).orElse(ItemView.Status.FAILED);
        String at = switch (status) {
            case DUE -> h.getOrDefault("due", "0");
            case LEASED -> Optional.ofNullable(run("read a lease", () -> redis.zscore(leased, id)))
                    .map(d -> Long.toString(d.longValue())).orElse("0");
            default -> h.getOrDefault("finished", "0");
        };
        Map<String, String> payload = new LinkedHashMap<>();
        h.forEach((k, v) -> {
            if (k.startsWith("p.") && !k.startsWith("p." + NumberVault.FIELD)) {
                payload.put(k.substring(2), v);
            }
        });
        return new ItemView(id, h.getOrDefault("kind", ""), status, Instant.ofEpochMilli(Long.parseLong(at)),
                Integer.parseInt(h.getOrDefault("attempts", "0")), h.getOrDefault("owner", ""),
                h.getOrDefault("result", ""), payload);
    }

    private static Change change(long n) {
        return n == 1 ? Change.CHANGED : n == 0 ? Change.NOT_ALLOWED : Change.NOT_FOUND;
    }

    private static String clip(String s) {
        String one = s == null ? "" : s.replace('\n', ' ');
        return one.length() > 300 ? one.substring(0, 300) : one;
    }

    private long number(String what, String script, List<String> keys, List<String> args) {
        Object r = run(what, () -> redis.eval(script, keys, args));
        return ((Number) r).longValue();
    }

    private static Map<String, String> pairs(List<?> flat) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            out.put(text(flat.get(i)), text(flat.get(i + 1)));
        }
        return out;
    }

    private static String text(Object o) {
        return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
    }

    private static <T> T run(String what, java.util.function.Supplier<T> command) {
        return RedisCalls.run(what, command, FollowUpStoreException::new);
    }
}
