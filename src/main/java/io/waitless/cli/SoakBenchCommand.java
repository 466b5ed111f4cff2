package io.waitless.cli;

import io.waitless.journal.RedisProcess;
import io.waitless.sim.LocalKannel;
import io.waitless.sim.NodeProcess;
import io.waitless.sim.SoakBench;
import io.waitless.sim.Verdict;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;

/**
 * {@code waitless bench soak}: a day of calls compressed into {@code --minutes} ({@link SoakBench}) against a node in
 * its own JVM, with a window per sample (heap after a full GC, resident memory, p99 of the calls). After a warm-up
 * (the first tenth of the windows) the day's steady windows are split in thirds. Targets: memory flat (the median of
 * the last third within {@code --memory-growth} of the middle third's, heap and RSS), latency not growing (p99 of the
 * last window within {@code --latency-growth} times the first steady window's), and every call served. Exit 1 if not.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = {"A day of calls (the weekday curve) compressed into --minutes against a node in its own JVM;",
                "checks that its memory stays flat and its latency does not grow."})
final class SoakBenchCommand implements Callable<Integer> {
    @Option(names = "--minutes", defaultValue = "10", description = "The compressed day's length (default: ${DEFAULT-VALUE}; 1 for a smoke run).")
    double minutes;

    @Option(names = "--sample", converter = DurationConverter.class,
            description = "Time between samples (default: a twentieth of the day).")
    Duration sample;

    @Option(names = "--peak-rate", defaultValue = "20", description = "Calls per second at the day's peak (default: ${DEFAULT-VALUE}).")
    double peakRate;

    @Option(names = "--memory-growth", defaultValue = "0.10", description = "Largest rise of the last third over the middle third (default: ${DEFAULT-VALUE}).")
    double memoryGrowth;

    @Option(names = "--latency-growth", defaultValue = "1.5", description = "Largest ratio of the last window's p99 to the first steady window's (default: ${DEFAULT-VALUE}).")
    double latencyGrowth;

    @Option(names = "--seed", defaultValue = "42", description = "Caller mix seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @CommandLine.Mixin
    BenchNode.JavaOpts nodeJavaOpts;

    @CommandLine.Mixin
    BenchCommand.PrivateRedis redis;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Duration length = Duration.ofMillis((long) (minutes * 60_000));
        Duration every = sample != null ? sample : length.dividedBy(20);
        if (length.compareTo(every.multipliedBy(6)) < 0 || peakRate <= 0) {
            spec.commandLine().getErr().println("--minutes must hold at least 6 samples, --peak-rate must be above 0");
            return 2;
        }
        Files.createDirectories(redis.work);
        try (RedisProcess server = redis.start("redis-soak", List.of());
             LocalKannel kannel = LocalKannel.start();
             BenchNode node = BenchNode.start(redis.work, "node-soak", server, BenchNode.texting(kannel),
                     nodeJavaOpts.list(), "")) {
            NodeProcess p = node.process();
            p.awaitReady(Duration.ofSeconds(60));
            out.printf(Locale.ROOT, "== Soak: a weekday of calls in %.1f min (peak %.0f calls/s, nights at a quarter of"
                            + " it), a sample every %.1f s, node in its own JVM (pid %d, log %s)%n", minutes, peakRate,
                    every.toMillis() / 1000.0, p.pid(), p.log());
            List<SoakBench.Window> windows = SoakBench.run(new SoakBench.Settings("127.0.0.1", node.agiPort(), length,
                    every, peakRate, seed), new SoakBench.Probe() {
                        @Override
                        public long heapAfterGc() throws IOException, InterruptedException {
                            return p.heapAfterGc();
                        }

                        @Override
                        public long rssKb() throws IOException {
                            return p.status().rssKb();
                        }
                    }, out);
            out.printf("texts received by the gateway: %,d%n", kannel.requests());
            return judge(windows, out);
        }
    }

    private int judge(List<SoakBench.Window> windows, PrintWriter out) {
        int warm = Math.max(1, windows.size() / 10);
        List<SoakBench.Window> steady = windows.subList(warm, windows.size());
        int third = Math.max(1, steady.size() / 3);
        List<SoakBench.Window> middle = steady.subList(third, Math.min(steady.size(), 2 * third));
        List<SoakBench.Window> last = steady.subList(Math.max(0, steady.size() - third), steady.size());
        Verdict v = new Verdict();
        flat(v, "heap after GC", "MB", middle, last, w -> w.heapAfterGc() / 1048576.0);
        flat(v, "resident memory", "MB", middle, last, w -> w.rssKb() / 1024.0);
        List<SoakBench.Window> busy = steady.stream().filter(w -> w.calls() > 0).toList();
        if (busy.isEmpty()) {
            v.check(false, "latency not growing: no calls after warm-up");
        } else {
            double first = busy.getFirst().latency().p99();
            double end = busy.getLast().latency().p99();
            v.check(end <= latencyGrowth * first, String.format(Locale.ROOT, "latency not growing: p99 of the last"
                            + " window %.1f ms ≤ %.2f × %.1f ms (window %d, the first after warm-up)", end, latencyGrowth,
                    first, busy.getFirst().index()));
        }
        int calls = windows.stream().mapToInt(SoakBench.Window::calls).sum();
        int failed = windows.stream().mapToInt(SoakBench.Window::failed).sum();
        v.check(failed == 0 && calls > 0, String.format(Locale.ROOT, "every call served: %,d calls, %,d failed", calls,
                failed));
        return v.print(out);
    }

    private void flat(Verdict v, String what, String unit, List<SoakBench.Window> middle, List<SoakBench.Window> last,
                      ToDoubleFunction<SoakBench.Window> figure) {
        double m = median(middle, figure);
        double l = median(last, figure);
        v.check(l <= m * (1 + memoryGrowth), String.format(Locale.ROOT, "%s flat: median of the last third %.1f %s ≤"
                + " middle third's %.1f %s + %.0f %%", what, l, unit, m, unit, memoryGrowth * 100));
    }

    private static double median(List<SoakBench.Window> ws, ToDoubleFunction<SoakBench.Window> figure) {
        double[] v = ws.stream().mapToDouble(figure).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
