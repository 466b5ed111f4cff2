package io.waitless.followup;

import com.google.gson.JsonObject;
import io.waitless.config.WaitlessConfig;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * POSTs one alert ({@code alert:<id>}) to {@code followup.alerts.webhook-url} as JSON, signed with
 * {@code alerts.webhook-secret} ({@link SignedPost}). The body names the caller only by masked number and reference.
 */
public final class AlertWebhookTask implements FollowUpTask {
    public static final String KIND = "alert-webhook";

    private final RedisAlerts alerts;
    private final WaitlessConfig.FollowUp.Alerts cfg;
    private final SignedPost post;

    public AlertWebhookTask(RedisAlerts alerts, WaitlessConfig.FollowUp.Alerts cfg, Clock clock) {
        this.alerts = alerts;
        this.cfg = cfg;
        this.post = new SignedPost(clock);
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
        return post.post(cfg.webhookUrl().get(), cfg.webhookSecret(), json.toString(), guard, "alert");
    }

    /** Hex HMAC-SHA256 of {@code "<timestamp>.<body>"}, as a receiver checks it. */
    public static String sign(String secret, String timestamp, String body) {
        return SignedPost.sign(secret, timestamp, body);
    }
}
