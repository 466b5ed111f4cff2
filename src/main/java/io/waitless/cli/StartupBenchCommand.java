package io.waitless.cli;

import io.waitless.journal.RedisProcess;
import io.waitless.sim.NodeConfigFile;
import io.waitless.sim.Verdict;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code waitless bench startup}: how long a node takes from its process starting to {@code /readyz} answering 200
 * (Redis reached, HTTP and FastAGI listening), over several runs with the shipped config and a private Redis. Each
 * run is a fresh process, launched as an operator launches it ({@code --launcher bin/waitless}) or straight with
 * {@code java}. Exit 1 when the median or the slowest run misses the target.
 */
@Command(name = "startup", mixinStandardHelpOptions = true,
        description = "Time from starting a node's process to /readyz answering 200, over several runs.")
final class StartupBenchCommand implements Callable<Integer> {
    @Option(names = "--runs", defaultValue = "5", description = "Fresh starts (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--target", defaultValue = "2s", converter = DurationConverter.class,
            description = "Start to ready, for the median and the slowest run (default: ${DEFAULT-VALUE}).")
    Duration target;

    @Option(names = "--launcher", defaultValue = "",
            description = "Script to start the node with, as '<launcher> serve -c <config>' (e.g. bin/waitless);"
                    + " default: java with this JVM's class path.")
    String launcher;

    @Option(names = "--prime", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = {"Start the node once, untimed, first: a launcher's class cache is written by the first start",
                    "after a build, as on every start but that one (default: on; --no-prime times it too)."})
    boolean prime;

    @CommandLine.Mixin
    BenchNode.JavaOpts nodeJavaOpts;

    @CommandLine.Mixin
    BenchCommand.PrivateRedis redis;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (runs < 1) {
            spec.commandLine().getErr().println("--runs must be at least 1");
            return 2;
        }
        Files.createDirectories(redis.work);
        List<String> opts = nodeJavaOpts.list();
        out.printf(Locale.ROOT, "== Startup to ready: %d fresh starts of %s serve%s%s, shipped config, private Redis%n",
                runs, launcher.isEmpty() ? "java … io.waitless.cli.WaitlessCommand" : launcher,
                opts.isEmpty() ? "" : " with " + String.join(" ", opts), prime ? " after an untimed one" : "");
        out.flush();
        List<Duration> times = new ArrayList<>();
        List<Duration> cpus = new ArrayList<>();
        try (RedisProcess server = redis.start("redis-startup", List.of())) {
            if (prime) {
                try (BenchNode node = BenchNode.start(redis.work, "node-startup", server, new NodeConfigFile(), opts,
                        launcher)) {
                    node.process().awaitReady(Duration.ofSeconds(120));
                }
            }
            for (int i = 1; i <= runs; i++) {
                try (BenchNode node = BenchNode.start(redis.work, "node-startup", server, new NodeConfigFile(), opts,
                        launcher)) {
                    Duration d = node.process().awaitReady(Duration.ofSeconds(120));
                    Duration cpu = node.process().cpu();
                    times.add(d);
                    cpus.add(cpu);
                    out.printf(Locale.ROOT, "run %d: ready in %.3f s, %.2f s of CPU used by then%n", i,
                            d.toMillis() / 1000.0, cpu.toMillis() / 1000.0);
                    out.flush();
                }
            }
        }
        List<Duration> sorted = times.stream().sorted().toList();
        Duration median = sorted.get((sorted.size() - 1) / 2);
        Duration max = sorted.getLast();
        out.printf(Locale.ROOT, "start to ready: median %.3f s, min %.3f s, max %.3f s (%d runs); CPU to ready: median"
                        + " %.2f s (on a machine shared with other work, wall time grows and CPU time does not)%n",
                median.toMillis() / 1000.0, sorted.getFirst().toMillis() / 1000.0, max.toMillis() / 1000.0, runs,
                cpus.stream().sorted().toList().get((runs - 1) / 2).toMillis() / 1000.0);
        return new Verdict()
                .check(median.compareTo(target) <= 0, String.format(Locale.ROOT, "median start to ready %.3f s ≤ %.1f s",
                        median.toMillis() / 1000.0, target.toMillis() / 1000.0))
                .check(max.compareTo(target) <= 0, String.format(Locale.ROOT, "slowest start to ready %.3f s ≤ %.1f s",
                        max.toMillis() / 1000.0, target.toMillis() / 1000.0))
                .print(out);
    }
}
