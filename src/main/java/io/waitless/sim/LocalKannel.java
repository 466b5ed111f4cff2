package io.waitless.sim;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Kannel smsbox's {@code sendsms} on loopback for the benchmarks: takes every {@code POST /cgi-bin/sendsms} as
 * {@code KannelSmsGateway} sends it, notes when the request for each receiver ({@code X-Kannel-To}) arrived
 * ({@link System#nanoTime()}, this process's clock), and answers {@code 202 0: Accepted for delivery} as Kannel
 * does. Requests are served on virtual threads.
 */
public final class LocalKannel implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, Long> received = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();

    private LocalKannel(HttpServer server) {
        this.server = server;
    }

    /** Listens on a free loopback port. */
    public static LocalKannel start() throws IOException {
        LocalKannel k = new LocalKannel(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024));
        k.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        k.server.createContext("/cgi-bin/sendsms", ex -> {
            long at = System.nanoTime();
            try (InputStream body = ex.getRequestBody()) {
                body.readAllBytes();
            }
            String to = ex.getRequestHeaders().getFirst("X-Kannel-To");
            k.requests.incrementAndGet();
            if (to != null) {
                k.received.putIfAbsent(to, at);
            }
            byte[] answer = "0: Accepted for delivery".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(202, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        k.server.start();
        return k;
    }

    /** The URL to configure as {@code sms.kannel.sendsms-url}. */
    public URI sendSmsUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/cgi-bin/sendsms");
    }

    /** When the first request for {@code to} (E.164) arrived, in {@link System#nanoTime()}; null if none did. */
    public Long receivedAt(String to) {
        return received.get(to);
    }

    /** Requests received in all (a retried text counts twice). */
    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
