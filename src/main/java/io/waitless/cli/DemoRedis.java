package io.waitless.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A private {@code redis-server} for the demo: loopback only, a free port, AOF on, stopped on close. */
final class DemoRedis implements AutoCloseable {
    private final Process process;
    private final int port;

    private DemoRedis(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static DemoRedis start(String binary, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process p;
        try {
            p = new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--dir", dir.toAbsolutePath().toString(), "--appendonly", "yes", "--save", "",
                    "--daemonize", "no", "--loglevel", "warning")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            throw new IOException("cannot start " + binary + " (install it: apt-get install redis-server): "
                    + e.getMessage(), e);
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            if (!p.isAlive()) {
                throw new IOException("redis-server exited; see " + dir.resolve("redis.log"));
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return new DemoRedis(p, port);
            } catch (IOException e) {
                Thread.sleep(25);
            }
        }
        p.destroyForcibly();
        throw new IOException("redis-server did not start within 10 s; see " + dir.resolve("redis.log"));
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
