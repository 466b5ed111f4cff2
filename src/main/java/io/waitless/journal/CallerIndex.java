package io.waitless.journal;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.Response;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads what {@link Rollup} indexes per caller: {@code <prefix>journey:<caller>} lists the caller's calls
 * ({@code c:<call>}) and their events outside a call ({@code e:<stream id>}); each call's marker hash
 * {@code <prefix>fc:<call>} names the stream id of every event of the call (as a step marker's value, or as a
 * field of its own).
 */
final class CallerIndex {

    /** One caller's calls and the stream ids of all their indexed events. */
    record Entries(Set<String> calls, List<String> eventIds) {}

    private CallerIndex() {
    }

    static Entries of(UnifiedJedis redis, String prefix, String caller) {
        List<String> listed = RedisCalls.retryingDeadConnection(() -> redis.lrange(prefix + "journey:" + caller, 0, -1));
        Set<String> calls = new LinkedHashSet<>();
        Set<String> ids = new LinkedHashSet<>();
        for (String entry : listed) {
            if (entry.startsWith("c:")) {
                calls.add(entry.substring(2));
            } else if (entry.startsWith("e:")) {
                ids.add(entry.substring(2));
            }
        }
        List<Response<Map<String, String>>> markers = new ArrayList<>(calls.size());
        try (AbstractPipeline p = redis.pipelined()) {
            calls.forEach(call -> markers.add(p.hgetAll(prefix + "fc:" + call)));
            p.sync();
        }
        for (Response<Map<String, String>> m : markers) {
            m.get().forEach((field, value) -> {
                if (isStreamId(field)) {
                    ids.add(field);
                } else if (isStreamId(value)) {
                    ids.add(value);
                }
            });
        }
        return new Entries(calls, List.copyOf(ids));
    }

    /** The stream entries of {@code ids} still in the stream (trimmed ones are gone), in one round trip. */
    static List<StreamEntry> entries(UnifiedJedis redis, String stream, List<String> ids) {
        List<Response<List<StreamEntry>>> replies = new ArrayList<>(ids.size());
        try (AbstractPipeline p = redis.pipelined()) {
            for (String id : ids) {
                StreamEntryID e = new StreamEntryID(id);
                replies.add(p.xrange(stream, e, e, 1));
            }
            p.sync();
        }
        List<StreamEntry> out = new ArrayList<>(ids.size());
        replies.forEach(r -> out.addAll(r.get()));
        return out;
    }

    private static boolean isStreamId(String s) {
        int dash = s.indexOf('-');
        if (dash < 1 || dash == s.length() - 1) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (i != dash && (ch < '0' || ch > '9')) {
                return false;
            }
        }
        return true;
    }
}
