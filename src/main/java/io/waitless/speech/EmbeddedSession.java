package io.waitless.speech;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A session of {@link EmbeddedSpeechRecognizer}. It holds no engine while audio trickles in: frames
 * go into a {@link Segmenter} on the caller's thread (cheap), and each completed segment (speech up
 * to a pause) is decoded on the recognizer's shared decoder threads with an engine taken from the
 * pool only for that segment. A session's segments decode one after another, in order, so its
 * listener is never called concurrently.
 */
final class EmbeddedSession implements SpeechSession {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedSession.class);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Segmenter segmenter = new Segmenter();
    private final EmbeddedSpeechRecognizer.Pool pool;
    private final Executor decoders;
    private final SpeechListener listener;
    private final Duration deadline;
    private final String name;
    private final List<String> texts = new ArrayList<>();
    private double confidenceSum;
    private int words;
    private long cpuNanos;
    private long samples;
    private CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    private boolean ended;
    private volatile boolean closed;

    EmbeddedSession(EmbeddedSpeechRecognizer.Pool pool, Executor decoders, SpeechListener listener,
                    String name, Duration deadline) {
        this.pool = pool;
        this.decoders = decoders;
        this.listener = listener;
        this.name = name;
        this.deadline = deadline;
    }

    @Override
    public synchronized void accept(short[] slin8k) {
        if (ended || closed) {
            throw new IllegalStateException(name + " already ended");
        }
        samples += slin8k.length;
        for (short[] segment : segmenter.add(slin8k)) {
            submit(segment, samples);
        }
    }

    private void submit(short[] segment, long audioSoFar) {
        chain = chain.thenRunAsync(() -> decode(segment, audioSoFar), decoders);
    }

    /** On a decoder thread; segments of one session never overlap. */
    private void decode(short[] segment, long audioSoFar) {
        if (closed) {
            return;
        }
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        byte[] bytes = wideband(segment);
        SphinxEngine engine = pool.acquire();
        try {
            engine.decode(new ByteArrayInputStream(bytes), seg -> {
                if (!seg.text().isEmpty()) {
                    texts.add(seg.text());
                    int n = seg.text().split(" ").length;
                    confidenceSum += seg.confidence() * n;
                    words += n;
                }
                long cpu = cpuNanos + THREADS.getCurrentThreadCpuTime() - cpu0;
                if (!closed) {
                    listener.onSegment(new Transcript(seg.text(), seg.confidence(), audio(audioSoFar), Duration.ofNanos(cpu)));
                }
            });
        } finally {
            pool.release(engine);
            cpuNanos += THREADS.getCurrentThreadCpuTime() - cpu0;
        }
    }

    /** 8 kHz slin to the 16 kHz little-endian 16-bit bytes Sphinx reads (anti-aliased, {@link Resampler}). */
    static byte[] wideband(short[] slin8k) {
        Resampler up = Resampler.upsampler();
        short[] a = up.upsample(slin8k);
        short[] b = up.flush();
        byte[] bytes = new byte[2 * (a.length + b.length)];
        int at = 0;
        for (short[] part : new short[][] {a, b}) {
            for (short s : part) {
                bytes[at++] = (byte) s;
                bytes[at++] = (byte) (s >> 8);
            }
        }
        return bytes;
    }

    private static Duration audio(long samples) {
        return Duration.ofNanos(samples * 1_000_000_000L / 8000);
    }

    @Override
    public Transcript end() {
        CompletableFuture<Void> done;
        long total;
        synchronized (this) {
            if (!ended && !closed) {
                ended = true;
                short[] rest = segmenter.finish();
                if (rest != null) {
                    submit(rest, samples);
                }
            }
            done = chain;
            total = samples;
        }
        try {
            done.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            closed = true;
            throw new SpeechException(name + ": decoding did not finish within " + deadline);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException c ? c.getCause() : e.getCause();
            throw new SpeechException(name + ": decoding failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
            throw new SpeechException(name + ": interrupted while decoding", e);
        }
        // The chain's completion orders the decoder's writes before these reads.
        double c = words == 0 ? 0 : confidenceSum / words;
        return new Transcript(String.join(" ", texts), Math.max(0, Math.min(1, c)), audio(total), Duration.ofNanos(cpuNanos));
    }

    /** Samples waiting in this session's buffer (not yet handed to a decoder). */
    synchronized int buffered() {
        return segmenter.buffered();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (!chain.isDone()) {
            log.debug("{} closed before its end; audio abandoned", name);
        }
    }
}
