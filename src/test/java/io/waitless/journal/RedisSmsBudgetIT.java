package io.waitless.journal;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.waitless.config.WaitlessConfig;
import io.waitless.config.WaitlessConfig.Budgets;
import io.waitless.config.WaitlessConfig.Limit;
import io.waitless.deflect.SmsBudget.Decision;
import io.waitless.deflect.SmsBudget.Recipient;
import io.waitless.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link RedisSmsBudget} against a real redis-server, with two "nodes" (two clients, two budgets) racing. */
class RedisSmsBudgetIT {
    private static final String PREFIX = "wl-it:";
    private static final Duration HOUR = Duration.ofHours(1);

    private RedisServer server;
    private UnifiedJedis clientA;
    private UnifiedJedis clientB;
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    @BeforeEach
    void start() throws Exception {
        server = RedisServer.start();
        WaitlessConfig.Redis cfg = new WaitlessConfig.Redis(server.uri(), "", PREFIX, Duration.ofSeconds(2));
        clientA = RedisConnector.connect(cfg);
        clientB = RedisConnector.connect(cfg);
    }

    @AfterEach
    void stop() throws Exception {
        clientA.close();
        clientB.close();
        server.close();
    }

    static Budgets budgets(int number, int prefix, int country, int global, int burst) {
        return new Budgets(new Limit(number, Duration.ofHours(24)), 7, new Limit(prefix, HOUR),
                new Limit(country, HOUR), new Limit(global, HOUR), new Limit(burst, Duration.ofMinutes(10)));
    }

    static Recipient il(String e164) {
        return new Recipient("ref-" + Integer.toHexString(e164.hashCode()), e164, "IL");
    }

    @Test
    void check_reads_without_spending_and_spend_stops_at_the_per_number_budget() {
        RedisSmsBudget b = new RedisSmsBudget(clientA, PREFIX, budgets(2, 100, 100, 100, 100), metrics);
        Recipient r = il("+972502345678");
        for (int i = 0; i < 5; i++) {
            assertThat(b.check(r)).isEqualTo(Decision.ALLOWED);
        }
        assertThat(b.spend(r)).isEqualTo(Decision.ALLOWED);
        assertThat(b.spend(r)).isEqualTo(Decision.ALLOWED);
        assertThat(b.check(r)).isEqualTo(Decision.NUMBER_EXHAUSTED);
        assertThat(b.spend(r)).isEqualTo(Decision.NUMBER_EXHAUSTED);
        assertThat(b.spend(il("+972548765432"))).isEqualTo(Decision.ALLOWED);
        assertThat(metrics.counter("waitless.sms.refused", "reason", "budget-number").count()).isEqualTo(2.0);
        assertThat(clientA.keys(PREFIX + "budget:*")).allSatisfy(k -> {
            assertThat(k).doesNotContain("502345678");
            assertThat(clientA.ttl(k)).isPositive();
        });
    }

    @Test
    void prefix_country_and_global_budgets_each_refuse_with_their_own_reason() {
        RedisSmsBudget prefix = new RedisSmsBudget(clientA, PREFIX + "p:", budgets(10, 2, 100, 100, 100), metrics);
        prefix.spend(il("+972502345671"));
        prefix.spend(il("+972502345672"));
        assertThat(prefix.check(il("+972502345673"))).isEqualTo(Decision.PREFIX_EXHAUSTED);
        assertThat(prefix.check(il("+972548765432"))).isEqualTo(Decision.ALLOWED);

        RedisSmsBudget country = new RedisSmsBudget(clientA, PREFIX + "c:", budgets(10, 100, 2, 100, 100), metrics);
        country.spend(il("+972502345671"));
        country.spend(il("+972548765432"));
        assertThat(country.check(il("+972528765432"))).isEqualTo(Decision.COUNTRY_EXHAUSTED);
        assertThat(country.check(new Recipient("gb", "+447400123456", "GB"))).isEqualTo(Decision.ALLOWED);

        RedisSmsBudget global = new RedisSmsBudget(clientA, PREFIX + "g:", budgets(10, 100, 100, 2, 100), metrics);
        global.spend(il("+972502345671"));
        global.spend(new Recipient("gb", "+447400123456", "GB"));
        assertThat(global.check(new Recipient("de", "+4915112345678", "DE"))).isEqualTo(Decision.GLOBAL_EXHAUSTED);
    }

    @Test
    void a_burst_of_new_numbers_in_one_prefix_is_refused_while_numbers_already_texted_keep_their_budget() {
        RedisSmsBudget b = new RedisSmsBudget(clientA, PREFIX, budgets(2, 100, 100, 100, 3), metrics);
        for (int i = 1; i <= 3; i++) {
            assertThat(b.spend(il("+97250234567" + i))).isEqualTo(Decision.ALLOWED);
        }
        assertThat(b.check(il("+972502345674"))).isEqualTo(Decision.PREFIX_BURST);
        assertThat(b.spend(il("+972502345674"))).isEqualTo(Decision.PREFIX_BURST);
        assertThat(b.spend(il("+972502345671"))).isEqualTo(Decision.ALLOWED);
        assertThat(b.spend(il("+972548765432"))).isEqualTo(Decision.ALLOWED);
        assertThat(metrics.counter("waitless.sms.refused", "reason", "budget-prefix-burst").count()).isEqualTo(2.0);
    }

    @Test
    void an_unreachable_redis_is_unavailable_never_allowed() throws Exception {
        RedisSmsBudget b = new RedisSmsBudget(clientA, PREFIX, budgets(2, 100, 100, 100, 100), metrics);
        server.kill();
        assertThat(b.check(il("+972502345678"))).isEqualTo(Decision.UNAVAILABLE);
        assertThat(b.spend(il("+972502345678"))).isEqualTo(Decision.UNAVAILABLE);
        assertThat(metrics.counter("waitless.sms.refused", "reason", "budget-unavailable").count()).isEqualTo(2.0);
    }

    @Test
    void two_nodes_racing_from_many_threads_never_spend_more_than_any_budget() throws Exception {
        Budgets limits = budgets(2, 15, 40, 50, 8);
        RedisSmsBudget nodeA = new RedisSmsBudget(clientA, PREFIX, limits, metrics);
        RedisSmsBudget nodeB = new RedisSmsBudget(clientB, PREFIX, limits, metrics);
        // 3 prefixes x 12 numbers, 2 countries' worth of callers, each number tried 6 times
        List<Recipient> recipients = new ArrayList<>();
        for (String p : List.of("+9725023", "+9725412", "+9725287")) {
            for (int i = 0; i < 12; i++) {
                recipients.add(il(p + String.format("%04d", 1000 + i)));
            }
        }
        for (int i = 0; i < 20; i++) {
            recipients.add(new Recipient("gb" + i, "+4474001" + String.format("%05d", i), "GB"));
        }
        List<Recipient> tries = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            tries.addAll(recipients);
        }
        java.util.Collections.shuffle(tries, new java.util.Random(7));
        Map<String, AtomicInteger> spentByRef = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> spentByPrefix = new ConcurrentHashMap<>();
        Map<String, java.util.Set<String>> distinctByPrefix = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> spentByCountry = new ConcurrentHashMap<>();
        AtomicInteger total = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(32)) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < tries.size(); i++) {
                Recipient r = tries.get(i);
                RedisSmsBudget node = i % 2 == 0 ? nodeA : nodeB;
                done.add(pool.submit(() -> {
                    go.await();
                    if (node.spend(r) == Decision.ALLOWED) {
                        String p = RedisSmsBudget.numberPrefix(r.e164(), 7);
                        spentByRef.computeIfAbsent(r.callerRef(), k -> new AtomicInteger()).incrementAndGet();
                        spentByPrefix.computeIfAbsent(p, k -> new AtomicInteger()).incrementAndGet();
                        distinctByPrefix.computeIfAbsent(p, k -> ConcurrentHashMap.newKeySet()).add(r.callerRef());
                        spentByCountry.computeIfAbsent(r.region(), k -> new AtomicInteger()).incrementAndGet();
                        total.incrementAndGet();
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertThat(spentByRef.values()).allSatisfy(n -> assertThat(n.get()).isLessThanOrEqualTo(2));
        assertThat(spentByPrefix.values()).allSatisfy(n -> assertThat(n.get()).isLessThanOrEqualTo(15));
        assertThat(distinctByPrefix.values()).allSatisfy(s -> assertThat(s).hasSizeLessThanOrEqualTo(8));
        assertThat(spentByCountry.values()).allSatisfy(n -> assertThat(n.get()).isLessThanOrEqualTo(40));
        // demand is above the global budget (IL: 3 prefixes x 8 distinct x 2 = 48, capped at 40 per country;
        // GB: one prefix, 15), so the global budget binds exactly: spent in full, never more
        assertThat(total.get()).isEqualTo(50);
    }
}
