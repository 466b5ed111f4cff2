package io.waitless.web;

import io.javalin.http.Context;
import io.waitless.config.WaitlessConfig;
import io.waitless.deflect.OptOuts;
import io.waitless.sms.KannelDlrUrls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SMS gateways' webhooks: Kannel delivery reports and inbound texts, Twilio-style inbound texts and
 * status callbacks. Each checks size, type and signature before anything is recorded, and drops a replay
 * (same message within {@link #REPLAY_WINDOW}) with 200 {@code duplicate}. A hook whose secret is not
 * configured answers 404. Thread-safe.
 */
final class SmsHooks {
    private static final Logger log = LoggerFactory.getLogger(SmsHooks.class);
    static final Duration REPLAY_WINDOW = Duration.ofHours(24);
    static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";
    static final String SECRET_HEADER = "X-Waitless-Secret";

    private final WaitlessConfig.Hooks cfg;
    private final Optional<KannelDlrUrls> dlrUrls;
    private final Optional<TwilioSignature> twilio;
    private final HookRequests requests;
    private final ReplayGuard replays;
    private final SmsInbox inbox;
    private final Clock clock;

    SmsHooks(WaitlessConfig.Hooks cfg, HookRequests requests, ReplayGuard replays, SmsInbox inbox, Clock clock) {
        this.cfg = cfg;
        this.dlrUrls = cfg.kannelSecret().isEmpty() ? Optional.empty()
                : Optional.of(new KannelDlrUrls(cfg.publicBaseUrl(), cfg.kannelSecret()));
        this.twilio = cfg.twilioAuthToken().isEmpty() ? Optional.empty()
                : Optional.of(new TwilioSignature(cfg.twilioAuthToken()));
        this.requests = requests;
        this.replays = replays;
        this.inbox = inbox;
        this.clock = clock;
    }

    void kannelDlr(Context ctx) {
        if (dlrUrls.isEmpty()) {
            ctx.status(404);
            return;
        }
        Optional<String> body = requests.body(ctx, true, HookRequests.FORM);
        if (body.isEmpty()) {
            return;
        }
        Map<String, List<String>> p = HookRequests.params(ctx, body.get());
        String ref = FormBody.first(p, "ref");
        String sig = FormBody.first(p, "sig");
        if (sig == null || sig.isEmpty()) {
            requests.reject(ctx, "kannel-dlr", "missing-signature");
            return;
        }
        if (!dlrUrls.get().verify(ref, sig)) {
            requests.reject(ctx, "kannel-dlr", "bad-signature");
            return;
        }
        Optional<DeliveryStatus> status = DeliveryStatus.fromKannel(ref, FormBody.first(p, "status"));
        if (status.isEmpty()) {
            ctx.status(400).result("status must be one of 1, 2, 4, 8, 16\n");
            return;
        }
        once(ctx, "kannel-dlr", ref + ":" + status.get().status(), () -> inbox.delivery(status.get()), "ok\n");
    }

    /** Kannel sms-service get-url; the reply body would be texted back, so it is always empty. */
    void kannelMo(Context ctx) {
        if (dlrUrls.isEmpty()) {
            ctx.status(404);
            return;
        }
        Optional<String> body = requests.body(ctx, true, HookRequests.FORM);
        if (body.isEmpty()) {
            return;
        }
        Map<String, List<String>> p = HookRequests.params(ctx, body.get());
        String presented = Optional.ofNullable(ctx.header(SECRET_HEADER)).orElse(FormBody.first(p, "secret"));
        if (presented == null || presented.isEmpty()) {
            requests.reject(ctx, "kannel-mo", "missing-signature");
            return;
        }
        if (!HookRequests.sameSecret(presented, cfg.kannelSecret())) {
            requests.reject(ctx, "kannel-mo", "bad-signature");
            return;
        }
        String from = FormBody.first(p, "from");
        String text = Optional.ofNullable(FormBody.first(p, "text")).orElse("");
        if (from == null || from.isBlank()) {
            ctx.status(400).result("");
            return;
        }
        long minute = clock.instant().getEpochSecond() / 60;
        String id = HexFormat.of().formatHex(HookRequests.sha256(from.strip() + "\n" + text + "\n" + minute), 0, 16);
        once(ctx, "kannel-mo", id, () -> inbox.text("kannel", from, text), "");
    }

    void twilioSms(Context ctx) {
        Optional<Map<String, List<String>>> p = twilioParams(ctx, "twilio-sms");
        if (p.isEmpty()) {
            return;
        }
        String sid = FormBody.first(p.get(), "MessageSid");
        String from = FormBody.first(p.get(), "From");
        if (sid == null || sid.isBlank() || from == null) {
            ctx.status(400).result("MessageSid and From are required\n");
            return;
        }
        ctx.contentType("text/xml; charset=utf-8");
        String text = Optional.ofNullable(FormBody.first(p.get(), "Body")).orElse("");
        once(ctx, "twilio-sms", sid, () -> inbox.text("twilio", from, text), EMPTY_TWIML);
    }

    /** Status callback; its URL carries {@code ?ref=<deflection id>}, covered by the signature. */
    void twilioStatus(Context ctx) {
        Optional<Map<String, List<String>>> p = twilioParams(ctx, "twilio-status");
        if (p.isEmpty()) {
            return;
        }
        String ref = ctx.queryParam("ref");
        String sid = FormBody.first(p.get(), "MessageSid");
        if (ref == null || ref.isBlank() || sid == null || sid.isBlank()) {
            ctx.status(400).result("ref (in the callback URL) and MessageSid are required\n");
            return;
        }
        Optional<DeliveryStatus> status = DeliveryStatus.fromTwilio(ref, FormBody.first(p.get(), "MessageStatus"),
                FormBody.first(p.get(), "ErrorCode"));
        if (status.isEmpty()) {
            ctx.status(400).result("unknown MessageStatus\n");
            return;
        }
        once(ctx, "twilio-status", sid + ":" + status.get().status(), () -> inbox.delivery(status.get()), "ok\n");
    }

    /** The form parameters of a Twilio request whose signature holds; empty once answered otherwise. */
    private Optional<Map<String, List<String>>> twilioParams(Context ctx, String source) {
        if (twilio.isEmpty()) {
            ctx.status(404);
            return Optional.empty();
        }
        Optional<String> body = requests.body(ctx, false, HookRequests.FORM);
        if (body.isEmpty()) {
            return Optional.empty();
        }
        Map<String, List<String>> form;
        try {
            form = FormBody.parse(body.get());
        } catch (IllegalArgumentException e) {
            ctx.status(400).result("malformed form body\n");
            return Optional.empty();
        }
        String header = ctx.header("X-Twilio-Signature");
        if (header == null || header.isBlank()) {
            requests.reject(ctx, source, "missing-signature");
            return Optional.empty();
        }
        if (!twilio.get().verify(signedUrl(ctx), form, header)) {
            requests.reject(ctx, source, "bad-signature");
            return Optional.empty();
        }
        return Optional.of(form);
    }

    /** The URL Twilio called, as seen outside the proxy: the configured base, this path, the raw query. */
    String signedUrl(Context ctx) {
        String base = cfg.publicBaseUrl().toString();
        base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        String query = ctx.queryString();
        return base + ctx.path() + (query == null || query.isEmpty() ? "" : "?" + query);
    }

    /** Runs {@code effect} unless the message was seen; on failure forgets it, so a retry is handled. */
    private void once(Context ctx, String source, String id, Runnable effect, String okBody) {
        try {
            if (!replays.firstSeen(source, id, REPLAY_WINDOW)) {
                log.info("webhook {} {} is a replay; nothing recorded", source, id);
                ctx.header("X-Waitless-Duplicate", "true");
                ctx.status(200).result(okBody.isEmpty() || okBody.equals(EMPTY_TWIML) ? okBody : "duplicate\n");
                return;
            }
        } catch (ReplayGuard.ReplayGuardException e) {
            log.warn("webhook {} not handled, replay store unavailable: {}", source, e.getMessage());
            ctx.status(503).result(okBody.equals(EMPTY_TWIML) ? okBody : "");
            return;
        }
        try {
            effect.run();
        } catch (OptOuts.OptOutUnavailableException e) {
            log.warn("webhook {} not handled, opt-out store unavailable: {}", source, e.getMessage());
            forgetQuietly(source, id);
            ctx.status(503).result(okBody.equals(EMPTY_TWIML) ? okBody : "");
            return;
        }
        ctx.status(200).result(okBody);
    }

    private void forgetQuietly(String source, String id) {
        try {
            replays.forget(source, id);
        } catch (ReplayGuard.ReplayGuardException e) {
            log.warn("webhook {} {}: a retry will be taken for a replay ({})", source, id, e.getMessage());
        }
    }
}
