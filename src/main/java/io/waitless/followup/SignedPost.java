package io.waitless.followup;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

/**
 * POSTs a JSON body to a configured webhook, signed: header {@code X-Waitless-Timestamp} (Unix seconds) and
 * {@code X-Waitless-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<body>">}; the receiver recomputes it and refuses
 * old timestamps. Marks the claim "sending" first. 2xx: done; 408, 429, 5xx or no answer within 10 s: retry; other
 * 4xx: failed. Thread-safe.
 */
final class SignedPost {
    static final String TIMESTAMP = "X-Waitless-Timestamp";
    static final String SIGNATURE = "X-Waitless-Signature";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** Built at the first post: a client loads the trust store, which start-up need not wait for. */
    private HttpClient http;
    private final Clock clock;

    SignedPost(Clock clock) {
        this.clock = clock;
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
        }
        return http;
    }

    Result post(URI url, String secret, String body, FollowUpTask.SendGuard guard, String what) {
        String ts = Long.toString(clock.instant().getEpochSecond());
        if (!guard.beginSend()) {
            return new Result.LeaseLost();
        }
        HttpRequest req = HttpRequest.newBuilder(url).timeout(TIMEOUT)
                .header("Content-Type", "application/json; charset=utf-8")
                .header(TIMESTAMP, ts).header(SIGNATURE, "v1=" + sign(secret, ts, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        try {
            int status = http().send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 == 2) {
                return new Result.Done(what + " posted (" + status + ")");
            }
            return status == 408 || status == 429 || status >= 500 ? new Result.Retry(what + " webhook answered " + status)
                    : new Result.Failed(what + " webhook answered " + status);
        } catch (IOException e) {
            return new Result.Retry(what + " webhook unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result.Retry("interrupted");
        }
    }

    /** Hex HMAC-SHA256 of {@code "<timestamp>.<body>"}. */
    static String sign(String secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
