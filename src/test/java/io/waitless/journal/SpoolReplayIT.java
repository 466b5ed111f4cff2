package io.waitless.journal;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.waitless.call.CallEvent;
import io.waitless.call.EventType;
import io.waitless.config.WaitlessConfig;
import io.waitless.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journal's spool against a real redis-server that goes away: events keep being acknowledged at once, and
 * once Redis is back every one of them is in the stream exactly once, each call's in the order it wrote them.
 */
class SpoolReplayIT {

    private static final String PREFIX = "wl-spool:";
    private static final Duration TIMEOUT = Duration.ofMillis(300);

    @TempDir
    Path dir;

    private RedisServer server;
    private UnifiedJedis client;
    private final List<RedisJournal> journals = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = RedisServer.start(List.of("--appendonly", "yes"));
        client = RedisConnector.connect(new WaitlessConfig.Redis(server.uri(), "", PREFIX, TIMEOUT));
    }

    @AfterEach
    void stop() throws Exception {
        journals.forEach(RedisJournal::close);
        client.close();
        server.close();
    }

    private RedisJournal journal(SimpleMeterRegistry metrics) {
        RedisJournal j = new RedisJournal(client, PREFIX, 10_000_000, ZoneOffset.UTC,
                WaitlessConfig.Journal.DEFAULTS.withSpool(new WaitlessConfig.Spool(dir.resolve("spool"), 64L << 20)),
                TIMEOUT, metrics);
        journals.add(j);
        return j;
    }

    private static CallEvent event(String call, int step) {
        EventType type = step == 0 ? EventType.CALL_ARRIVED : EventType.PROMO_PLAYED;
        return new CallEvent(type, Instant.ofEpochMilli(1_790_000_000_000L + step), call,
                Map.of("queue", "support", "step", Integer.toString(step)));
    }

    @Test
    void redis_stopped_while_calls_write_every_event_lands_once_and_in_each_calls_order() throws Exception {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        RedisJournal journal = journal(metrics);
        int calls = 40;
        int steps = 60;
        AtomicInteger refused = new AtomicInteger();
        ConcurrentLinkedQueue<Long> slow = new ConcurrentLinkedQueue<>();
        CountDownLatch halfway = new CountDownLatch(calls);
        List<Thread> writers = new ArrayList<>();
        for (int c = 0; c < calls; c++) {
            String call = "call-" + c;
            writers.add(Thread.ofVirtual().start(() -> {
                for (int s = 0; s < steps; s++) {
                    long t0 = System.nanoTime();
                    if (!journal.append(event(call, s))) {
                        refused.incrementAndGet();
                    }
                    long took = (System.nanoTime() - t0) / 1_000_000;
                    if (took > 2 * TIMEOUT.toMillis() + 200) {
                        slow.add(took);
                    }
                    if (s == steps / 3) {
                        halfway.countDown();
                    }
                    sleep(20);
                }
            }));
        }
        halfway.await();
        server.stop();
        Thread.sleep(1500);
        server.restart();
        for (Thread w : writers) {
            w.join();
        }

        assertThat(refused).as("appends refused").hasValue(0);
        assertThat(slow).as("appends that waited longer than two Redis timeouts (ms)").isEmpty();
        assertThat(metrics.counter("waitless.journal.spooled").count()).as("spooled while Redis was away")
                .isPositive();
        awaitSpoolEmpty(metrics);
        Map<String, List<Integer>> byCall = stepsByCall();
        assertThat(byCall).hasSize(calls);
        List<Integer> expected = java.util.stream.IntStream.range(0, steps).boxed().toList();
        byCall.forEach((call, got) -> assertThat(got).as(call).isEqualTo(expected));
        assertThat(metrics.counter("waitless.journal.replayed").count()
                + metrics.counter("waitless.journal.replay.skipped").count())
                .as("every spooled event replayed, or found in the stream already")
                .isEqualTo(metrics.counter("waitless.journal.spooled").count());
        assertThat(client.keys(PREFIX + "spool:*")).as("replay markers are dropped with their segment").isEmpty();
        assertThat(journal.catchUp(Duration.ofSeconds(10))).isTrue();
        assertThat(client.hget(PREFIX + "funnel:2026-09-21", "calls|support|||||")).as("the roller counted every call")
                .isEqualTo(Integer.toString(calls));
    }

    @Test
    void events_spooled_before_a_node_stopped_are_replayed_by_the_next_start_from_where_redis_says() throws Exception {
        server.stop();
        SimpleMeterRegistry first = new SimpleMeterRegistry();
        RedisJournal before = journal(first);
        for (int s = 0; s < 10; s++) {
            assertThat(before.append(event("call-x", s))).isTrue();
        }
        before.close();
        journals.remove(before);
        assertThat(first.counter("waitless.journal.spooled").count()).isEqualTo(10);

        // a replay that got the first 4 into the stream before the node went away left its marker behind
        Path segment;
        try (Stream<Path> files = Files.list(dir.resolve("spool"))) {
            segment = files.filter(f -> f.toString().endsWith(".spool")).findFirst().orElseThrow();
        }
        List<String> lines = Files.readAllLines(segment);
        server.restart();
        long offset = 0;
        int added = 0;
        for (String l : lines) { // each event spooled after a failed write is headed by its batch's line
            offset += l.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1;
            Map<String, String> fields = EventSpool.decode(l);
            if (!fields.containsKey(EventSpool.GROUP_OF)) {
                client.xadd(PREFIX + "events", redis.clients.jedis.params.XAddParams.xAddParams(), fields);
                if (++added == 4) {
                    break;
                }
            }
        }
        String id = segment.getFileName().toString().replace(".spool", "");
        client.set(PREFIX + "spool:" + id, Long.toString(offset));

        SimpleMeterRegistry second = new SimpleMeterRegistry();
        journal(second);
        awaitSpoolEmpty(second);
        assertThat(second.counter("waitless.journal.replayed").count()).as("only what Redis did not have").isEqualTo(6);
        assertThat(stepsByCall().get("call-x")).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void a_batch_redis_took_although_its_writer_never_heard_back_is_not_added_twice() throws Exception {
        server.stop();
        RedisJournal before = journal(new SimpleMeterRegistry());
        for (int s = 0; s < 3; s++) {
            assertThat(before.append(event("call-t", s))).isTrue();
        }
        before.close();
        journals.remove(before);
        Path segment;
        try (Stream<Path> files = Files.list(dir.resolve("spool"))) {
            segment = files.filter(f -> f.toString().endsWith(".spool")).findFirst().orElseThrow();
        }
        List<Map<String, String>> lines = Files.readAllLines(segment).stream().map(EventSpool::decode).toList();
        Map<String, String> head = lines.getFirst();
        assertThat(head).as("the failed write's batch is headed by its writer and number")
                .containsKeys(EventSpool.GROUP_OF, "writer", "seq").containsEntry(EventSpool.GROUP_OF, "1");
        // as if the write had reached Redis and only its reply was lost: the event and the writer's marker are there
        server.restart();
        client.xadd(PREFIX + "events", redis.clients.jedis.params.XAddParams.xAddParams(), lines.get(1));
        client.set(head.get("writer"), head.get("seq"));

        SimpleMeterRegistry after = new SimpleMeterRegistry();
        journal(after);
        awaitSpoolEmpty(after);
        assertThat(after.counter("waitless.journal.replay.skipped").count()).isEqualTo(1);
        assertThat(after.counter("waitless.journal.replayed").count()).isEqualTo(2);
        assertThat(stepsByCall().get("call-t")).containsExactly(0, 1, 2);
    }

    @Test
    void redis_frozen_appends_are_spooled_within_the_timeout_and_replayed_once_it_thaws() throws Exception {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        RedisJournal journal = journal(metrics);
        assertThat(journal.append(event("call-f", 0))).isTrue();
        server.pause();
        try {
            for (int s = 1; s < 5; s++) {
                long t0 = System.nanoTime();
                assertThat(journal.append(event("call-f", s))).isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(TIMEOUT.multipliedBy(2));
            }
        } finally {
            server.resume();
        }
        awaitSpoolEmpty(metrics);
        assertThat(stepsByCall().get("call-f")).containsExactly(0, 1, 2, 3, 4);

        assertThat(journal.append(event("call-f", 5))).isTrue();
        assertThat(stepsByCall().get("call-f")).containsExactly(0, 1, 2, 3, 4, 5);
    }

    private static void awaitSpoolEmpty(SimpleMeterRegistry metrics) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (metrics.get("waitless.journal.spool.bytes").gauge().value() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(metrics.get("waitless.journal.spool.bytes").gauge().value()).as("bytes still spooled").isZero();
    }

    /** Each call's {@code step} attributes in stream order. */
    private Map<String, List<Integer>> stepsByCall() {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        List<StreamEntry> all = client.xrange(PREFIX + "events", (StreamEntryID) null, (StreamEntryID) null);
        for (StreamEntry e : all) {
            CallEvent ev = RedisJournal.toEvent(e.getFields()).orElseThrow();
            out.computeIfAbsent(ev.callId(), k -> new ArrayList<>()).add(Integer.parseInt(ev.attribute("step")));
        }
        return out;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
