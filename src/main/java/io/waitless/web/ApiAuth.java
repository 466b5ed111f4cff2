package io.waitless.web;

import io.javalin.http.Context;

import java.util.List;

/**
 * The gate of every {@code /api} route: with no API key configured the route answers 404; without a valid
 * {@code Authorization: Bearer <key>} it answers 401 and the rejection is recorded (never the key presented).
 * Thread-safe.
 */
final class ApiAuth {
    private final ApiKeys keys;
    private final HookRequests requests;

    ApiAuth(List<String> keys, HookRequests requests) {
        this.keys = new ApiKeys(keys);
        this.requests = requests;
    }

    boolean enabled() {
        return keys.enabled();
    }

    /** Whether the request may go on; otherwise the answer has been given. */
    boolean authorized(Context ctx) {
        if (!keys.enabled()) {
            ctx.status(404);
            return false;
        }
        String auth = ctx.header("Authorization");
        if (auth == null || auth.isBlank()) {
            requests.reject(ctx, "api", "missing-api-key");
        } else if (!keys.accepts(auth)) {
            requests.reject(ctx, "api", "bad-api-key");
        } else {
            return true;
        }
        JsonReplies.error(ctx, 401, "unauthorized", "A valid API key is required.");
        return false;
    }
}
