package io.waitless.testing;

import io.waitless.journal.RedisProcess;

import java.io.IOException;
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
    private volatile RedisProcess process;
    private final String binary;
    private final Path dir;
    private final List<String> args;

    private RedisServer(RedisProcess process, String binary, Path dir, List<String> args) {
        this.process = process;
        this.binary = binary;
        this.dir = dir;
        this.args = List.copyOf(args);
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
        List<String> args = new ArrayList<>(List.of("--appendonly", "no"));
        args.addAll(extraArgs);
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = fixedPort > 0 ? fixedPort : RedisProcess.freePort();
            try {
                return new RedisServer(RedisProcess.start(binary, port, dir, args, Duration.ofSeconds(10)), binary, dir,
                        args);
            } catch (IOException e) {
                last = e; // the port was taken meanwhile, or the old socket is still being released
                if (fixedPort > 0) {
                    Thread.sleep(100);
                }
            }
        }
        throw last;
    }

    private static String findBinary() {
        for (String p : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        return null;
    }

    public int port() {
        return process.port();
    }

    public java.net.URI uri() {
        return java.net.URI.create("redis://127.0.0.1:" + port() + "/0");
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

    /**
     * Kills the server (as a crash would) and starts it again on the same port, in the same directory, with the
     * same arguments: with {@code --appendonly yes} it comes back with what its AOF holds.
     */
    public void crashAndRestart() throws IOException, InterruptedException {
        process.kill();
        restart();
    }

    /**
     * Stops the server as an operator would (SIGTERM: it writes its AOF out and exits), leaving the port closed
     * until {@link #restart()}.
     */
    public void stop() throws InterruptedException {
        process.close();
    }

    /** Starts a {@link #stop() stopped} or {@link #kill() killed} server again: same port, directory, arguments. */
    public void restart() throws IOException, InterruptedException {
        int port = process.port();
        IOException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                process = RedisProcess.start(binary, port, dir, args, Duration.ofSeconds(10));
                return;
            } catch (IOException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw last;
    }

    /** Stops the server abruptly (as a crash would). */
    public void kill() throws InterruptedException {
        process.kill();
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
