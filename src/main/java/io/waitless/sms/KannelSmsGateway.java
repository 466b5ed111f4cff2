package io.waitless.sms;

import io.waitless.call.PhoneMask;
import io.waitless.config.WaitlessConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends texts through a Kannel smsbox's {@code sendsms} HTTP interface: one {@code GET} per text with
 * {@code username}, {@code password}, {@code from}, {@code to}, {@code text}, {@code charset=UTF-8}, plus
 * {@code coding=2} (UCS-2) when the text is not GSM-7 and {@code smsc} when one is configured.
 *
 * <p>Kannel's answers, as its user guide documents them: {@code 202 "0: Accepted for delivery"} and
 * {@code 202 "3: Queued for later delivery"} are success; {@code 4xx} (e.g. {@code 403 "Authorization failed
 * for sendsms"}, {@code 400 "Missing receiver number, rejected"}) means the request or Kannel's configuration is
 * wrong and is not retryable; {@code 503 "Temporal failure, try again later."} and other {@code 5xx} are
 * retryable, as are timeouts and refused connections.
 *
 * <p>Blocking and thread-safe; one shared {@link HttpClient} on virtual threads. Each send is bounded by the
 * configured timeout (connect and whole answer, body included). The password travels in the query string, as
 * Kannel wants, but never appears in logs or exception messages, nor does the recipient's full number.
 */
public final class KannelSmsGateway implements SmsGateway {

    public static final String NAME = "kannel";

    private static final Logger log = LoggerFactory.getLogger(KannelSmsGateway.class);
    private static final int MAX_DETAIL = 200;
    private static final String REDACTED = "***";

    private final WaitlessConfig.Kannel kannel;
    private final Duration timeout;
    private final String where;
    private final ExecutorService executor;
    private final HttpClient http;

    /**
     * @param kannel  where smsbox listens and the sendsms-user to authenticate as
     * @param timeout longest one send may take, connect included
     */
    public KannelSmsGateway(WaitlessConfig.Kannel kannel, Duration timeout) {
        this.kannel = Objects.requireNonNull(kannel, "kannel");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("sms.timeout must be positive, was " + timeout);
        }
        URI url = Objects.requireNonNull(kannel.sendsmsUrl(), "sendsmsUrl");
        if (url.getHost() == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw new IllegalArgumentException("sms.kannel.sendsms-url must be an http(s) URL with a host");
        }
        Objects.requireNonNull(kannel.username(), "username");
        Objects.requireNonNull(kannel.password(), "password");
        this.where = url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // Kannel speaks HTTP/1.1; skip the h2c upgrade attempt
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Hands the text to Kannel.
     *
     * @return a receipt whose detail is Kannel's answer ({@code "0: Accepted for delivery"}); Kannel's sendsms
     *         gives no message id, so the id is empty
     * @throws SmsException retryable for timeouts, refused connections and 5xx; not retryable for 4xx
     */
    @Override
    public SmsReceipt send(SmsMessage message) {
        HttpRequest request = HttpRequest.newBuilder(requestUri(message))
                .timeout(timeout)
                .header("Accept", "text/plain")
                .GET()
                .build();
        long started = System.nanoTime();
        CompletableFuture<HttpResponse<String>> pending =
                http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        HttpResponse<String> response;
        try {
            // the request timeout stops at the headers; this bounds the body too
            response = pending.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new SmsException("Kannel at " + where + " did not answer within " + timeout, true);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new SmsException("interrupted while waiting for Kannel at " + where, true);
        } catch (ExecutionException e) {
            throw failure(e.getCause(), message);
        }
        return interpret(response, message, Duration.ofNanos(System.nanoTime() - started));
    }

    /** The sendsms URL for this message, query string encoded as UTF-8 ({@code %20} for spaces). */
    URI requestUri(SmsMessage message) {
        StringBuilder q = new StringBuilder();
        param(q, "username", kannel.username());
        param(q, "password", kannel.password());
        param(q, "from", message.from());
        param(q, "to", message.to());
        param(q, "text", message.text());
        if (kannel.smsc() != null && !kannel.smsc().isBlank()) {
            param(q, "smsc", kannel.smsc());
        }
        // always name the charset: older Kannels read 7-bit texts as ISO-8859-1 by default, UCS-2 as UTF-16BE
        param(q, "charset", "UTF-8");
        if (!Gsm7.isEncodable(message.text())) {
            param(q, "coding", "2");
        }
        String base = kannel.sendsmsUrl().toString();
        return URI.create(base + (base.contains("?") ? "&" : "?") + q);
    }

    private static void param(StringBuilder q, String name, String value) {
        if (!q.isEmpty()) {
            q.append('&');
        }
        q.append(name).append('=').append(encode(value));
    }

    private static String encode(String value) {
        // URLEncoder writes form encoding; a literal '+' is already %2B, so '+' can only mean a space here
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private SmsReceipt interpret(HttpResponse<String> response, SmsMessage message, Duration took) {
        int status = response.statusCode();
        String body = detail(response.body(), message);
        if (status >= 200 && status < 300) {
            log.info("SMS {} to {} accepted by Kannel at {} in {} ms: {}", message.reference(),
                    PhoneMask.mask(message.to()), where, took.toMillis(), body);
            return new SmsReceipt(NAME, "", body);
        }
        boolean retryable = status >= 500;
        String hint = status == 403 && body.startsWith("Authorization failed")
                ? " (check sms.kannel username and password against Kannel's sendsms-user group)" : "";
        throw new SmsException("Kannel at " + where + " refused SMS " + message.reference() + ": HTTP " + status
                + " \"" + body + "\"" + hint, retryable);
    }

    private SmsException failure(Throwable cause, SmsMessage message) {
        Throwable safe = sanitized(cause, message);
        String ref = " (SMS " + message.reference() + ")";
        if (cause instanceof HttpConnectTimeoutException) {
            return new SmsException("could not connect to Kannel at " + where + " within " + timeout + ref,
                    true, safe);
        }
        if (cause instanceof HttpTimeoutException) {
            return new SmsException("Kannel at " + where + " did not answer within " + timeout + ref, true, safe);
        }
        if (cause instanceof ConnectException) {
            return new SmsException("Kannel at " + where + " refused the connection; is smsbox running?" + ref,
                    true, safe);
        }
        if (cause instanceof IOException) {
            return new SmsException("talking to Kannel at " + where + " failed: "
                    + cause.getClass().getSimpleName() + ref, true, safe);
        }
        return new SmsException("sending to Kannel at " + where + " failed: " + cause.getClass().getSimpleName()
                + ref, false, safe);
    }

    /** Kannel's answer, on one line, shortened, with the password and recipient taken out. */
    private String detail(String body, SmsMessage message) {
        String oneLine = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        String clean = redact(oneLine, message);
        return clean.length() <= MAX_DETAIL ? clean : clean.substring(0, MAX_DETAIL) + "…";
    }

    private String redact(String s, SmsMessage message) {
        String out = s;
        String password = kannel.password();
        if (!password.isEmpty()) {
            out = out.replace(password, REDACTED).replace(encode(password), REDACTED)
                    .replace(URLEncoder.encode(password, StandardCharsets.UTF_8), REDACTED);
        }
        String masked = PhoneMask.mask(message.to());
        return out.replace(message.to(), masked).replace(encode(message.to()), masked)
                .replace(message.to().substring(1), masked);
    }

    /**
     * The cause to attach: itself when no message in its chain holds the password or the number; otherwise a
     * stand-in with the redacted text and the original stack trace, so nothing secret reaches a log.
     */
    private Throwable sanitized(Throwable cause, SmsMessage message) {
        boolean leaks = false;
        for (Throwable t = cause; t != null && !leaks; t = t.getCause()) {
            String text = String.valueOf(t.getMessage());
            leaks = !redact(text, message).equals(text);
        }
        if (!leaks) {
            return cause;
        }
        IOException standIn = new IOException(cause.getClass().getName() + ": "
                + redact(String.valueOf(cause.getMessage()), message));
        standIn.setStackTrace(cause.getStackTrace());
        return standIn;
    }

    /** Stops the HTTP client: waits up to the timeout for sends in flight, then aborts them. Idempotent. */
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
