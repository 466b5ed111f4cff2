package io.waitless;

import io.waitless.call.CallEvent;
import io.waitless.call.EventType;
import io.waitless.config.WaitlessConfig;
import io.waitless.journal.RedisConnector;
import io.waitless.sim.CallSimulator;
import io.waitless.sim.SimulatedQueue;
import io.waitless.testing.RedisServer;
import io.waitless.testing.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8's Redis fault, on a whole node: Redis is stopped for 30 s ({@code -Dwaitless.outage.seconds}) in the
 * middle of a run of calls, then started again. No call waits more than 3 s or is dropped, and afterwards the
 * stream holds every event the node acknowledged, exactly once, each call's in order, and the funnel counts
 * every call. What was lost is counted, and must be zero.
 */
class RedisOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("waitless.outage.seconds", 30));
    private static final Duration STUCK = Duration.ofSeconds(3);
    private static final int CALLERS = 6;

    @TempDir
    Path dir;

    private record Done(CallSimulator.Report report, long startedNanos, Duration took) {}

    @Test
    void redis_stopped_mid_load_no_call_is_stuck_or_dropped_and_every_event_lands_in_order_once_it_is_back()
            throws Exception {
        try (RedisServer redis = RedisServer.start(List.of("--appendonly", "yes"));
             App app = App.start(TestConfigs.config(dir, redis.uri()).withJournal(WaitlessConfig.Journal.DEFAULTS
                     .withSpool(new WaitlessConfig.Spool(dir.resolve("spool"), 64L << 20))), Clock.systemUTC());
             UnifiedJedis inspect = RedisConnector.connect(
                     new WaitlessConfig.Redis(redis.uri(), "", "", Duration.ofSeconds(2)))) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger numbers = new AtomicInteger();
            ConcurrentLinkedQueue<Done> done = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Throwable> broken = new ConcurrentLinkedQueue<>();
            List<Thread> callers = new ArrayList<>();
            for (int c = 0; c < CALLERS; c++) {
                callers.add(Thread.ofVirtual().start(() -> {
                    CallSimulator sim = new CallSimulator("127.0.0.1", app.agiPort(), new SimulatedQueue());
                    while (!stop.get()) {
                        int n = numbers.incrementAndGet();
                        CallSimulator.Caller caller = new CallSimulator.Caller("caller-" + n,
                                String.format("+97250%07d", 3_000_000 + n), 0, n % 3 == 0 ? "tech" : "support",
                                n % 2 == 0 ? Optional.of(Duration.ofSeconds(75)) : Optional.empty(), false,
                                Duration.ofSeconds(40), n % 4 == 0 ? CallSimulator.Ending.ANSWERED
                                        : CallSimulator.Ending.ABANDON);
                        long t0 = System.nanoTime();
                        try {
                            CallSimulator.Report r = sim.run(caller);
                            done.add(new Done(r, t0, Duration.ofNanos(System.nanoTime() - t0)));
                        } catch (Exception | AssertionError e) {
                            broken.add(e);
                        }
                    }
                }));
            }
            Thread.sleep(4_000);
            long down = System.nanoTime();
            redis.stop();
            Thread.sleep(OUTAGE.toMillis());
            redis.restart();
            long up = System.nanoTime();
            Thread.sleep(4_000);
            stop.set(true);
            for (Thread t : callers) {
                t.join();
            }

            assertThat(broken).as("calls that broke").isEmpty();
            List<Done> calls = List.copyOf(done);
            long duringOutage = calls.stream().filter(d -> d.startedNanos > down && d.startedNanos < up).count();
            System.out.printf("Redis outage of %d s: %d calls (%d placed while Redis was away), slowest %d ms%n",
                    OUTAGE.toSeconds(), calls.size(), duringOutage,
                    calls.stream().mapToLong(d -> d.took.toMillis()).max().orElse(0));
            assertThat(duringOutage).as("calls placed while Redis was away").isGreaterThan(10);
            assertThat(calls).allSatisfy(d -> {
                assertThat(d.took).as("%s: arrive, accept and hang-up in all", d.report.caller().name())
                        .isLessThan(STUCK);
                assertThat(d.report.steps().getFirst()).as("answered").contains("WAITLESS_STATUS=ok");
                assertThat(d.report.hangupStatus()).as("the hang-up script ran").isNotBlank();
            });

            var metrics = app.metrics();
            assertThat(metrics.get("waitless.journal.lost").counter().count()).as("events lost").isZero();
            assertThat(metrics.get("waitless.journal.spooled").counter().count()).as("events spooled").isPositive();
            awaitSpoolEmpty(app);
            System.out.printf("spooled %.0f events, replayed %.0f, found already in Redis %.0f, lost %.0f%n",
                    metrics.get("waitless.journal.spooled").counter().count(),
                    metrics.get("waitless.journal.replayed").counter().count(),
                    metrics.get("waitless.journal.replay.skipped").counter().count(),
                    metrics.get("waitless.journal.lost").counter().count());

            String prefix = app.config().redis().keyPrefix();
            Map<String, List<EventType>> byCall = new HashMap<>();
            long entries = 0;
            for (StreamEntry e : inspect.xrange(prefix + "events", (StreamEntryID) null, (StreamEntryID) null)) {
                entries++;
                Optional<CallEvent> ev = io.waitless.journal.RedisJournal.toEvent(e.getFields());
                ev.filter(x -> !x.callId().isEmpty())
                        .ifPresent(x -> byCall.computeIfAbsent(x.callId(), k -> new ArrayList<>()).add(x.type()));
            }
            double acknowledged = metrics.get("waitless.events").counters().stream().mapToDouble(c -> c.count()).sum();
            assertThat((double) entries).as("stream entries = events the node acknowledged").isEqualTo(acknowledged);
            assertThat(calls).allSatisfy(d -> {
                List<EventType> types = byCall.get(d.report.uniqueId());
                assertThat(types).as("events of %s", d.report.caller().name()).isNotNull();
                assertThat(types.getFirst()).isEqualTo(EventType.CALL_ARRIVED);
                assertThat(types.getLast()).isEqualTo(EventType.CALL_ENDED);
                assertThat(types.stream().filter(t -> t == EventType.CALL_ARRIVED)).as("once").hasSize(1);
            });
            assertThat(byCall).hasSize(calls.size());

            assertThat(app.journal().catchUp(Duration.ofSeconds(20))).isTrue();
            long counted = 0;
            for (String key : inspect.keys(prefix + "funnel:*")) {
                counted += inspect.hgetAll(key).entrySet().stream().filter(f -> f.getKey().startsWith("calls|"))
                        .mapToLong(f -> Long.parseLong(f.getValue())).sum();
            }
            assertThat(counted).as("calls in the funnel").isEqualTo(calls.size());
        }
    }

    private static void awaitSpoolEmpty(App app) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (app.metrics().get("waitless.journal.spool.bytes").gauge().value() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(app.metrics().get("waitless.journal.spool.bytes").gauge().value()).as("bytes still spooled")
                .isZero();
    }
}
