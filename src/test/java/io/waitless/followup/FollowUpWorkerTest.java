package io.waitless.followup;

import io.waitless.testing.InMemoryDueQueue;
import io.waitless.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

/** What the worker records for each way a run ends, on the in-memory queue. */
class FollowUpWorkerTest {
    private static final Instant T0 = Instant.parse("2026-03-10T10:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryDueQueue queue = new InMemoryDueQueue(clock);
    private final io.micrometer.core.instrument.simple.SimpleMeterRegistry metrics =
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry();

    private double counted(String kind, String outcome) {
        var c = metrics.find("waitless.followups").tags("kind", kind, "outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    private FollowUpWorker worker(BiFunction<Claim, FollowUpTask.SendGuard, Result> run, boolean resendUncertain) {
        FollowUpTask task = new FollowUpTask() {
            @Override
            public String kind() {
                return "t";
            }

            @Override
            public Result run(Claim c, SendGuard guard) {
                return run.apply(c, guard);
            }
        };
        return new FollowUpWorker(queue, List.of(task), new FollowUpWorker.Settings("n", 10, Duration.ofSeconds(30),
                Duration.ofSeconds(5), 3, Duration.ofMinutes(1), resendUncertain), metrics);
    }

    private void due(String id, String kind) {
        queue.schedule(new FollowUp(id, kind, T0, Map.of()));
    }

    @Test
    void a_retry_backs_off_doubling_and_is_given_up_after_the_last_attempt() {
        due("x", "t");
        FollowUpWorker w = worker((c, g) -> new Result.Retry("gateway timeout"), false);
        assertThat(w.runBatch()).isEqualTo(1);
        assertThat(queue.find("x").orElseThrow().at()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
        clock.advance(Duration.ofMinutes(1));
        w.runBatch();
        assertThat(queue.find("x").orElseThrow().at()).isEqualTo(clock.instant().plus(Duration.ofMinutes(2)));
        clock.advance(Duration.ofMinutes(2));
        w.runBatch();
        ItemView v = queue.find("x").orElseThrow();
        assertThat(v.status()).isEqualTo(ItemView.Status.FAILED);
        assertThat(v.lastError()).isEqualTo("gave up after 3 attempts: gateway timeout");
        assertThat(counted("t", "retry")).isEqualTo(2);
        assertThat(counted("t", "failed")).isEqualTo(1);
    }

    @Test
    void a_postponed_item_waits_without_counting_an_attempt_and_an_exception_is_a_retry() {
        due("p", "t");
        due("e", "t");
        FollowUpWorker w = worker((c, g) -> {
            if (c.id().equals("e")) {
                throw new IllegalStateException("boom");
            }
            return new Result.Postponed(T0.plus(Duration.ofHours(5)), "quiet-hours");
        }, false);
        w.runBatch();
        assertThat(queue.find("p").orElseThrow().at()).isEqualTo(T0.plus(Duration.ofHours(5)));
        assertThat(queue.find("p").orElseThrow().attempts()).isZero();
        assertThat(counted("t", "postponed")).isEqualTo(1);
        assertThat(counted("t", "retry")).isEqualTo(1);
        assertThat(queue.find("e").orElseThrow().attempts()).isEqualTo(1);
        assertThat(queue.find("e").orElseThrow().lastError()).contains("IllegalStateException: boom");
    }

    @Test
    void an_unknown_kind_fails_and_a_skip_is_done_without_a_send() {
        due("u", "nobody-runs-this");
        due("s", "t");
        AtomicInteger sends = new AtomicInteger();
        worker((c, g) -> new Result.Skipped("opted-out"), false).runBatch();
        assertThat(queue.find("u").orElseThrow().lastError()).isEqualTo("unknown-kind");
        assertThat(queue.find("s").orElseThrow().status()).isEqualTo(ItemView.Status.DONE);
        assertThat(queue.find("s").orElseThrow().lastError()).isEqualTo("skipped: opted-out");
        assertThat(sends).hasValue(0);
        assertThat(counted("nobody-runs-this", "failed")).isEqualTo(1);
        assertThat(counted("t", "skipped")).isEqualTo(1);
        assertThat(counted("t", "done")).isZero();
    }

    @Test
    void an_item_left_sending_by_a_dead_node_is_not_sent_again_unless_resend_uncertain_is_set() {
        due("a", "t");
        due("b", "t");
        // node "dead" claims both, marks them sending, and dies
        for (Claim c : queue.claim("dead", 10, Duration.ofSeconds(30))) {
            assertThat(queue.beginSend(c, Duration.ofSeconds(5))).isTrue();
        }
        clock.advance(Duration.ofSeconds(31));
        AtomicInteger sent = new AtomicInteger();
        BiFunction<Claim, FollowUpTask.SendGuard, Result> send = (c, g) -> {
            if (!g.beginSend()) {
                return new Result.LeaseLost();
            }
            sent.incrementAndGet();
            return new Result.Done("sent");
        };
        FollowUpWorker atMostOnce = worker(send, false);
        assertThat(atMostOnce.runBatch()).isEqualTo(2);
        assertThat(sent).hasValue(0);
        assertThat(queue.list(ItemView.Status.FAILED, 10)).extracting(ItemView::lastError)
                .containsOnly("uncertain-send");

        assertThat(queue.runNow("a")).isEqualTo(DueQueue.Change.CHANGED);
        for (Claim c : queue.claim("dead", 10, Duration.ofSeconds(30))) {
            queue.beginSend(c, Duration.ofSeconds(5));
        }
        clock.advance(Duration.ofSeconds(31));
        worker(send, true).runBatch();
        assertThat(sent).hasValue(1);
        assertThat(queue.find("a").orElseThrow().status()).isEqualTo(ItemView.Status.DONE);
    }

    @Test
    void a_send_is_not_started_with_too_little_lease_left() {
        due("x", "t");
        Claim c = queue.claim("n", 1, Duration.ofSeconds(10)).getFirst();
        clock.advance(Duration.ofSeconds(6));
        assertThat(queue.beginSend(c, Duration.ofSeconds(5))).isFalse();
        assertThat(queue.record(c, new DueQueue.Outcome.Done("late"))).as("still the holder: it may record").isTrue();
    }
}
