package io.waitless.link;

import io.waitless.journal.RedisCalls;
import redis.clients.jedis.UnifiedJedis;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Short links as Redis hashes {@code <prefix>link:<code>} that expire with the link. */
public final class RedisLinkStore implements LinkStore {
    private static final String CREATE = """
            if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            redis.call('HSET', KEYS[1], 'deflection', ARGV[1], 'flow', ARGV[2], 'target', ARGV[3], 'expires', ARGV[4])
            redis.call('PEXPIREAT', KEYS[1], ARGV[4])
            return 1
            """;

    private final UnifiedJedis redis;
    private final String prefix;

    public RedisLinkStore(UnifiedJedis redis, String keyPrefix) {
        this.redis = redis;
        this.prefix = keyPrefix + "link:";
    }

    @Override
    public boolean create(ShortLink link) {
        try {
            Object r = RedisCalls.retryingDeadConnection(() -> redis.eval(CREATE, List.of(prefix + link.code()),
                    List.of(link.deflection(), link.flow(), link.target().toString(),
                            Long.toString(link.expires().toEpochMilli()))));
            return r instanceof Long l && l == 1;
        } catch (RuntimeException e) {
            throw new LinkStoreException("could not store a short link: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<ShortLink> find(String code) {
        if (!LinkCodes.wellFormed(code)) {
            return Optional.empty();
        }
        Map<String, String> h;
        try {
            h = RedisCalls.retryingDeadConnection(() -> redis.hgetAll(prefix + code));
        } catch (RuntimeException e) {
            throw new LinkStoreException("could not read a short link: " + e.getMessage(), e);
        }
        if (h == null || h.isEmpty()) {
            return Optional.empty();
        }
        Instant expires = Instant.ofEpochMilli(Long.parseLong(h.get("expires")));
        if (!expires.isAfter(Instant.now())) {
            return Optional.empty();
        }
        return Optional.of(new ShortLink(code, h.get("deflection"), h.get("flow"), URI.create(h.get("target")),
                expires));
    }
}
