package io.waitless.sim;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A day of calls compressed into a few minutes against a node: calls arrive at random (Poisson) at a rate that
 * follows {@link FunnelGenerator#hourWeight the weekday curve}, with a night-time floor of a quarter of the peak so
 * every window has calls; each call is played through the in-queue dialplan by {@link CallSimulator} (arrive, for
 * some a press of 1 and accept, the hangup handler) on a virtual thread. Every sample the node's heap after a full
 * GC, its resident memory and the calls finished since the last sample (with their p99) make a window.
 *
 * <p>The mix: 70 % Israeli mobiles (one in twenty a repeat caller, one in five of them pressing 1), 10 % landlines,
 * 10 % withheld numbers, 10 % foreign numbers; three in five calls answered, the rest abandoned.
 */
public final class SoakBench {
    /** The night floor, as a share of the peak rate. */
    static final double FLOOR = 0.25;
    private static final double PEAK_WEIGHT = 1.6;

    private SoakBench() {
    }

    /** A call that finished: how long it took, and whether the node served it to the end. */
    private record Done(long nanos, boolean ok) {}

    /**
     * @param length        the whole day, compressed
     * @param sample        time between samples (one window each)
     * @param peakPerSecond calls per second at the day's peak
     */
    public record Settings(String host, int port, Duration length, Duration sample, double peakPerSecond, long seed) {}

    /** What the benchmark reads from the node at each sample. */
    public interface Probe {
        /** Bytes of heap in use right after a full GC. */
        long heapAfterGc() throws IOException, InterruptedException;

        /** Resident memory now, KiB. */
        long rssKb() throws IOException;
    }

    /**
     * One sample's window.
     *
     * @param dayTime the compressed day's time at the window's end, {@code HH:mm}
     * @param latency calls finished in the window, from the first AGI connection to the hangup handler's end
     */
    public record Window(int index, String dayTime, int calls, int failed, Latencies latency, long heapAfterGc,
                         long rssKb) {}

    /** Runs the day, printing a row per window as it closes; returns the windows. */
    public static List<Window> run(Settings s, Probe probe, PrintWriter out) throws InterruptedException, IOException {
        ConcurrentLinkedQueue<Done> finished = new ConcurrentLinkedQueue<>();
        SimulatedQueue queue = new SimulatedQueue();
        CallSimulator simulator = new CallSimulator(s.host(), s.port(), queue);
        Random random = new Random(s.seed());
        List<Window> windows = new ArrayList<>();
        out.printf("%6s %8s %7s %6s %9s %9s %14s %8s%n", "window", "day time", "calls", "failed", "p50 ms", "p99 ms",
                "heap after GC", "RSS");
        out.flush();
        long t0 = System.nanoTime();
        long samples = Math.max(1, s.length().toNanos() / s.sample().toNanos());
        long end = t0 + samples * s.sample().toNanos();
        long nextSample = t0 + s.sample().toNanos();
        long next = t0;
        int seq = 0;
        while (windows.size() < samples) {
            long now = System.nanoTime();
            if (now >= nextSample) {
                windows.add(close(windows.size() + 1, dayTime(nextSample - t0, end - t0), finished, probe));
                print(windows.getLast(), out);
                nextSample += s.sample().toNanos();
                continue;
            }
            if (now >= next) {
                int n = seq++;
                CallSimulator.Caller caller = caller(random, n);
                Thread.ofVirtual().name("soak-" + n).start(() -> {
                    long a = System.nanoTime();
                    boolean ok;
                    try {
                        ok = !simulator.run(caller).hangupStatus().isEmpty();
                    } catch (IOException | RuntimeException e) {
                        ok = false;
                    }
                    finished.add(new Done(System.nanoTime() - a, ok));
                });
                double hour = Math.min(23.999, 24.0 * (now - t0) / (end - t0));
                double rate = s.peakPerSecond() * Math.max(FLOOR, FunnelGenerator.hourWeight((int) hour) / PEAK_WEIGHT);
                next += (long) (-Math.log(1 - random.nextDouble()) / rate * 1e9);
                continue;
            }
            LockSupport.parkNanos(Math.max(0, Math.min(next, nextSample) - System.nanoTime()));
        }
        return windows;
    }

    private static Window close(int index, String dayTime, ConcurrentLinkedQueue<Done> finished, Probe probe)
            throws IOException, InterruptedException {
        List<Long> nanos = new ArrayList<>();
        int failed = 0;
        for (Done d; (d = finished.poll()) != null; ) {
            nanos.add(d.nanos());
            failed += d.ok() ? 0 : 1;
        }
        long heap = probe.heapAfterGc();
        return new Window(index, dayTime, nanos.size(), failed,
                Latencies.ofNanos(nanos.stream().mapToLong(Long::longValue).toArray()), heap, probe.rssKb());
    }

    private static void print(Window w, PrintWriter out) {
        out.printf(Locale.ROOT, "%6d %8s %7d %6d %9.1f %9.1f %11.1f MB %5.0f MB%n", w.index(), w.dayTime(), w.calls(),
                w.failed(), w.latency().p50(), w.latency().p99(), w.heapAfterGc() / 1048576.0, w.rssKb() / 1024.0);
        out.flush();
    }

    private static String dayTime(long elapsedNanos, long lengthNanos) {
        long minutes = Math.min(24 * 60, Math.round(24.0 * 60 * elapsedNanos / lengthNanos));
        return String.format(Locale.ROOT, "%02d:%02d", minutes / 60, minutes % 60);
    }

    /** The n-th caller of the mix. */
    static CallSimulator.Caller caller(Random r, int n) {
        double kind = r.nextDouble();
        Duration before = Duration.ofSeconds(30 + r.nextInt(270));
        Duration after = Duration.ofSeconds(30 + r.nextInt(570));
        CallSimulator.Ending ending = r.nextDouble() < 0.6 ? CallSimulator.Ending.ANSWERED : CallSimulator.Ending.ABANDON;
        String name = "soak-" + n;
        if (kind < 0.70) {
            int who = r.nextDouble() < 0.05 && n > 0 ? r.nextInt(n) : n;
            Optional<Duration> key = r.nextDouble() < 0.2 ? Optional.of(before) : Optional.empty();
            return new CallSimulator.Caller(name, OfferCalls.number(who), 0, "support", key, false, after,
                    ending);
        }
        String id = kind < 0.80 ? String.format("+9723%07d", n % 10_000_000)
                : kind < 0.90 ? "anonymous" : String.format("+4420%08d", n % 100_000_000);
        return new CallSimulator.Caller(name, id, id.equals("anonymous") ? 32 : 0, "support", Optional.empty(), false,
                after, ending);
    }
}
