package io.waitless.web;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.javalin.http.Context;
import io.waitless.call.CallEvent;
import io.waitless.call.Deflection;
import io.waitless.call.EventType;
import io.waitless.call.Journal;
import io.waitless.config.WaitlessConfig;
import io.waitless.link.TokenCheck;
import io.waitless.link.TokenClaims;
import io.waitless.link.TokenLedgerException;
import io.waitless.link.TokenRedemption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The API for the self-service site, behind {@code Authorization: Bearer <api key>}:
 * {@code POST /api/tokens/redeem} and {@code POST /api/deflections/{id}/completed}. Answers JSON.
 * With no API key configured every route answers 404. Thread-safe.
 */
final class TokenApi {
    private static final Logger log = LoggerFactory.getLogger(TokenApi.class);

    private final ApiAuth auth;
    private final TokenRedemption redemption;
    private final HookRequests requests;
    private final ReplayGuard replays;
    private final Journal journal;
    private final URI publicBase;
    private final Clock clock;
    private final io.waitless.deflect.FollowUps followUps;

    TokenApi(WaitlessConfig cfg, ApiAuth auth, TokenRedemption redemption, HookRequests requests, ReplayGuard replays,
             Journal journal, Clock clock, io.waitless.deflect.FollowUps followUps) {
        this.followUps = followUps;
        this.auth = auth;
        this.redemption = redemption;
        this.requests = requests;
        this.replays = replays;
        this.journal = journal;
        this.publicBase = cfg.links().publicBaseUrl();
        this.clock = clock;
    }

    void redeem(Context ctx) {
        if (!authorized(ctx)) {
            return;
        }
        Optional<String> body = requests.body(ctx, false, HookRequests.JSON, HookRequests.FORM);
        if (body.isEmpty()) {
            return;
        }
        String token = token(HookRequests.mediaType(ctx), body.get());
        TokenCheck check;
        try {
            check = redemption.redeem(token);
        } catch (TokenLedgerException e) {
            log.warn("token not redeemed, ledger unavailable: {}", e.getMessage());
            json(ctx, 503, error("unavailable", "Tokens cannot be checked right now; try again shortly.", "invalid"));
            return;
        }
        switch (check) {
            case TokenCheck.Valid valid -> redeemed(ctx, valid.claims());
            case TokenCheck.Refused refused -> refused(ctx, refused.reason(), token);
        }
    }

    private void redeemed(Context ctx, TokenClaims c) {
        journal.append(journal.deflection(c.deflection()).map(d -> d.event(EventType.TOKEN_REDEEMED, clock.instant()))
                .orElseGet(() -> CallEvent.of(EventType.TOKEN_REDEEMED, clock.instant(), "")
                        .with("deflection", c.deflection()).with("flow", c.flow()).with("intent", c.intent()))
                .with("caller", c.caller()).build());
        log.info("token redeemed: deflection {} flow {}", c.deflection(), c.flow());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("deflection", c.deflection());
        out.put("flow", c.flow());
        out.put("intent", c.intent());
        out.put("caller", c.caller());
        out.put("expires", c.expires().toString());
        json(ctx, 200, out);
    }

    private void refused(Context ctx, TokenCheck.Reason reason, String token) {
        String deflection = redemption.deflectionOf(token).orElse("");
        journal.append(CallEvent.of(EventType.TOKEN_REFUSED, clock.instant(), "").with("reason", reason.wireName())
                .with("deflection", deflection).build());
        log.info("token refused: {}{}", reason.wireName(), deflection.isEmpty() ? "" : " (deflection " + deflection + ")");
        int status = switch (reason) {
            case EXPIRED, REUSED -> 410;
            case MALFORMED -> 400;
            case BAD_SIGNATURE, UNKNOWN_KEY -> 401;
        };
        String message = switch (reason) {
            case EXPIRED -> "The link has expired.";
            case REUSED -> "The link was already used.";
            case MALFORMED -> "The token is not a valid link token.";
            case BAD_SIGNATURE -> "The token's signature does not match.";
            case UNKNOWN_KEY -> "The token was signed with a key that is no longer accepted.";
        };
        String page = switch (reason) {
            case EXPIRED -> "expired";
            case REUSED -> "reused";
            default -> "invalid";
        };
        json(ctx, status, error(reason.wireName(), message, page));
    }

    void completed(Context ctx) {
        if (!authorized(ctx)) {
            return;
        }
        String id = ctx.pathParam("id");
        Optional<Deflection> d = journal.deflection(id);
        if (d.isEmpty()) {
            json(ctx, 404, Map.of("error", "unknown-deflection", "message", "No such deflection."));
            return;
        }
        boolean first;
        try {
            first = d.get().state() != Deflection.State.COMPLETED
                    && replays.firstSeen("completed", id, Duration.ofDays(1));
        } catch (ReplayGuard.ReplayGuardException e) {
            log.warn("completion of {} not recorded, store unavailable: {}", id, e.getMessage());
            json(ctx, 503, Map.of("error", "unavailable", "message", "Try again shortly."));
            return;
        }
        if (first) {
            journal.advanceDeflection(id, Deflection.State.COMPLETED, clock.instant());
            journal.append(d.get().event(EventType.FLOW_COMPLETED, clock.instant()).build());
            log.info("flow completed: deflection {} flow {}", id, d.get().flow());
            followUps.flowCompleted(d.get(), clock.instant());
        }
        json(ctx, 200, Map.of("deflection", id, "state", "completed", "already", !first));
    }

    private boolean authorized(Context ctx) {
        return auth.authorized(ctx);
    }

    /** The token from {@code {"token": "..."}} or {@code token=...}; null when absent or unreadable. */
    private static String token(String type, String body) {
        try {
            if (HookRequests.JSON.equals(type)) {
                return JSONObjectUtils.getString(JSONObjectUtils.parse(body), "token");
            }
            return FormBody.first(FormBody.parse(body), "token");
        } catch (ParseException | IllegalArgumentException e) {
            return null; // verified next as MALFORMED, which is what an unreadable body is
        }
    }

    private Map<String, Object> error(String code, String message, String page) {
        String base = publicBase.toString();
        String fallback = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                + "/link-problem?reason=" + URLEncoder.encode(page, StandardCharsets.UTF_8);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", code);
        out.put("message", message);
        out.put("fallback", fallback);
        return out;
    }

    private static void json(Context ctx, int status, Map<String, ?> body) {
        JsonReplies.send(ctx, status, body);
    }
}
