package io.waitless.speech;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A session of {@link VoskSpeechRecognizer}: one native recognizer, one decoding thread.
 *
 * <p>{@link #accept} only copies and queues the samples; the session's platform thread feeds them
 * to libvosk (a platform thread, because a native call would pin a virtual thread's carrier). Only
 * that thread touches the recognizer, and it frees it when it stops, so the recognizer is freed
 * exactly once and never while a native call runs, however {@link #end} and {@link #close} race.
 * {@code onRelease} runs once after the free.
 */
final class VoskSession implements SpeechSession {

    private static final Logger log = LoggerFactory.getLogger(VoskSession.class);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final short[] END = new short[0];

    private final LinkedBlockingQueue<short[]> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Transcript> result = new CompletableFuture<>();
    private final Duration deadline;
    private final String name;
    private long samples; // guarded by this; read by the decoding thread through audio()
    private boolean ended;
    private boolean closed;
    private volatile boolean abandoned;

    VoskSession(VoskDecoder decoder, SpeechListener listener, String name, Duration deadline, Runnable onRelease) {
        this.deadline = deadline;
        this.name = name;
        Thread.ofPlatform().name(name).daemon().start(() -> run(decoder, listener, onRelease));
    }

    private void run(VoskDecoder decoder, SpeechListener listener, Runnable onRelease) {
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        List<String> texts = new ArrayList<>();
        double confSum = 0;
        long words = 0;
        try {
            for (short[] f; (f = frames.take()) != END; ) {
                if (abandoned || !decoder.accept(f)) {
                    continue;
                }
                VoskJson.Result r = VoskJson.parse(decoder.result());
                confSum += r.confidenceSum();
                words += r.words().size();
                if (!r.text().isEmpty()) {
                    texts.add(r.text());
                }
                segment(listener, r, cpu0);
            }
            if (abandoned) {
                result.completeExceptionally(new SpeechException(name + ": abandoned"));
                return;
            }
            VoskJson.Result last = VoskJson.parse(decoder.finalResult());
            confSum += last.confidenceSum();
            words += last.words().size();
            if (!last.text().isEmpty()) {
                texts.add(last.text());
            }
            double conf = words == 0 || texts.isEmpty() ? 0 : confSum / words;
            result.complete(new Transcript(String.join(" ", texts), conf, audio(), cpu(cpu0)));
        } catch (InterruptedException e) {
            result.completeExceptionally(new SpeechException(name + ": decoding thread interrupted", e));
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        } finally {
            decoder.free();
            onRelease.run();
        }
    }

    private void segment(SpeechListener listener, VoskJson.Result r, long cpu0) {
        try {
            listener.onSegment(new Transcript(r.text(), r.text().isEmpty() ? 0 : r.confidence(), audio(), cpu(cpu0)));
        } catch (RuntimeException e) {
            log.warn("{}: speech listener failed on a segment; decoding goes on: {}", name, e.toString());
        }
    }

    private static Duration cpu(long cpu0) {
        return Duration.ofNanos(THREADS.getCurrentThreadCpuTime() - cpu0);
    }

    private synchronized Duration audio() {
        return Duration.ofNanos(samples * 1_000_000_000L / 8000);
    }

    @Override
    public synchronized void accept(short[] slin8k) {
        if (ended || closed) {
            throw new IllegalStateException(name + " already " + (closed ? "closed" : "ended"));
        }
        if (slin8k.length == 0) {
            return;
        }
        samples += slin8k.length;
        frames.add(slin8k.clone());
    }

    @Override
    public Transcript end() {
        synchronized (this) {
            if (!ended && !closed) {
                ended = true;
                frames.add(END);
            }
        }
        try {
            return result.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            abandon();
            throw new SpeechException(name + ": decoding did not finish within " + deadline);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SpeechException se) {
                throw se;
            }
            throw new SpeechException(name + ": decoding failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon();
            throw new SpeechException(name + ": interrupted while decoding", e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!result.isDone()) {
            log.debug("{} closed before its end; audio abandoned", name);
            abandon();
        }
    }

    private synchronized void abandon() {
        abandoned = true;
        if (!ended) {
            ended = true;
            frames.add(END);
        }
    }
}
