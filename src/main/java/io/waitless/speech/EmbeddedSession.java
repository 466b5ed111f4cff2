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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/** A session of {@link EmbeddedSpeechRecognizer}: one engine, one decoding thread. */
final class EmbeddedSession implements SpeechSession {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedSession.class);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final FrameStream stream = new FrameStream();
    private final CompletableFuture<Transcript> result = new CompletableFuture<>();
    private final AtomicLong samples = new AtomicLong();
    private final Duration deadline;
    private final String name;
    private boolean ended;
    private boolean closed;

    EmbeddedSession(SphinxEngine engine, EmbeddedSpeechRecognizer.Pool pool, SpeechListener listener,
                    String name, Duration deadline) {
        this.deadline = deadline;
        this.name = name;
        Thread.ofPlatform().name(name).daemon().start(() -> run(engine, pool, listener));
    }

    private void run(SphinxEngine engine, EmbeddedSpeechRecognizer.Pool pool, SpeechListener listener) {
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        List<String> texts = new ArrayList<>();
        double[] confidence = {0, 0}; // sum of confidence x words, words
        try {
            engine.decode(stream, segment -> {
                long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
                if (!segment.text().isEmpty()) {
                    texts.add(segment.text());
                    int words = segment.text().split(" ").length;
                    confidence[0] += segment.confidence() * words;
                    confidence[1] += words;
                }
                listener.onSegment(new Transcript(segment.text(), segment.confidence(), audio(), Duration.ofNanos(cpu)));
            });
            Duration cpu = Duration.ofNanos(THREADS.getCurrentThreadCpuTime() - cpu0);
            double c = confidence[1] == 0 ? 0 : confidence[0] / confidence[1];
            result.complete(new Transcript(String.join(" ", texts), c, audio(), cpu));
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        } finally {
            pool.release(engine);
        }
    }

    private Duration audio() {
        return Duration.ofNanos(samples.get() * 1_000_000_000L / 8000);
    }

    @Override
    public synchronized void accept(short[] slin8k) {
        if (ended || closed) {
            throw new IllegalStateException(name + " already ended");
        }
        samples.addAndGet(slin8k.length);
        stream.push(slin8k);
    }

    @Override
    public Transcript end() {
        synchronized (this) {
            if (!ended && !closed) {
                ended = true;
                stream.finish();
            }
        }
        try {
            return result.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            stream.abandon();
            throw new SpeechException(name + ": decoding did not finish within " + deadline);
        } catch (ExecutionException e) {
            throw new SpeechException(name + ": decoding failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stream.abandon();
            throw new SpeechException(name + ": interrupted while decoding", e);
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            if (!result.isDone()) {
                log.debug("{} closed before its end; audio abandoned", name);
                stream.abandon();
            }
        }
    }
}
