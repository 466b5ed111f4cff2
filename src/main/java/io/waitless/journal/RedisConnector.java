package io.waitless.journal;

import io.waitless.config.WaitlessConfig;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Builds the one client a node uses, with every wait bounded by the configured timeout: connect, socket reads and
 * borrowing a pooled connection. A call thread therefore never blocks on Redis for longer than {@code redis.timeout}
 * (plus one retry-free round trip).
 *
 * <p>The client is a {@link UnifiedJedis}: a {@link RedisClient} for one Redis ({@code redis.uri}), or a
 * {@link RedisSentinelClient} that asks the sentinels for the master ({@code redis.sentinel}) and moves its pool to
 * the new master when they announce a failover. Both pipeline and run scripts alike; the Lua scripts touch several
 * keys and need one Redis, so Redis Cluster is not supported.
 */
public final class RedisConnector {
    private RedisConnector() {
    }

    public static UnifiedJedis connect(WaitlessConfig.Redis cfg) {
        int timeoutMs = (int) Math.max(1, cfg.timeout().toMillis());
        if (cfg.sentinel().isPresent()) {
            WaitlessConfig.Sentinel sentinel = cfg.sentinel().get();
            Set<HostAndPort> nodes = new LinkedHashSet<>();
            sentinel.nodes().forEach(n -> nodes.add(new HostAndPort(n.host(), n.port())));
            DefaultJedisClientConfig.Builder sentinels = DefaultJedisClientConfig.builder()
                    .connectionTimeoutMillis(timeoutMs)
                    .socketTimeoutMillis(timeoutMs)
                    .clientName("waitless-sentinel");
            if (!sentinel.password().isEmpty()) {
                sentinels.password(sentinel.password());
            }
            return RedisSentinelClient.builder()
                    .masterName(sentinel.master())
                    .sentinels(nodes)
                    .sentinelClientConfig(sentinels.build())
                    .clientConfig(client(cfg, timeoutMs, 0))
                    .poolConfig(pool(timeoutMs))
                    .build();
        }
        URI uri = cfg.uri();
        String path = uri.getPath();
        int db = path != null && path.length() > 1 ? Integer.parseInt(path.substring(1)) : 0;
        return RedisClient.builder()
                .hostAndPort(new HostAndPort(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()))
                .clientConfig(client(cfg, timeoutMs, db))
                .poolConfig(pool(timeoutMs))
                .build();
    }

    private static DefaultJedisClientConfig client(WaitlessConfig.Redis cfg, int timeoutMs, int db) {
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMs)
                .socketTimeoutMillis(timeoutMs)
                .database(db)
                .clientName("waitless");
        if (!cfg.password().isEmpty()) {
            client.password(cfg.password());
        }
        return client.build();
    }

    private static GenericObjectPoolConfig<Connection> pool(int timeoutMs) {
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(64);
        pool.setMaxIdle(16);
        pool.setMinIdle(0);
        pool.setBlockWhenExhausted(true);
        pool.setMaxWait(Duration.ofMillis(timeoutMs));
        pool.setJmxEnabled(false);
        // idle connections are checked in the background; one that died with a Redis restart in between is
        // caught by RedisCalls' single retry (a PING on every borrow would double the wait on a frozen Redis)
        pool.setTestWhileIdle(true);
        pool.setTimeBetweenEvictionRuns(Duration.ofSeconds(5));
        return pool;
    }
}
