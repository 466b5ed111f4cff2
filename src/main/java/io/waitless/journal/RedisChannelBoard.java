package io.waitless.journal;

import io.waitless.deflect.ChannelBoard;
import redis.clients.jedis.UnifiedJedis;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The channel board in Redis: the hash {@code <prefix>channel-overrides} (channel → {@code STATE\treason\tby\tepoch-ms})
 * and the hash {@code <prefix>channel-state} (channel → {@code STATE\treason\tepoch-ms}). A transition is a Lua
 * compare-and-set on the state alone, so two nodes seeing the same change record it once. Every command is
 * bounded by the client's {@code redis.timeout}; failures throw {@link ChannelBoard.BoardUnavailableException}.
 */
public final class RedisChannelBoard implements ChannelBoard {

    private static final String TRANSITION = """
            local old = redis.call('HGET', KEYS[1], ARGV[1])
            if old and string.sub(old, 1, string.len(ARGV[2]) + 1) == ARGV[2] .. '\\t' then return 0 end
            if not old and ARGV[2] == 'UP' then
              redis.call('HSET', KEYS[1], ARGV[1], ARGV[3]); return 0
            end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[3]); return 1
            """;

    private final UnifiedJedis redis;
    private final String overrides;
    private final String states;

    public RedisChannelBoard(UnifiedJedis redis, String keyPrefix) {
        this.redis = redis;
        this.overrides = keyPrefix + "channel-overrides";
        this.states = keyPrefix + "channel-state";
    }

    @Override
    public Map<String, Manual> overrides() {
        Map<String, String> all = run("read overrides", () -> redis.hgetAll(overrides));
        Map<String, Manual> out = new TreeMap<>();
        all.forEach((channel, v) -> {
            String[] f = v.split("\t", 4);
            if (f.length == 4 && (f[0].equals("UP") || f[0].equals("DOWN")) && f[3].matches("\\d{1,15}")) {
                out.put(channel, new Manual(State.valueOf(f[0]), f[1], f[2], Instant.ofEpochMilli(Long.parseLong(f[3]))));
            }
        });
        return out;
    }

    @Override
    public void override(String channel, Manual o) {
        String v = o.state() + "\t" + clean(o.reason()) + "\t" + clean(o.by()) + "\t" + o.at().toEpochMilli();
        run("write an override", () -> redis.hset(overrides, channel, v));
    }

    @Override
    public boolean clear(String channel) {
        return run("clear an override", () -> redis.hdel(overrides, channel)) == 1L;
    }

    @Override
    public boolean transition(String channel, Seen seen) {
        String v = seen.state() + "\t" + clean(seen.reason()) + "\t" + seen.at().toEpochMilli();
        Object r = run("record a channel state", () -> redis.eval(TRANSITION, List.of(states),
                List.of(channel, seen.state().name(), v)));
        return Long.valueOf(1L).equals(r);
    }

    @Override
    public Map<String, Seen> seen() {
        Map<String, String> all = run("read channel states", () -> redis.hgetAll(states));
        Map<String, Seen> out = new LinkedHashMap<>();
        new TreeMap<>(all).forEach((channel, v) -> {
            String[] f = v.split("\t", 3);
            if (f.length == 3 && (f[0].equals("UP") || f[0].equals("DOWN")) && f[2].matches("\\d{1,15}")) {
                out.put(channel, new Seen(State.valueOf(f[0]), f[1], Instant.ofEpochMilli(Long.parseLong(f[2]))));
            }
        });
        return out;
    }

    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\n', ' ');
    }

    private static <T> T run(String what, Supplier<T> command) {
        return RedisCalls.run(what, command, BoardUnavailableException::new);
    }
}
