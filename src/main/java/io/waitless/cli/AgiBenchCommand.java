package io.waitless.cli;

import io.waitless.agi.StockAgiServer;
import io.waitless.journal.RedisProcess;
import io.waitless.sim.HeldCallers;
import io.waitless.sim.NodeConfigFile;
import io.waitless.sim.NodeProcess;
import io.waitless.sim.Verdict;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code waitless bench agi}: waiting callers per node. Many callers at once, each held in the {@code offer} AGI's
 * first prompt ({@link HeldCallers}), against a node started as {@code waitless serve} in its own JVM, and first
 * against Asterisk-Java's stock {@code DefaultAgiServer} with its default pool as the baseline. Targets: every caller
 * served, p99 connect-to-first-command, the node's peak resident memory, and no session left open after the
 * callers hang up. Exit 1 when one is missed, 2 when this machine cannot run it (open-file limit).
 */
@Command(name = "agi", mixinStandardHelpOptions = true,
        description = {"Hold many FastAGI callers at once in a prompt against a node in its own JVM (and against",
                "Asterisk-Java's stock DefaultAgiServer as the baseline); check served, p99, memory, leaks."})
final class AgiBenchCommand implements Callable<Integer> {
    /** Descriptors a process needs besides its callers' sockets (jars, logs, Redis, HTTP). */
    static final int SPARE_FILES = 100;

    @Option(names = "--callers", defaultValue = "10000", description = "Callers held at once (default: ${DEFAULT-VALUE}).")
    int callers;

    @Option(names = "--rate", defaultValue = "500", description = "New connections per second (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--hold", defaultValue = "40s", converter = DurationConverter.class,
            description = "How long each caller's prompt keeps the node waiting (default: ${DEFAULT-VALUE}).")
    Duration hold;

    @Option(names = "--warm-up", defaultValue = "1000",
            description = "Callers served first, not held nor counted, so the server's code is compiled"
                    + " (default: ${DEFAULT-VALUE}).")
    int warmUp;

    @Option(names = "--p99-target", defaultValue = "20",
            description = "p99 connect to first command, ms (default: ${DEFAULT-VALUE}).")
    double p99Target;

    @Option(names = "--memory-target", defaultValue = "1536",
            description = "Node's peak resident memory (VmHWM), MB (default: ${DEFAULT-VALUE}).")
    double memoryTarget;

    @Option(names = "--baseline", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Run the stock DefaultAgiServer baseline first (default: on; --no-baseline skips it).")
    boolean baseline;

    @CommandLine.Mixin
    BenchNode.JavaOpts nodeJavaOpts;

    @CommandLine.Mixin
    BenchCommand.PrivateRedis redis;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (callers < 1 || rate < 1) {
            spec.commandLine().getErr().println("--callers and --rate must be at least 1");
            return 2;
        }
        long files = openFileLimit();
        if (files < callers + SPARE_FILES) {
            spec.commandLine().getErr().printf("this process may open %d files; %d callers need %d: raise it with"
                    + " 'ulimit -n %d' (the node needs as many, it is a separate process)%n", files, callers,
                    callers + SPARE_FILES, callers + SPARE_FILES);
            return 2;
        }
        Files.createDirectories(redis.work);
        HeldCallers.Settings settings = new HeldCallers.Settings("127.0.0.1", 0, callers, rate, hold);
        out.printf(Locale.ROOT, "== FastAGI held callers: %,d callers at %,d/s, each held %d s in the offer AGI's"
                        + " STREAM FILE, then hanging up, after %,d warm-up callers; Java %d; logs in %s%n", callers, rate,
                hold.toSeconds(), warmUp, Runtime.version().feature(), redis.work);
        out.flush();
        Verdict verdict = new Verdict();
        if (baseline) {
            baseline(settings, out);
        }
        try (RedisProcess server = redis.start("redis-agi", List.of())) {
            node(settings, server, out, verdict);
        }
        return verdict.print(out);
    }

    private void baseline(HeldCallers.Settings settings, PrintWriter out) throws IOException, InterruptedException {
        int port = NodeProcess.freePort();
        try (NodeProcess stock = NodeProcess.start(NodeProcess.javaCommand(List.of(),
                List.of("bench", "stock-agi", "--port", Integer.toString(port))), java.util.Map.of(), 0,
                redis.work.resolve("stock-agi.log"))) {
            awaitListening(stock, port);
            warmUp(settings, port);
            HeldCallers.Result r = HeldCallers.run(withPort(settings, port), () -> { });
            out.printf(Locale.ROOT, "baseline: stock DefaultAgiServer, default pool: served %,d of %,d, closed"
                            + " unserved %,d, failed %,d; first command %s; VmHWM %.0f MB%n", r.served(), r.callers(),
                    r.closedUnserved(), r.failed(), r.firstCommand().described(), stock.status().hwmMb());
            out.flush();
        }
    }

    private void node(HeldCallers.Settings settings, RedisProcess server, PrintWriter out, Verdict verdict)
            throws IOException, InterruptedException {
        // the offer script's deadline must outlast the prompt, as it must in production for the longest prompt
        NodeConfigFile config = new NodeConfigFile().set("agi.script-deadline", (hold.toSeconds() + 60) + "s");
        try (BenchNode node = BenchNode.start(redis.work, "node-agi", server, config, nodeJavaOpts.list(), "")) {
            NodeProcess p = node.process();
            Duration ready = p.awaitReady(Duration.ofSeconds(60));
            warmUp(settings, node.agiPort());
            double openBefore = p.metric(SESSIONS_OPEN, "");
            NodeProcess.ProcStatus idle = p.status();
            double[] openAtPeak = {-1};
            NodeProcess.ProcStatus[] atPeak = {idle};
            HeldCallers.Result r = HeldCallers.run(withPort(settings, node.agiPort()), () -> {
                try {
                    openAtPeak[0] = p.metric(SESSIONS_OPEN, "");
                    atPeak[0] = p.status();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            long drain = System.nanoTime();
            double openAfter = p.metric(SESSIONS_OPEN, "");
            while (openAfter > openBefore && System.nanoTime() - drain < 30_000_000_000L) {
                Thread.sleep(100);
                openAfter = p.metric(SESSIONS_OPEN, "");
            }
            double drained = (System.nanoTime() - drain) / 1e9;
            NodeProcess.ProcStatus after = p.status();
            double perCaller = r.served() == 0 ? 0 : (atPeak[0].rssKb() - idle.rssKb()) / (double) r.served();
            out.printf(Locale.ROOT, "node:     served %,d of %,d (closed unserved %,d, failed %,d), %,d held at once;"
                            + " ready %.2f s after start (pid %d)%n", r.served(), r.callers(), r.closedUnserved(),
                    r.failed(), r.peakHeld(), ready.toMillis() / 1000.0, p.pid());
            out.printf(Locale.ROOT, "first command: %s%n", r.firstCommand().described());
            out.printf(Locale.ROOT, "memory:   idle VmRSS %.0f MB; with every caller held VmRSS %.0f MB (%.0f KB more"
                            + " per caller), %.0f sessions open, %d OS threads; VmHWM %.0f MB%n", idle.rssMb(),
                    atPeak[0].rssMb(), perCaller, openAtPeak[0], atPeak[0].threads(), after.hwmMb());
            out.printf(Locale.ROOT, "after hangup: %.0f sessions open (%.0f before the callers) %.1f s after the last"
                            + " caller; %,d ended by the node closing; OS threads %d (%d idle)%n", openAfter,
                    openBefore, drained, r.endedCleanly(), after.threads(), idle.threads());
            out.flush();
            verdict.check(r.served() == r.callers(), String.format(Locale.ROOT, "all served: %,d of %,d", r.served(),
                    r.callers()));
            verdict.check(r.firstCommand().p99() <= p99Target, String.format(Locale.ROOT,
                    "p99 connect to first command %.3f ms ≤ %.0f ms", r.firstCommand().p99(), p99Target));
            verdict.check(after.hwmMb() <= memoryTarget, String.format(Locale.ROOT,
                    "node's peak resident memory (VmHWM) %.0f MB ≤ %.0f MB", after.hwmMb(), memoryTarget));
            verdict.check(openAfter <= openBefore && r.endedCleanly() == r.served(), String.format(Locale.ROOT,
                    "no session leaked: %.0f open after the hangups (%.0f before), %,d of %,d closed by the node",
                    openAfter, openBefore, r.endedCleanly(), r.served()));
        }
    }

    static final String SESSIONS_OPEN = "waitless_agi_sessions_open";

    /** Callers that hang up at once, at the same rate, before the measured ones: a node serves calls for hours. */
    private void warmUp(HeldCallers.Settings s, int port) throws InterruptedException {
        if (warmUp > 0) {
            HeldCallers.run(new HeldCallers.Settings(s.host(), port, warmUp, s.perSecond(), Duration.ZERO), () -> { });
        }
    }

    private static HeldCallers.Settings withPort(HeldCallers.Settings s, int port) {
        return new HeldCallers.Settings(s.host(), port, s.callers(), s.perSecond(), s.hold());
    }

    /** Waits until the stock server accepts connections (the probe's empty session ends at once). */
    private static void awaitListening(NodeProcess p, int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new IOException("the stock FastAGI server did not listen within 60 s:\n" + p.logTail());
    }

    /** This process's limit on open files ({@code Max open files} in {@code /proc/self/limits}), or MAX_VALUE. */
    static long openFileLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).strip().split("\\s+")[0];
                    return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException e) {
            return Long.MAX_VALUE; // not Linux: let the run find out
        }
        return Long.MAX_VALUE;
    }

    /** {@code waitless bench stock-agi}: the baseline ({@link StockAgiServer}) in its own JVM. */
    @Command(name = "stock-agi", hidden = true, description = "Asterisk-Java's stock DefaultAgiServer (bench agi's baseline).")
    static final class Stock implements Callable<Integer> {
        @Option(names = "--port", required = true)
        int port;

        @Override
        public Integer call() throws Exception {
            StockAgiServer.serve(port); // until the process is stopped
            return 0;
        }
    }
}
