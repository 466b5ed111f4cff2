package io.waitless.followup;

import io.waitless.config.WaitlessConfig;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * POSTs a new returnee ({@code returnee-webhook:<deflection>}) to {@code followup.returnees.webhook-url} as JSON,
 * signed with {@code returnees.webhook-secret} ({@link SignedPost}): the deflection, when they were texted and called
 * again, how far they got online, the masked number. The caller reference is left out.
 */
public final class ReturneeWebhookTask extends RecordWebhookTask {
    public static final String KIND = "returnee-webhook";

    private final RedisReturnees returnees;

    public ReturneeWebhookTask(RedisReturnees returnees, WaitlessConfig.FollowUp.Returnees cfg, Clock clock) {
        super(KIND, "waitless.returnee", "deflection", "returnee", cfg.webhookUrl(), cfg.webhookSecret(), clock);
        this.returnees = returnees;
    }

    @Override
    Optional<Map<String, String>> find(String deflection) {
        return returnees.find(deflection);
    }

    /** The caller reference stays out of the body. */
    @Override
    boolean shown(String field) {
        return !field.equals("caller");
    }
}
