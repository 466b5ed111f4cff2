package io.waitless.web;

import io.waitless.journal.RedisCalls;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

import java.time.Duration;

/** Seen webhook messages as Redis keys {@code <prefix>hook:<source>:<id>}, set with {@code SET NX PX}. */
public final class RedisReplayGuard implements ReplayGuard {
    private final UnifiedJedis redis;
    private final String prefix;

    public RedisReplayGuard(UnifiedJedis redis, String keyPrefix) {
        this.redis = redis;
        this.prefix = keyPrefix + "hook:";
    }

    @Override
    public boolean firstSeen(String source, String id, Duration window) {
        try {
            String reply = RedisCalls.retryingDeadConnection(() -> redis.set(prefix + source + ":" + id, "1",
                    SetParams.setParams().nx().px(window.toMillis())));
            return "OK".equals(reply);
        } catch (RuntimeException e) {
            throw new ReplayGuardException("could not check a webhook for replay: " + e.getMessage(), e);
        }
    }

    @Override
    public void forget(String source, String id) {
        try {
            RedisCalls.retryingDeadConnection(() -> redis.del(prefix + source + ":" + id));
        } catch (RuntimeException e) {
            throw new ReplayGuardException("could not forget a webhook: " + e.getMessage(), e);
        }
    }
}
