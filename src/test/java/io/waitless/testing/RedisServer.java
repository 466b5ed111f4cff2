package io.waitless.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real {@code redis-server} on a free loopback port, in its own temporary directory, for one test class.
 * Fails the test run (does not skip) when redis-server is missing and {@code CI} is set: CI installs it.
 */
public final class RedisServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path dir;

    private RedisServer(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    public static RedisServer start() throws IOException, InterruptedException {
        return start(List.of());
    }

    public static RedisServer start(List<String> extraArgs) throws IOException, InterruptedException {
        return start(extraArgs, 0);
    }

    /**
     * A new server on the port an earlier one used (after {@link #kill()}), as a restarted Redis would come
     * back; retries briefly while the old socket is still being released.
     */
    public static RedisServer startOn(int port) throws IOException, InterruptedException {
        return start(List.of(), port);
    }

    private static RedisServer start(List<String> extraArgs, int fixedPort) throws IOException, InterruptedException {
        String binary = findBinary();
        if (System.getenv("CI") == null) {
            assumeTrue(binary != null, "redis-server is not installed: apt-get install redis-server");
        } else if (binary == null) {
            throw new IllegalStateException("redis-server is not installed; .ci/run installs it with apt-get");
        }
        Path dir = Files.createTempDirectory("waitless-redis");
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = fixedPort > 0 ? fixedPort : freePort();
            List<String> cmd = new ArrayList<>(List.of(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no",
                    "--loglevel", "warning"));
            cmd.addAll(extraArgs);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile()).start();
            if (waitForPort(port, p, Duration.ofSeconds(10))) {
                return new RedisServer(p, port, dir);
            }
            p.destroyForcibly().waitFor();
            if (fixedPort > 0) {
                Thread.sleep(100);
            }
        }
        throw new IOException("redis-server did not start; see " + dir.resolve("redis.log"));
    }

    private static String findBinary() {
        for (String p : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        return null;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static boolean waitForPort(int port, Process p, Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < end) {
            if (!p.isAlive()) {
                return false;
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                Thread.sleep(20);
            }
        }
        return false;
    }

    public int port() {
        return port;
    }

    public java.net.URI uri() {
        return java.net.URI.create("redis://127.0.0.1:" + port + "/0");
    }

    /** Freezes the server (SIGSTOP): connections are accepted by the kernel but nothing answers. */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** Lets a {@link #pause() paused} server run again (SIGCONT). */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        int rc = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
        if (rc != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " exited with " + rc);
        }
    }

    /** Stops the server abruptly (as a crash would). */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
