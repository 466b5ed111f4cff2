package io.waitless.sim;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Callers taking up the spoken offer by key, at a steady rate: each runs the timed-offer {@code offer} AGI over a
 * real socket ({@link SimulatedChannel}, {@link OfferCalls}) and presses 1 during the promotion, i.e. answers its
 * {@code STREAM FILE} with {@code 200 result=49}; every other prompt ends at once. Notes when each key press went
 * out ({@link System#nanoTime()}), so the time to the gateway's receipt can be measured in the same process.
 */
public final class OfferAccepts {
    private OfferAccepts() {
    }

    /**
     * @param perSecond callers per second
     * @param callers   how many callers in all
     * @param first     the first caller's number in {@link OfferCalls} (runs with different {@code first} use
     *                  different caller numbers)
     */
    public record Settings(String host, int port, int perSecond, int callers, int first) {}

    /**
     * @param pressedAt caller number (E.164) → when its key press went out, for every caller who pressed
     * @param statuses  {@code WAITLESS_STATUS} the node set → callers ({@code sent} when the text went out)
     * @param failed    callers whose session could not run (no connection)
     */
    public record Result(Map<String, Long> pressedAt, Map<String, Integer> statuses, int failed, Duration elapsed) {
        /** Callers per second actually started. */
        public double rate(int callers) {
            return callers / Math.max(1e-9, elapsed.toNanos() / 1e9);
        }
    }

    /** Runs the callers at the rate and returns when all sessions have ended. */
    public static Result run(Settings s) throws InterruptedException {
        Map<String, Long> pressed = new ConcurrentHashMap<>();
        Map<String, Integer> statuses = new ConcurrentHashMap<>();
        AtomicInteger failed = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(s.callers());
        long entered = Instant.now().getEpochSecond();
        long interval = 1_000_000_000L / Math.max(1, s.perSecond());
        long t0 = System.nanoTime();
        for (int i = 0; i < s.callers(); i++) {
            long wait = t0 + i * interval - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int n = s.first() + i;
            String prompt = OfferCalls.prompt(n);
            String number = OfferCalls.number(n);
            Thread.ofVirtual().name("accepting-" + n).start(() -> {
                try {
                    SimulatedChannel.Session session = SimulatedChannel.live().pressDuring(prompt, '1')
                            .listener(line -> {
                                if (line.startsWith("STREAM FILE") && line.contains(prompt)) {
                                    pressed.putIfAbsent(number, System.nanoTime());
                                }
                            })
                            .run(s.host(), s.port(), OfferCalls.environment(s.host(), s.port(), n, entered));
                    statuses.merge(session.status().isEmpty() ? "(none)" : session.status(), 1, Integer::sum);
                } catch (IOException e) {
                    failed.incrementAndGet();
                } finally {
                    done.countDown();
                }
            });
        }
        long started = System.nanoTime() - t0;
        done.await(5, TimeUnit.MINUTES);
        return new Result(Map.copyOf(pressed), new TreeMap<>(statuses), failed.get(), Duration.ofNanos(started));
    }
}
