package io.waitless.journal;

import io.waitless.config.WaitlessConfig;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;

import java.net.URI;
import java.time.Duration;

/**
 * Builds the one {@link RedisClient} a node uses, with every wait bounded by the configured timeout:
 * connect, socket reads and borrowing a pooled connection. A call thread therefore never blocks on
 * Redis for longer than {@code redis.timeout} (plus one retry-free round trip).
 */
public final class RedisConnector {
    private RedisConnector() {
    }

    public static RedisClient connect(WaitlessConfig.Redis cfg) {
        URI uri = cfg.uri();
        int timeoutMs = (int) Math.max(1, cfg.timeout().toMillis());
        int db = 0;
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            db = Integer.parseInt(path.substring(1));
        }
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMs)
                .socketTimeoutMillis(timeoutMs)
                .database(db)
                .clientName("waitless");
        if (!cfg.password().isEmpty()) {
            client.password(cfg.password());
        }
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
        return RedisClient.builder()
                .hostAndPort(new HostAndPort(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()))
                .clientConfig(client.build())
                .poolConfig(pool)
                .build();
    }
}
