package io.waitless.followup;

import com.google.gson.JsonObject;
import io.waitless.config.WaitlessConfig;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * POSTs one alert ({@code alert:<id>}) to {@code followup.alerts.webhook-url} as JSON, signed: header
 * {@code X-Waitless-Timestamp} (Unix seconds) and {@code X-Waitless-Signature: v1=<hex HMAC-SHA256 of
 * "<timestamp>.<body>" with webhook-secret>}; the receiver recomputes it and refuses old timestamps. 2xx: done;
 * 408, 429 and 5xx or no answer within 10 s: retried with backoff; other 4xx: failed. The body names the caller
 * only by masked number and reference.
 */
public final class AlertWebhookTask implements FollowUpTask {
    public static final String KIND = "alert-webhook";
    static final String TIMESTAMP = "X-Waitless-Timestamp";
    static final String SIGNATURE = "X-Waitless-Signature";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final RedisAlerts alerts;
    private final WaitlessConfig.FollowUp.Alerts cfg;
    private final HttpClient http;
    private final Clock clock;

    public AlertWebhookTask(RedisAlerts alerts, WaitlessConfig.FollowUp.Alerts cfg, Clock clock) {
        this.alerts = alerts;
        this.cfg = cfg;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Result run(Claim c, SendGuard guard) {
        if (cfg.webhookUrl().isEmpty()) {
            return new Result.Skipped("no-webhook");
        }
        Optional<Map<String, String>> alert = alerts.find(c.get("alert"));
        if (alert.isEmpty()) {
            return new Result.Failed("alert-gone");
        }
        JsonObject json = new JsonObject();
        json.addProperty("type", "waitless.alert");
        alert.get().forEach(json::addProperty);
        String body = json.toString();
        String ts = Long.toString(clock.instant().getEpochSecond());
        if (!guard.beginSend()) {
            return new Result.LeaseLost();
        }
        HttpRequest req = HttpRequest.newBuilder(cfg.webhookUrl().get()).timeout(TIMEOUT)
                .header("Content-Type", "application/json; charset=utf-8")
                .header(TIMESTAMP, ts).header(SIGNATURE, "v1=" + sign(cfg.webhookSecret(), ts, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        try {
            int status = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 == 2) {
                return new Result.Done("webhook " + status);
            }
            return status == 408 || status == 429 || status >= 500 ? new Result.Retry("webhook answered " + status)
                    : new Result.Failed("webhook answered " + status);
        } catch (IOException e) {
            return new Result.Retry("webhook unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result.Retry("interrupted");
        }
    }

    /** Hex HMAC-SHA256 of {@code "<timestamp>.<body>"}. */
    public static String sign(String secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
