package io.waitless.followup;

import io.waitless.journal.RedisCalls;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Erases what the follow-ups keep about one caller ({@code waitless forget NUMBER}): their queue items (which hold
 * the encrypted number), the survey awaiting their reply, their once-per slot, their survey answers and comments,
 * their returnee record and the alerts about them, the first-time tag, the "texted recently" marker. Found by the
 * caller reference each of them carries (a {@code SCAN} of those key families: an operator's command, not a hot
 * path). Blocking; Redis failures thrown as {@link DueQueue.FollowUpStoreException}.
 */
public final class FollowUpForget {
    private final UnifiedJedis redis;
    private final String p;

    public FollowUpForget(UnifiedJedis redis, String keyPrefix) {
        this.redis = redis;
        this.p = keyPrefix;
    }

    /** How many records were erased. */
    public long forget(String callerRef) {
        long[] n = {0};
        scan(p + "followup:item:*", key -> {
            Map<String, String> h = redis.hgetAll(key);
            if (callerRef.equals(h.get("p.caller"))) {
                String id = key.substring((p + "followup:item:").length());
                for (String set : List.of("due", "leased", "done", "failed")) {
                    redis.zrem(p + "followup:" + set, id);
                }
                redis.del(key);
                if (h.containsKey("p.deflection")) {
                    redis.hdel(p + "survey:first-time", h.get("p.deflection"));
                }
                n[0]++;
            }
        });
        scan(p + "survey:answer:*", key -> {
            if (callerRef.equals(redis.hget(key, "caller"))) {
                redis.zrem(p + "survey:answers", redis.hget(key, "deflection"));
                redis.del(key);
                n[0]++;
            }
        });
        scan(p + "followup:returnee:*", key -> {
            if (callerRef.equals(redis.hget(key, "caller"))) {
                redis.zrem(p + "followup:returnees", redis.hget(key, "deflection"));
                redis.del(key);
                n[0]++;
            }
        });
        scan(p + "alerts:alert:*", key -> {
            if (callerRef.equals(redis.hget(key, "caller"))) {
                redis.zrem(p + "alerts:open", redis.hget(key, "id"));
                redis.zrem(p + "alerts:all", redis.hget(key, "id"));
                redis.del(key);
                n[0]++;
            }
        });
        n[0] += run(() -> redis.del(p + "survey:awaiting:" + callerRef, p + "survey:once:" + callerRef,
                p + "followup:accepted:" + callerRef));
        n[0] += run(() -> redis.srem(p + "survey:completers", callerRef));
        return n[0];
    }

    private void scan(String pattern, Consumer<String> each) {
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            String c = cursor;
            ScanResult<String> page = run(() -> redis.scan(c, new ScanParams().match(pattern).count(1000)));
            for (String key : page.getResult()) {
                run(() -> {
                    each.accept(key);
                    return null;
                });
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    }

    private static <T> T run(java.util.function.Supplier<T> command) {
        return RedisCalls.run("forget a caller's follow-ups", command, DueQueue.FollowUpStoreException::new);
    }
}
