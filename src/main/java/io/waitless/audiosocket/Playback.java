package io.waitless.audiosocket;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Audio queued on an {@link AudioSocketSession}, sent by the session's pacer one 20 ms frame at a time.
 * {@link #stop()} is the barge-in: the frames not yet sent are dropped at once and the session falls back to
 * silence within one frame. Thread-safe.
 */
public final class Playback implements AutoCloseable {
    private final int frames;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean stopped;
    private volatile int sent;

    Playback(int frames) {
        this.frames = frames;
        if (frames == 0) {
            done.countDown();
        }
    }

    /** Drops what is not yet sent. Idempotent; a no-op once the audio has been played. */
    public void stop() {
        stopped = true;
        done.countDown();
    }

    /** Whether it was stopped before its last frame went out. */
    public boolean stopped() {
        return stopped && sent < frames;
    }

    /** Frames already written to Asterisk. */
    public int framesSent() {
        return sent;
    }

    /** Played to the end, stopped, or the session ended. */
    public boolean isDone() {
        return done.getCount() == 0;
    }

    /** Waits until {@link #isDone()}, at most {@code timeout}; returns whether it is done. */
    public boolean await(Duration timeout) throws InterruptedException {
        return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Same as {@link #stop()}, for try-with-resources around a listening loop. */
    @Override
    public void close() {
        stop();
    }

    boolean live() {
        return !stopped;
    }

    void frameSent() {
        sent++;
        if (sent >= frames) {
            done.countDown();
        }
    }
}
