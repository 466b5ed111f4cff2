package io.waitless.journal;

import io.waitless.reload.ReloadBoard;
import io.waitless.reload.ReloadStatus;
import redis.clients.jedis.UnifiedJedis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Reload statuses in Redis: the set {@code <prefix>config-nodes} names the nodes, and the hash
 * {@code <prefix>config-status:<node>} holds each one's fields (lists one item per line; the snapshot one
 * {@code path\tvalue} per line, with tabs and line breaks in values escaped). Bounded by {@code redis.timeout};
 * failures throw {@link ReloadBoard.BoardUnavailableException}.
 */
public final class RedisReloadBoard implements ReloadBoard {
    private final UnifiedJedis redis;
    private final String prefix;

    public RedisReloadBoard(UnifiedJedis redis, String keyPrefix) {
        this.redis = redis;
        this.prefix = keyPrefix;
    }

    private String key(String node) {
        return prefix + "config-status:" + node;
    }

    @Override
    public void publish(ReloadStatus s) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("node", s.node());
        f.put("file", s.file());
        f.put("state", s.state().name());
        f.put("at", Long.toString(s.at().toEpochMilli()));
        f.put("running", s.running());
        f.put("attempted", s.attempted());
        f.put("problems", lines(s.problems()));
        f.put("changes", lines(s.changes()));
        f.put("restart", lines(s.restart()));
        StringBuilder snap = new StringBuilder();
        s.snapshot().forEach((k, v) -> snap.append(escape(k)).append('\t').append(escape(v)).append('\n'));
        f.put("snapshot", snap.toString());
        run("publish the reload status", () -> {
            redis.hset(key(s.node()), f);
            return redis.sadd(prefix + "config-nodes", s.node());
        });
    }

    @Override
    public void remove(String node) {
        run("remove a node's reload status", () -> {
            redis.del(key(node));
            return redis.srem(prefix + "config-nodes", node);
        });
    }

    @Override
    public List<ReloadStatus> all() {
        List<ReloadStatus> out = new ArrayList<>();
        for (String node : run("read the nodes", () -> new TreeSet<>(redis.smembers(prefix + "config-nodes")))) {
            Map<String, String> f = run("read a reload status", () -> redis.hgetAll(key(node)));
            if (f.isEmpty() || !f.getOrDefault("at", "").matches("\\d{1,15}")) {
                continue;
            }
            Map<String, String> snapshot = new LinkedHashMap<>();
            f.getOrDefault("snapshot", "").lines().forEach(l -> {
                int tab = l.indexOf('\t');
                if (tab > 0) {
                    snapshot.put(unescape(l.substring(0, tab)), unescape(l.substring(tab + 1)));
                }
            });
            ReloadStatus.State state;
            try {
                state = ReloadStatus.State.valueOf(f.getOrDefault("state", ""));
            } catch (IllegalArgumentException e) {
                continue;
            }
            out.add(new ReloadStatus(node, f.getOrDefault("file", ""), state,
                    Instant.ofEpochMilli(Long.parseLong(f.get("at"))), f.getOrDefault("running", ""),
                    f.getOrDefault("attempted", ""), split(f.get("problems")), split(f.get("changes")),
                    split(f.get("restart")), snapshot));
        }
        return out;
    }

    private static String lines(List<String> items) {
        return String.join("\n", items.stream().map(i -> i.replace('\n', ' ')).toList());
    }

    private static List<String> split(String s) {
        return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split("\n"));
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                out.append(n == 't' ? '\t' : n == 'n' ? '\n' : n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static <T> T run(String what, Supplier<T> command) {
        return RedisCalls.run(what, command, ReloadBoard.BoardUnavailableException::new);
    }
}
