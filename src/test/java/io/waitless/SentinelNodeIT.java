package io.waitless;

import io.waitless.call.CallEvent;
import io.waitless.call.EventType;
import io.waitless.config.WaitlessConfig;
import io.waitless.journal.RedisConnector;
import io.waitless.testing.RedisSentinel;
import io.waitless.testing.Await;
import io.waitless.testing.RedisServer;
import io.waitless.testing.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node whose Redis is found through a real Redis Sentinel (master, replica and sentinel, each a redis-server on
 * loopback): it writes to the master, and after {@code SENTINEL FAILOVER} it moves to the promoted replica and
 * its events land there; pipelines and Lua scripts work on the sentinel client as on the plain one.
 */
class SentinelNodeIT {

    @TempDir
    Path dir;

    @Test
    void a_node_behind_sentinel_keeps_writing_after_a_failover_to_the_replica() throws Exception {
        try (RedisServer master = RedisServer.start();
             RedisServer replica = RedisServer.start(List.of("--replicaof", "127.0.0.1", Integer.toString(master.port())));
             RedisSentinel sentinel = RedisSentinel.watch(master.port())) {
            Await.until(quietly(sentinel::hasHealthyReplica), Duration.ofSeconds(15), "the sentinel to see the replica in sync");
            WaitlessConfig.Redis redis = new WaitlessConfig.Redis(URI.create("redis://127.0.0.1:1/0"), "", "wl-test:",
                    Duration.ofMillis(500), Optional.of(new WaitlessConfig.Sentinel(RedisSentinel.MASTER,
                            List.of(new WaitlessConfig.Endpoint("127.0.0.1", sentinel.port())), "")));
            WaitlessConfig cfg = TestConfigs.config(dir, master.uri()).withRedis(redis);
            try (App app = App.start(cfg, Clock.systemUTC());
                 UnifiedJedis onMaster = plain(master); UnifiedJedis onReplica = plain(replica)) {
                assertThat(app.journal().append(event("before-1"))).isTrue();
                assertThat(calls(onMaster)).contains("before-1");

                sentinel.failover();
                Await.until(quietly(() -> sentinel.masterPort() == replica.port()), Duration.ofSeconds(15),
                        "the sentinel to promote the replica");
                // the node hears +switch-master and moves its pool; a write in the switch may fail open, none after
                long start = System.nanoTime();
                Await.until(quietly(() -> app.journal().append(event("switching")) && calls(onReplica).contains("switching")),
                        Duration.ofSeconds(10), "an event to land on the new master");
                System.out.printf("node wrote to the new master %d ms after the sentinel promoted it%n",
                        (System.nanoTime() - start) / 1_000_000);
                for (int i = 0; i < 20; i++) {
                    assertThat(app.journal().append(event("after-" + i))).as("append after-%d", i).isTrue();
                }
                assertThat(calls(onReplica)).contains("before-1", "after-0", "after-19");
                assertThat(app.journal().catchUp(Duration.ofSeconds(5))).as("the roller's Lua scripts run on the new"
                        + " master").isTrue();
                assertThat(onReplica.get("wl-test:rollup:cursor")).isNotNull();
            }
            try (UnifiedJedis viaSentinel = RedisConnector.connect(redis)) {
                try (AbstractPipeline p = viaSentinel.pipelined()) {
                    Response<Long> n = p.incr("wl-test:piped");
                    p.sync();
                    assertThat(n.get()).isEqualTo(1L);
                }
                assertThat(viaSentinel.eval("return redis.call('incr', KEYS[1])", List.of("wl-test:piped"), List.of()))
                        .isEqualTo(2L);
            }
        }
    }

    private static CallEvent event(String call) {
        return CallEvent.of(EventType.CALL_ARRIVED, Instant.now(), call).with("queue", "support").build();
    }

    private static UnifiedJedis plain(RedisServer server) {
        return RedisConnector.connect(new WaitlessConfig.Redis(server.uri(), "", "", Duration.ofSeconds(1)));
    }

    /** The call ids in the stream on one server, read directly (not through Sentinel). */
    private static List<String> calls(UnifiedJedis on) {
        return on.xrange("wl-test:events", "-", "+", 10_000).stream()
                .map(e -> e.getFields().getOrDefault("call", "")).toList();
    }

    /** The condition, reading a server that fails mid-failover as "not yet". */
    private static BooleanSupplier quietly(BooleanSupplier done) {
        return () -> {
            try {
                return done.getAsBoolean();
            } catch (RuntimeException e) {
                return false; // a server mid-failover: try again
            }
        };
    }
}
