package io.waitless.testing;

import io.waitless.journal.RedisProcess;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis Sentinel ({@code redis-server <conf> --sentinel}) on a free loopback port watching one master, with
 * quorum 1 and a 1 s down-after, for failover tests. Its config and log live in their own temporary directory.
 */
public final class RedisSentinel implements AutoCloseable {
    public static final String MASTER = "mymaster";

    private final Process process;
    private final int port;

    private RedisSentinel(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts a sentinel watching the master on 127.0.0.1:{@code masterPort}; waits until it accepts connections. */
    public static RedisSentinel watch(int masterPort) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("waitless-sentinel");
        int port = RedisProcess.freePort();
        Path conf = Files.writeString(dir.resolve("sentinel.conf"), String.join("\n",
                "port " + port,
                "bind 127.0.0.1",
                "dir " + dir.toAbsolutePath(),
                "sentinel monitor " + MASTER + " 127.0.0.1 " + masterPort + " 1",
                "sentinel down-after-milliseconds " + MASTER + " 1000",
                "sentinel failover-timeout " + MASTER + " 3000",
                "sentinel parallel-syncs " + MASTER + " 1", ""));
        Process p = new ProcessBuilder("redis-server", conf.toString(), "--sentinel").redirectErrorStream(true)
                .redirectOutput(dir.resolve("sentinel.log").toFile()).start();
        if (RedisProcess.listening(p, port, Duration.ofSeconds(10))) {
            return new RedisSentinel(p, port);
        }
        p.destroyForcibly().waitFor();
        throw new IOException("redis sentinel did not start on port " + port + "; see " + dir.resolve("sentinel.log"));
    }

    public int port() {
        return port;
    }

    /** The master's port as this sentinel sees it now. */
    public int masterPort() {
        try (Jedis j = connection()) {
            return Integer.parseInt(j.sentinelGetMasterAddrByName(MASTER).get(1));
        }
    }

    /** Whether the sentinel knows a replica of the master whose link to it is up (a failover needs one). */
    public boolean hasHealthyReplica() {
        try (Jedis j = connection()) {
            List<Map<String, String>> replicas = j.sentinelReplicas(MASTER);
            return replicas.stream().anyMatch(r -> "ok".equals(r.get("master-link-status"))
                    && !r.getOrDefault("flags", "").contains("down"));
        }
    }

    /** {@code SENTINEL FAILOVER}: promotes a replica now, without waiting for the master to fail. */
    public void failover() {
        try (Jedis j = connection()) {
            j.sentinelFailover(MASTER);
        }
    }

    private Jedis connection() {
        return new Jedis(new HostAndPort("127.0.0.1", port), DefaultJedisClientConfig.builder()
                .socketTimeoutMillis(2000).build());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
