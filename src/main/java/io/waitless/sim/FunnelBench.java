package io.waitless.sim;

import io.waitless.call.CallEvent;
import io.waitless.call.Deflection;
import io.waitless.journal.RedisAnalytics;
import io.waitless.journal.RedisJournal;
import io.waitless.report.Dimension;
import io.waitless.report.FunnelQuery;
import io.waitless.report.FunnelResult;
import io.waitless.report.FunnelStep;
import io.waitless.report.ReportJson;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The analysts' benchmark: a realistic journal ({@link FunnelGenerator}) ingested through the node's own append
 * path ({@link RedisJournal#append}, group commit, from many threads, each caller's events on one thread, as AGI
 * sessions write them one call after another), then the reports timed over the whole range. Prints the ingest rate and append latency,
 * the report times, and checks the rollups against the generator's own counts.
 */
public final class FunnelBench {
    private FunnelBench() {
    }

    /** A timed report: its name, the median and slowest of its runs in ms. */
    public record Timing(String name, double medianMs, double maxMs) {}

    /** The outcome: ingest, report timings, and whether the rollups held the generated numbers. */
    public record Outcome(long events, double eventsPerSecond, double p50Ms, double p99Ms, long failed,
                          List<Timing> timings, boolean verified) {}

    private static final Object END = new Object();

    /**
     * @param threads writing threads (AGI sessions writing at once); 0 for a bulk import instead: one thread writes
     *                the generated events in order through {@link RedisJournal#appendAll} (batches of 256, pipelined),
     *                and the latencies are those of a batch of {@value #BULK} events
     * @param runs    how many times each report is timed
     */
    public static Outcome run(FunnelGenerator.Settings settings, RedisJournal journal, RedisAnalytics analytics,
                              java.util.function.UnaryOperator<String> reference, int threads, int runs,
                              PrintWriter out) throws InterruptedException {
        if (threads == 0) {
            return bulk(settings, journal, analytics, reference, runs, out);
        }
        List<BlockingQueue<Object>> queues = new ArrayList<>();
        AtomicLong failed = new AtomicLong();
        long[][] latencies = new long[threads][];
        int[] counts = new int[threads];
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            BlockingQueue<Object> q = new ArrayBlockingQueue<>(4_096);
            queues.add(q);
            int me = t;
            latencies[t] = new long[1 << 16];
            writers.add(Thread.ofVirtual().name("bench-funnel-" + t).start(() -> {
                try {
                    for (Object o = q.take(); o != END; o = q.take()) {
                        if (o instanceof Deflection d) {
                            journal.saveDeflection(d);
                            continue;
                        }
                        long a = System.nanoTime();
                        if (!journal.append((CallEvent) o)) {
                            failed.incrementAndGet();
                        }
                        if (counts[me] == latencies[me].length) {
                            latencies[me] = Arrays.copyOf(latencies[me], counts[me] * 2);
                        }
                        latencies[me][counts[me]++] = System.nanoTime() - a;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        long t0 = System.nanoTime();
        java.util.Map<String, String> callers = new java.util.HashMap<>(); // a caller's calls come one after another
        FunnelGenerator.Stats stats = new FunnelGenerator(settings, reference).generate(e -> {
            if (!e.attribute("caller").isEmpty()) {
                callers.putIfAbsent(e.callId(), e.attribute("caller"));
            }
            put(queues, callers.getOrDefault(e.callId(), e.callId()), e);
        }, d -> put(queues, callers.getOrDefault(d.callId(), d.callId()), d));
        for (BlockingQueue<Object> q : queues) {
            q.put(END);
        }
        for (Thread w : writers) {
            w.join();
        }
        long[] all = new long[(int) stats.events()];
        int n = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(latencies[t], 0, all, n, counts[t]);
            n += counts[t];
        }
        return reports(settings, journal, analytics, stats, t0, threads + " threads; append", all, n, failed.get(),
                runs, out);
    }

    /** Events written per {@link RedisJournal#appendAll} call in a bulk import. */
    static final int BULK = 1_024;

    private static Outcome bulk(FunnelGenerator.Settings settings, RedisJournal journal, RedisAnalytics analytics,
                                java.util.function.UnaryOperator<String> reference, int runs, PrintWriter out)
            throws InterruptedException {
        BlockingQueue<List<Object>> batches = new ArrayBlockingQueue<>(16);
        long[][] latencies = {new long[1 << 12]};
        int[] count = {0};
        Thread writer = Thread.ofPlatform().name("bench-funnel-bulk").start(() -> {
            try {
                List<CallEvent> events = new ArrayList<>(BULK);
                for (List<Object> b = batches.take(); !b.isEmpty(); b = batches.take()) {
                    long a = System.nanoTime();
                    for (Object o : b) {
                        if (o instanceof Deflection d) {
                            journal.appendAll(events);
                            events.clear();
                            journal.saveDeflection(d);
                        } else {
                            events.add((CallEvent) o);
                        }
                    }
                    journal.appendAll(events);
                    events.clear();
                    if (count[0] == latencies[0].length) {
                        latencies[0] = Arrays.copyOf(latencies[0], count[0] * 2);
                    }
                    latencies[0][count[0]++] = System.nanoTime() - a;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long t0 = System.nanoTime();
        List<List<Object>> next = new ArrayList<>(List.of(new ArrayList<>(BULK)));
        java.util.function.Consumer<Object> add = o -> {
            next.getFirst().add(o);
            if (next.getFirst().size() == BULK) {
                putBatch(batches, next.getFirst());
                next.set(0, new ArrayList<>(BULK));
            }
        };
        FunnelGenerator.Stats stats = new FunnelGenerator(settings, reference).generate(add::accept, add::accept);
        if (!next.getFirst().isEmpty()) {
            putBatch(batches, next.getFirst());
        }
        batches.put(List.of());
        writer.join();
        return reports(settings, journal, analytics, stats, t0, "bulk import; batch of " + BULK, latencies[0],
                count[0], 0, runs, out);
    }

    private static void putBatch(BlockingQueue<List<Object>> batches, List<Object> batch) {
        try {
            batches.put(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Waits for the rollups to count everything, prints the ingest, then times the reports and checks them. */
    private static Outcome reports(FunnelGenerator.Settings settings, RedisJournal journal, RedisAnalytics analytics,
                                   FunnelGenerator.Stats stats, long t0, String how, long[] all, int n, long failedAppends,
                                   int runs, PrintWriter out) {
        double appended = (System.nanoTime() - t0) / 1e9;
        boolean counted = journal.catchUp(java.time.Duration.ofMinutes(30));
        double seconds = (System.nanoTime() - t0) / 1e9;
        Arrays.sort(all, 0, n);
        double rate = stats.events() / seconds;
        out.printf(Locale.ROOT, "ingest:  %,d events (%,d calls over %d days) in %.1f s = %,.0f events/s, %s"
                        + " p50 %.2f ms, p99 %.2f ms; failed %d; appended in %.1f s, all counted in the rollups"
                        + " %.0f ms later%s%n", stats.events(), stats.calls(), settings.days(),
                seconds, rate, how, all[n / 2] / 1e6, all[(int) Math.min(n - 1L, n * 99L / 100)] / 1e6, failedAppends,
                appended, (seconds - appended) * 1e3, counted ? "" : " (NOT caught up)");
        out.flush();

        LocalDate from = settings.first();
        LocalDate to = settings.first().plusDays(settings.days() - 1);
        List<Timing> timings = new ArrayList<>();
        FunnelResult[] total = new FunnelResult[1];
        timings.add(time("funnel, " + settings.days() + " days, total", runs, () -> total[0] = analytics.funnel(
                new FunnelQuery(from, to, List.of(), Map.of()))));
        timings.add(time("funnel by day", runs, () -> analytics.funnel(
                new FunnelQuery(from, to, List.of(Dimension.DAY), Map.of()))));
        timings.add(time("funnel by day x queue x promotion x variant", runs, () -> analytics.funnel(new FunnelQuery(
                from, to, List.of(Dimension.DAY, Dimension.QUEUE, Dimension.PROMOTION, Dimension.VARIANT), Map.of()))));
        timings.add(time("funnel by week, one queue, as JSON", runs, () -> ReportJson.funnel(analytics.funnel(
                new FunnelQuery(from, to, List.of(Dimension.WEEK), Map.of(Dimension.QUEUE, "support"))))));
        timings.add(time("experiments", runs, () -> analytics.experiments(from, to)));
        timings.add(time("dashboard data: 7 days by day, A/B, live (JSON)", runs, () -> List.of(
                ReportJson.funnel(analytics.funnel(new FunnelQuery(to.minusDays(6), to, List.of(Dimension.DAY), Map.of()))),
                ReportJson.experiments(analytics.experiments(to.minusDays(6), to), to.minusDays(6), to),
                ReportJson.live(analytics.live()))));
        for (Timing t : timings) {
            out.printf(Locale.ROOT, "report:  %-50s median %7.1f ms, max %7.1f ms (%d runs)%n", t.name, t.medianMs,
                    t.maxMs, runs);
        }
        long calls = total[0].total().get(FunnelStep.CALLS);
        long accepted = total[0].total().get(FunnelStep.ACCEPTED);
        boolean verified = calls == stats.calls() && accepted == stats.accepted() && failedAppends == 0 && counted;
        out.printf(Locale.ROOT, "check:   rollups count %,d calls (generated %,d), %,d accepted (generated %,d), %,d repeat"
                        + " calls -> %s%n", calls, stats.calls(), accepted, stats.accepted(),
                total[0].total().get(FunnelStep.REPEAT), verified ? "VERIFIED" : "MISMATCH");
        out.flush();
        return new Outcome(stats.events(), rate, all[n / 2] / 1e6, all[(int) Math.min(n - 1L, n * 99L / 100)] / 1e6,
                failedAppends, timings, verified);
    }

    private static void put(List<BlockingQueue<Object>> queues, String call, Object item) {
        try {
            queues.get(Math.floorMod(call.hashCode(), queues.size())).put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Timing time(String name, int runs, Supplier<?> report) {
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long a = System.nanoTime();
            report.get();
            ms[i] = (System.nanoTime() - a) / 1e6;
        }
        Arrays.sort(ms);
        return new Timing(name, ms[runs / 2], ms[runs - 1]);
    }
}
