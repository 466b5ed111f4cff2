package io.waitless.sim;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Many callers at once in a long prompt, as Asterisk holds them over FastAGI: each connects at a steady rate, sends
 * the {@code agi_*} environment of the timed-offer dialplan's {@code offer} AGI, and sits on the node's first media
 * command (the promotion's {@code STREAM FILE}) without answering, as Asterisk does while the prompt plays; after
 * the hold (and not before every caller is in) the caller hangs up mid-prompt ({@code 200 result=-1}, then the bare
 * {@code HANGUP} line) and answers the dead-channel commands that follow until the node closes. Each caller runs
 * on a virtual thread over a real socket ({@link SimulatedChannel}).
 *
 * <p>Measured per caller: from just before connecting to the first command received. A caller whose connection
 * the server closes before any command is "closed unserved" (a full pool does that silently).
 */
public final class HeldCallers {
    private HeldCallers() {
    }

    /**
     * @param callers   how many callers
     * @param perSecond connections opened per second
     * @param hold      how long each caller keeps the first command unanswered (at least until all are in)
     */
    public record Settings(String host, int port, int callers, int perSecond, Duration hold) {}

    /**
     * @param served         callers who received a command
     * @param closedUnserved callers whose connection the server closed before any command
     * @param failed         callers who could not connect, or whose session broke another way
     * @param endedCleanly   served callers whose connection the server closed after the hangup
     * @param peakHeld       callers held at the same time, at most
     * @param firstCommand   connect to first command, of the served callers
     */
    public record Result(int callers, int served, int closedUnserved, int failed, int endedCleanly, int peakHeld,
                         Latencies firstCommand, Duration elapsed) {}

    /**
     * Runs the callers and returns when all have ended. {@code atPeak} runs once every caller has connected (or
     * failed) and before any is let go: the moment to read the server's memory and open sessions.
     */
    public static Result run(Settings s, Runnable atPeak) throws InterruptedException {
        long[] first = new long[s.callers()];
        AtomicInteger served = new AtomicInteger();
        AtomicInteger unserved = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger clean = new AtomicInteger();
        AtomicInteger held = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        CountDownLatch in = new CountDownLatch(s.callers());
        CountDownLatch peakTaken = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(s.callers());
        long entered = Instant.now().getEpochSecond();
        long t0 = System.nanoTime();
        long interval = 1_000_000_000L / Math.max(1, s.perSecond());
        for (int i = 0; i < s.callers(); i++) {
            long due = t0 + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int n = i;
            Thread.ofVirtual().name("caller-" + n).start(() -> {
                boolean[] counted = {false};
                SimulatedChannel channel = SimulatedChannel.live().hangUpDuring(OfferCalls.prompt(n))
                        .readTimeout(s.hold().plusSeconds(120)).listener(line -> {
                            if (line.startsWith("STREAM FILE") && !counted[0]) {
                                counted[0] = true;
                                peak.accumulateAndGet(held.incrementAndGet(), Math::max);
                                in.countDown();
                                long until = System.nanoTime() + s.hold().toNanos();
                                peakTaken.await();
                                LockSupport.parkNanos(until - System.nanoTime());
                                held.decrementAndGet();
                            }
                        });
                try {
                    SimulatedChannel.Session session = channel.run(s.host(), s.port(), OfferCalls.environment(s.host(), s.port(), n, entered));
                    if (session.firstCommand() == null) {
                        (session.nodeClosed() ? unserved : failed).incrementAndGet();
                    } else {
                        first[n] = session.firstCommand().toNanos();
                        served.incrementAndGet();
                        if (session.nodeClosed()) {
                            clean.incrementAndGet();
                        }
                    }
                } catch (IOException e) {
                    failed.incrementAndGet();
                } finally {
                    if (!counted[0]) {
                        in.countDown();
                    }
                    done.countDown();
                }
            });
        }
        in.await();
        try {
            atPeak.run();
        } finally {
            peakTaken.countDown();
        }
        done.await(s.hold().toSeconds() + 300, TimeUnit.SECONDS);
        long[] measured = java.util.Arrays.stream(first).filter(v -> v > 0).toArray();
        return new Result(s.callers(), served.get(), unserved.get(), failed.get(), clean.get(), peak.get(),
                Latencies.ofNanos(measured), Duration.ofNanos(System.nanoTime() - t0));
    }
}
