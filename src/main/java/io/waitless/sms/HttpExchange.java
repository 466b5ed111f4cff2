package io.waitless.sms;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * One HTTP request-and-answer for the HTTP gateways (Kannel, Twilio-compatible), bounded as a whole: connect,
 * headers and body within the timeout. Every transport failure becomes an {@link SmsException} saying whether
 * a retry may help (timeouts, refused or broken connections: yes; anything else: no). One client on virtual
 * threads, shared by all sends; thread-safe.
 */
final class HttpExchange implements AutoCloseable {

    private final Duration timeout;
    private final String peer;
    private final String refusedHint;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http;

    /**
     * @param peer        how messages name the other side ({@code "Kannel at 127.0.0.1:13013"})
     * @param refusedHint added to a refused connection's message (e.g. {@code "; is smsbox running?"}), or empty
     * @param version     the HTTP version to speak
     */
    HttpExchange(Duration timeout, String peer, String refusedHint, HttpClient.Version version) {
        this.timeout = timeout;
        this.peer = peer;
        this.refusedHint = refusedHint;
        this.http = HttpClient.newBuilder()
                .version(version)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    /**
     * Sends and waits for the whole answer.
     *
     * @param reference the text's reference, for messages
     * @param sanitize  strips secrets and numbers from a failure's cause before it is attached
     * @throws SmsException when no answer came in time or the connection failed
     */
    HttpResponse<String> send(HttpRequest request, String reference, UnaryOperator<Throwable> sanitize) {
        CompletableFuture<HttpResponse<String>> pending =
                http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        try {
            // the request timeout stops at the headers; this bounds the body too
            return pending.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new SmsException(peer + " did not answer within " + timeout + " (SMS " + reference + ")", true);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new SmsException("interrupted while waiting for " + peer, true);
        } catch (ExecutionException e) {
            throw failure(e.getCause(), reference, sanitize.apply(e.getCause()));
        }
    }

    private SmsException failure(Throwable cause, String reference, Throwable safe) {
        String ref = " (SMS " + reference + ")";
        if (cause instanceof HttpConnectTimeoutException) {
            return new SmsException("could not connect to " + peer + " within " + timeout + ref, true, safe);
        }
        if (cause instanceof HttpTimeoutException) {
            return new SmsException(peer + " did not answer within " + timeout + ref, true, safe);
        }
        if (cause instanceof ConnectException) {
            return new SmsException(peer + " refused the connection" + refusedHint + ref, true, safe);
        }
        if (cause instanceof IOException) {
            return new SmsException("talking to " + peer + " failed: " + cause.getClass().getSimpleName() + ref,
                    true, safe);
        }
        return new SmsException("sending to " + peer + " failed: " + cause.getClass().getSimpleName() + ref,
                false, safe);
    }

    @Override
    public void close() {
        http.shutdown();
        try {
            if (!http.awaitTermination(timeout)) {
                http.shutdownNow();
            }
        } catch (InterruptedException e) {
            http.shutdownNow();
            Thread.currentThread().interrupt();
        }
        executor.close();
    }
}
