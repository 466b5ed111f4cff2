package io.waitless.link;

import io.waitless.journal.RedisCalls;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Redeemed tokens as Redis keys {@code <prefix>token:<jti>} set with {@code SET NX PX}: the first
 * {@code SET} wins. A key lives until the token expires plus {@link LinkTokens#CLOCK_SKEW}, after which
 * the token is refused as expired anyway.
 */
public final class RedisTokenLedger implements TokenLedger {
    private final UnifiedJedis redis;
    private final String prefix;
    private final Clock clock;

    public RedisTokenLedger(UnifiedJedis redis, String keyPrefix, Clock clock) {
        this.redis = redis;
        this.prefix = keyPrefix + "token:";
        this.clock = clock;
    }

    @Override
    public boolean firstUse(String tokenId, Instant expires) {
        long ttl = Math.max(1000, Duration.between(clock.instant(), expires).plus(LinkTokens.CLOCK_SKEW).toMillis());
        String reply;
        try {
            reply = RedisCalls.retryingDeadConnection(() -> redis.set(prefix + tokenId, Long.toString(clock.millis()),
                    SetParams.setParams().nx().px(ttl)));
        } catch (RuntimeException e) {
            throw new TokenLedgerException("could not record a token redemption: " + e.getMessage(), e);
        }
        return "OK".equals(reply);
    }
}
