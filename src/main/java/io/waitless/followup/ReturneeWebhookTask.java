package io.waitless.followup;

import com.google.gson.JsonObject;
import io.waitless.config.WaitlessConfig;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * POSTs a new returnee ({@code returnee-webhook:<deflection>}) to {@code followup.returnees.webhook-url} as JSON,
 * signed with {@code returnees.webhook-secret} ({@link SignedPost}): the deflection, when they were texted and called
 * again, how far they got online, the masked number. The caller reference is left out.
 */
public final class ReturneeWebhookTask implements FollowUpTask {
    public static final String KIND = "returnee-webhook";

    private final RedisReturnees returnees;
    private final WaitlessConfig.FollowUp.Returnees cfg;
    private final SignedPost post;

    public ReturneeWebhookTask(RedisReturnees returnees, WaitlessConfig.FollowUp.Returnees cfg, Clock clock) {
        this.returnees = returnees;
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
        Optional<Map<String, String>> r = returnees.find(c.get("deflection"));
        if (r.isEmpty()) {
            return new Result.Failed("returnee-gone");
        }
        JsonObject json = new JsonObject();
        json.addProperty("type", "waitless.returnee");
        r.get().forEach((k, v) -> {
            if (!k.equals("caller")) {
                json.addProperty(k, v);
            }
        });
        return post.post(cfg.webhookUrl().get(), cfg.webhookSecret(), json.toString(), guard, "returnee");
    }
}
