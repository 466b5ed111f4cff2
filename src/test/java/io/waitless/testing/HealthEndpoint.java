package io.waitless.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/** A digital channel's health URL on loopback whose HTTP status a test sets ({@link #answer}). */
public final class HealthEndpoint implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger status = new AtomicInteger(200);

    private HealthEndpoint(HttpServer server) {
        this.server = server;
    }

    /** Listens on a free loopback port at {@code /app-health}, answering 200 until told otherwise. */
    public static HealthEndpoint start() throws IOException {
        HealthEndpoint h = new HealthEndpoint(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
        h.server.createContext("/app-health", ex -> {
            ex.sendResponseHeaders(h.status.get(), -1);
            ex.close();
        });
        h.server.start();
        return h;
    }

    /** Every request from now on gets this status. */
    public void answer(int code) {
        status.set(code);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/app-health");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
