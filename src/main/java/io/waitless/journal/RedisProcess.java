package io.waitless.journal;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private {@code redis-server} child process on loopback: the demo's Redis and the tests'. Its data and
 * log ({@code redis.log}) go to its own directory; {@link #close()} stops it (SIGTERM, then SIGKILL).
 */
public final class RedisProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private RedisProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts {@code binary} on 127.0.0.1:{@code port} and waits until it accepts connections.
     *
     * @param extraArgs further {@code --directive value} pairs (e.g. {@code --appendonly yes})
     * @throws IOException when it cannot be started or does not listen within {@code wait}; the message names
     *                     the log file and, when the binary is missing, the package to install
     */
    public static RedisProcess start(String binary, int port, Path dir, List<String> extraArgs, Duration wait)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path log = dir.resolve("redis.log");
        List<String> cmd = new ArrayList<>(List.of(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toAbsolutePath().toString(), "--save", "", "--daemonize", "no", "--loglevel", "warning"));
        cmd.addAll(extraArgs);
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IOException("cannot start " + binary + " (install it: apt-get install redis-server): "
                    + e.getMessage(), e);
        }
        if (listening(p, port, wait)) {
            return new RedisProcess(p, port);
        }
        p.destroyForcibly().waitFor();
        throw new IOException("redis-server did not start on port " + port + " within " + wait.toSeconds()
                + " s; see " + log);
    }

    /**
     * Waits until something accepts connections on 127.0.0.1:{@code port} while {@code p} runs.
     *
     * @return false when {@code p} ended or {@code wait} passed first
     */
    public static boolean listening(Process p, int port, Duration wait) throws InterruptedException {
        long end = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < end && p.isAlive()) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                Thread.sleep(20);
            }
        }
        return false;
    }

    /** A port free on loopback now (another process may still take it before Redis binds it). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** Stops it abruptly, as a crash would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
