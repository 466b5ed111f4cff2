package io.waitless.sim;

import io.waitless.journal.RedisProcess;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A node in a JVM of its own, as the benchmarks drive it: the load generator and the node each need their own
 * sockets (10,000 callers are 10,000 descriptors on each side) and the node's memory is read from its own
 * {@code /proc/<pid>/status}. Started with {@code waitless serve} (or any other subcommand), its output goes to a
 * log file; {@link #awaitReady} waits for {@code /readyz}. Figures come the ways an operator has: {@code /metrics},
 * {@code /proc}, and {@code jcmd} for a GC. Linux only ({@code /proc}).
 */
public final class NodeProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int httpPort;
    private final Path log;
    private final long started;

    private NodeProcess(Process process, int httpPort, Path log, long started) {
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
        this.started = started;
    }

    /**
     * The command that runs {@code waitless <args>} on this JVM's {@code java} and class path (the jar when run
     * from {@code bin/waitless}, the classes in a test).
     */
    public static List<String> javaCommand(List<String> jvmOptions, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.waitless.cli.WaitlessCommand");
        cmd.addAll(args);
        return cmd;
    }

    /** Starts {@code command} in the current directory, its output (stdout and stderr) into {@code log}. */
    public static NodeProcess start(List<String> command, Map<String, String> env, int httpPort, Path log)
            throws IOException {
        return start(command, env, httpPort, log, Path.of(""));
    }

    /** Starts {@code command} in {@code directory} (relative paths of its config resolve there). */
    public static NodeProcess start(List<String> command, Map<String, String> env, int httpPort, Path log,
                                    Path directory) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .directory(directory.toAbsolutePath().toFile());
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        return new NodeProcess(pb.start(), httpPort, log, t0);
    }

    /** A free TCP port on loopback for the node to listen on. */
    public static int freePort() throws IOException {
        return RedisProcess.freePort();
    }

    /**
     * Waits until {@code GET /readyz} answers 200; returns the time from {@link #start} to then.
     *
     * @throws IOException when the node exits first or is not ready in time (with the end of its log)
     */
    public Duration awaitReady(Duration within) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(url("/readyz")).timeout(Duration.ofSeconds(1)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the node exited with " + process.exitValue() + " before it was ready:\n" + logTail());
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - started);
                }
            } catch (IOException notYet) {
                // not listening yet: ask again shortly
            }
            Thread.sleep(5);
        }
        throw new IOException("the node was not ready within " + within + ":\n" + logTail());
    }

    /** What {@code /proc/<pid>/status} says of the node now. */
    public ProcStatus status() throws IOException {
        return ProcStatus.read(process.pid());
    }

    /** The sum of a Prometheus series' samples in {@code /metrics} whose labels contain {@code labels} (may be empty). */
    public double metric(String name, String labels) throws IOException, InterruptedException {
        String text = HTTP.send(HttpRequest.newBuilder(url("/metrics")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double sum = 0;
        boolean found = false;
        for (String line : text.lines().toList()) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{") && line.contains(labels)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                found = true;
            }
        }
        if (!found) {
            throw new IOException("no " + name + " in the node's /metrics");
        }
        return sum;
    }

    /** Runs a full GC in the node ({@code jcmd <pid> GC.run}) and returns the heap then in use, in bytes. */
    public long heapAfterGc() throws IOException, InterruptedException {
        Path jcmd = Path.of(process.info().command().orElseThrow()).resolveSibling("jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "GC.run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("jcmd " + process.pid() + " GC.run failed");
        }
        return (long) metric("jvm_memory_used_bytes", "area=\"heap\"");
    }

    public long pid() {
        return process.pid();
    }

    /**
     * CPU time the node has used so far, user and system, all threads ({@code utime + stime} of
     * {@code /proc/<pid>/stat}, at the usual 100 ticks a second): unlike wall time, it does not grow when other work
     * shares the machine.
     */
    public Duration cpu() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15, counted from field 3
        return Duration.ofMillis(ticks * 10);
    }

    public Path log() {
        return log;
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    /** The last lines of the node's log, for an error message. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /**
     * Kills the node as a crash would: SIGKILL ({@link Process#destroyForcibly()} on Linux), no shutdown hook, only
     * what the kernel does for a dead process; returns its exit status (137 = killed by signal 9).
     */
    public int kill() throws InterruptedException {
        process.destroyForcibly();
        return process.waitFor();
    }

    /** Stops the node as an operator does (SIGTERM, its shutdown hook closes it), forcibly after 15 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /**
     * A process's memory and threads from {@code /proc/<pid>/status}.
     *
     * @param rssKb   resident memory now ({@code VmRSS}), KiB
     * @param hwmKb   the most it has been resident ({@code VmHWM}), KiB
     * @param threads OS threads ({@code Threads}): platform threads; virtual threads are not among them
     */
    public record ProcStatus(long rssKb, long hwmKb, int threads) {
        static ProcStatus read(long pid) throws IOException {
            long rss = 0;
            long hwm = 0;
            int threads = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                String v = line.substring(line.indexOf(':') + 1).strip().split("\\s+")[0];
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(v);
                } else if (line.startsWith("VmHWM:")) {
                    hwm = Long.parseLong(v);
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(v);
                }
            }
            return new ProcStatus(rss, hwm, threads);
        }

        public double rssMb() {
            return rssKb / 1024.0;
        }

        public double hwmMb() {
            return hwmKb / 1024.0;
        }
    }
}
