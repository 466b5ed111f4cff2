package io.waitless.journal;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link GroupCommit}: callers share writes, learn their own outcome, keep their order, and never wait for ever. */
class GroupCommitTest {

    @Test
    void concurrent_callers_share_batches_and_each_item_is_written_once() throws Exception {
        List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
        try (GroupCommit<Integer> commits = new GroupCommit<>("t", 2, 1_000, 64, Duration.ofSeconds(10), b -> {
            batches.add(List.copyOf(b));
            sleep(2); // a round trip: meanwhile other callers queue up
        }, e -> { })) {
            List<Thread> callers = new ArrayList<>();
            AtomicInteger written = new AtomicInteger();
            for (int t = 0; t < 32; t++) {
                int base = t * 1_000;
                callers.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < 20; i++) {
                        if (commits.submit(base + i)) {
                            written.incrementAndGet();
                        }
                    }
                }));
            }
            for (Thread c : callers) {
                c.join();
            }

            assertThat(written.get()).isEqualTo(640);
            List<Integer> all = batches.stream().flatMap(List::stream).toList();
            assertThat(all).hasSize(640).doesNotHaveDuplicates();
            assertThat(batches.size()).as("fewer writes than items").isLessThan(640 / 2);
            for (int t = 0; t < 32; t++) { // one caller's items keep their order
                int base = t * 1_000;
                assertThat(all.stream().filter(i -> i / 1_000 == base / 1_000).toList()).isSorted();
            }
        }
    }

    @Test
    void a_failed_write_fails_every_item_of_its_batch_and_is_reported_once() {
        List<RuntimeException> failures = new ArrayList<>();
        try (GroupCommit<String> commits = new GroupCommit<>("t", 1, 10, 10, Duration.ofSeconds(5), b -> {
            throw new IllegalStateException("store down");
        }, failures::add)) {
            assertThat(commits.submit("a")).isFalse();
        }
        assertThat(failures).singleElement().extracting(Throwable::getMessage).isEqualTo("store down");
    }

    @Test
    void a_full_queue_refuses_at_once_instead_of_waiting_for_the_stuck_store() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (GroupCommit<String> commits = new GroupCommit<>("t", 1, 1, 1, Duration.ofSeconds(5), b -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, e -> { })) {
            Thread first = Thread.ofVirtual().start(() -> commits.submit("stuck")); // the writer holds it
            Thread.sleep(100);
            Thread second = Thread.ofVirtual().start(() -> commits.submit("queued")); // fills the one slot
            Thread.sleep(100);

            long t0 = System.nanoTime();
            assertThat(commits.submit("no room")).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("not the 5 s wait").isLessThan(Duration.ofSeconds(2));
            release.countDown();
            first.join();
            second.join();
        }
    }

    @Test
    void a_caller_waits_at_most_max_wait_for_a_store_that_hangs() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (GroupCommit<String> commits = new GroupCommit<>("t", 1, 10, 10, Duration.ofMillis(300), b -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, e -> { })) {
            long t0 = System.nanoTime();
            boolean[] queued = new boolean[1];
            Thread behind = Thread.ofVirtual().start(() -> {
                sleep(50);
                queued[0] = commits.submit("queued behind it");
            });

            assertThat(commits.submit("being written")).isFalse();
            Duration waited = Duration.ofNanos(System.nanoTime() - t0);
            behind.join();

            assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(300)).isLessThan(Duration.ofMillis(1_500));
            assertThat(queued[0]).as("an item still queued is failed too").isFalse();
            release.countDown();
        }
    }

    @Test
    void nothing_is_taken_after_close() {
        GroupCommit<String> commits = new GroupCommit<>("t", 1, 10, 10, Duration.ofSeconds(1), b -> { }, e -> { });
        commits.close();
        assertThat(commits.submit("late")).isFalse();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
