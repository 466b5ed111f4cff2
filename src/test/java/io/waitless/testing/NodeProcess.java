package io.waitless.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node as its own OS process: {@code waitless serve --config <file>} in a child JVM on the test classpath, as
 * {@code bin/waitless serve} runs it. Its output goes to {@code node.out} beside the config. {@link #kill()} is
 * SIGKILL: no shutdown hook, no socket closed by the JVM, only what the kernel does for a dead process.
 */
public final class NodeProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("waitless ready: FastAGI on [^ ]+:(\\d+), HTTP on port (\\d+)");

    private final Process process;
    private final int agiPort;
    private final Path output;

    private NodeProcess(Process process, int agiPort, Path output) {
        this.process = process;
        this.agiPort = agiPort;
        this.output = output;
    }

    /** Starts the node and waits (up to {@code wait}) for its "waitless ready" line. */
    public static NodeProcess serve(Path config, Duration wait) throws IOException, InterruptedException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path output = config.resolveSibling("node.out");
        Process p = new ProcessBuilder(List.of(java.toString(), "-Xmx384m", "--enable-native-access=ALL-UNNAMED",
                "-cp", classpath, "io.waitless.cli.WaitlessCommand", "serve", "--config", config.toString()))
                .directory(config.getParent().toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        long end = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < end && p.isAlive()) {
            Matcher m = READY.matcher(Files.readString(output));
            if (m.find()) {
                return new NodeProcess(p, Integer.parseInt(m.group(1)), output);
            }
            Thread.sleep(100);
        }
        p.destroyForcibly().waitFor();
        throw new IOException("the node did not get ready within " + wait.toSeconds() + " s; its output:\n"
                + Files.readString(output));
    }

    public int agiPort() {
        return agiPort;
    }

    /** SIGKILL ({@link Process#destroyForcibly()} on Linux); returns the exit status (137 = killed by signal 9). */
    public int kill() throws InterruptedException {
        process.destroyForcibly();
        return process.waitFor();
    }

    public String output() throws IOException {
        return Files.readString(output);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
