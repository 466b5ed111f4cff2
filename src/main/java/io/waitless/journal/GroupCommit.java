package io.waitless.journal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Group commit: callers hand in one item each and wait; a writer thread takes everything waiting (up to
 * {@code maxBatch}) and writes it in one go. One caller alone waits one write, as before; many callers at once
 * share writes, so throughput grows with load instead of with round trips. A batch keeps the order items were
 * handed in; with several writers, batches of different callers may land in either order, but one caller's items
 * never overtake each other (it waits for each). A caller learns whether its own item was written; it never waits longer than
 * {@code maxWait} (and one tick of the watchdog, a tenth of it at most 50 ms, that fails the items waiting too long, so
 * a caller parks without a timer of its own), and an item handed in while the queue is full is refused at once (the
 * caller fails open).
 */
final class GroupCommit<T> implements AutoCloseable {

    private record Pending<T>(T item, CompletableFuture<Boolean> done, long deadline) {}

    private final BlockingQueue<Pending<T>> queue;
    private final int maxBatch;
    private final Duration maxWait;
    private final Consumer<List<T>> write;
    private final Consumer<RuntimeException> onFailure;
    private final List<Thread> writers = new ArrayList<>();
    /** The batch each writer is writing, for the watchdog. */
    private final java.util.Map<Thread, List<Pending<T>>> inFlight = new java.util.concurrent.ConcurrentHashMap<>();
    private final Thread watchdog;
    private volatile boolean closed;

    /**
     * @param writers   how many batches may be in flight at once: with two, one is prepared and sent while the
     *                  store works on the other. Items of one caller never overtake each other (a caller waits for
     *                  its item before handing in the next); items of different callers may land in either order
     * @param write     writes a batch, in order; throws when it could not (the whole batch is reported failed)
     * @param onFailure told once per failed batch
     */
    GroupCommit(String name, int writers, int capacity, int maxBatch, Duration maxWait, Consumer<List<T>> write,
                Consumer<RuntimeException> onFailure) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxBatch = maxBatch;
        this.maxWait = maxWait;
        this.write = write;
        this.onFailure = onFailure;
        for (int i = 0; i < writers; i++) {
            this.writers.add(Thread.ofPlatform().daemon().name(name + "-" + i).start(this::run));
        }
        long tick = Math.max(1, Math.min(50, maxWait.toMillis() / 10));
        this.watchdog = Thread.ofPlatform().daemon().name(name + "-watchdog").start(() -> watch(tick));
    }

    /** Fails the items that waited longer than {@code maxWait}, whether still queued or being written. */
    private void watch(long tickMillis) {
        while (!closed) {
            try {
                Thread.sleep(tickMillis);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Pending<T> p : queue) {
                expire(p, now);
            }
            for (List<Pending<T>> batch : inFlight.values()) {
                batch.forEach(p -> expire(p, now));
            }
        }
    }

    private static void expire(Pending<?> p, long now) {
        if (now - p.deadline > 0) {
            p.done.complete(false);
        }
    }

    /**
     * Hands in one item and waits until it is written.
     *
     * @return true when written; false when the write failed, the queue was full, the wait ran out or the
     *         committer is closed (the item may still be written after a timeout)
     */
    boolean submit(T item) {
        if (closed) {
            return false;
        }
        Pending<T> p = new Pending<>(item, new CompletableFuture<>(), System.nanoTime() + maxWait.toNanos());
        if (!queue.offer(p)) {
            return false;
        }
        try {
            return p.done.get(); // completed by the writer, the watchdog, or close
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        }
    }

    private void run() {
        List<Pending<T>> batch = new ArrayList<>(maxBatch);
        List<T> items = new ArrayList<>(maxBatch);
        while (!closed || !queue.isEmpty()) {
            try {
                Pending<T> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
            } catch (InterruptedException e) {
                if (queue.isEmpty()) {
                    return;
                }
                queue.drainTo(batch, maxBatch);
            }
            batch.forEach(p -> items.add(p.item));
            inFlight.put(Thread.currentThread(), List.copyOf(batch));
            boolean ok;
            try {
                write.accept(items);
                ok = true;
            } catch (RuntimeException e) {
                onFailure.accept(e);
                ok = false;
            } finally {
                inFlight.remove(Thread.currentThread());
            }
            for (Pending<T> p : batch) {
                p.done.complete(ok);
            }
            batch.clear();
            items.clear();
        }
    }

    /** Writes what is already handed in (waiting at most {@code maxWait}), then stops. */
    @Override
    public void close() {
        closed = true;
        try {
            for (Thread w : writers) {
                w.join(maxWait.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writers.forEach(Thread::interrupt);
        watchdog.interrupt();
        for (Pending<T> p; (p = queue.poll()) != null; ) {
            p.done.complete(false);
        }
        inFlight.values().forEach(batch -> batch.forEach(p -> p.done.complete(false)));
    }
}
