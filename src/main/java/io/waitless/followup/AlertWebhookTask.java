package io.waitless.followup;

import io.waitless.config.WaitlessConfig;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * POSTs one alert ({@code alert:<id>}) to {@code followup.alerts.webhook-url} as JSON, signed with
 * {@code alerts.webhook-secret} ({@link SignedPost}). The body names the caller only by masked number and reference.
 */
public final class AlertWebhookTask extends RecordWebhookTask {
    public static final String KIND = "alert-webhook";

    private final RedisAlerts alerts;

    public AlertWebhookTask(RedisAlerts alerts, WaitlessConfig.FollowUp.Alerts cfg, Clock clock) {
        super(KIND, "waitless.alert", "alert", "alert", cfg.webhookUrl(), cfg.webhookSecret(), clock);
        this.alerts = alerts;
    }

    @Override
    Optional<Map<String, String>> find(String id) {
        return alerts.find(id);
    }

    /** Hex HMAC-SHA256 of {@code "<timestamp>.<body>"}, as a receiver checks it. */
    public static String sign(String secret, String timestamp, String body) {
        return SignedPost.sign(secret, timestamp, body);
    }
}
