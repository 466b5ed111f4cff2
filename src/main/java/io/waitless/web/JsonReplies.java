package io.waitless.web;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.javalin.http.Context;

import java.util.Map;

/** JSON answers of the API and the dashboard's data requests: never cached, always {@code application/json}. */
final class JsonReplies {
    private JsonReplies() {
    }

    static void send(Context ctx, int status, Map<String, ?> body) {
        raw(ctx, status, JSONObjectUtils.toJSONString(body));
    }

    /** Answers {@code json} as it is (a {@link io.waitless.report.ReportJson} encoding). */
    static void raw(Context ctx, int status, String json) {
        ctx.header("Cache-Control", "no-store");
        ctx.status(status).contentType("application/json").result(json);
    }

    /** {@code {"error": code, "message": message}}. */
    static void error(Context ctx, int status, String code, String message) {
        send(ctx, status, Map.of("error", code, "message", message));
    }
}
