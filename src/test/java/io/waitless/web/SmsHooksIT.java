package io.waitless.web;

import io.waitless.call.CallEvent;
import io.waitless.call.Deflection;
import io.waitless.call.EventType;
import io.waitless.sms.KannelDlrUrls;
import io.waitless.testing.TestConfigs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The SMS gateways' webhooks against a real server and Redis (journal, replay guard). */
class SmsHooksIT {
    private static final String PUBLIC = "https://go.galilcable.example";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String STOPPER = "+972502345678";

    @TempDir
    static Path dir;
    private static WebHarness h;
    private static KannelDlrUrls dlr;

    @BeforeAll
    static void start() throws Exception {
        h = WebHarness.start(dir);
        dlr = new KannelDlrUrls(URI.create(PUBLIC), TestConfigs.KANNEL_SECRET);
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
    }

    private static void deflection(String id) {
        Instant t = Instant.now();
        h.journal.saveDeflection(new Deflection(id, "1.1", "ref", "support", "pay-in-app", "pay-bill",
                Deflection.State.SENT, t, t));
    }

    private static List<CallEvent> events(EventType type) {
        return h.journal.recent(1000).stream().filter(e -> e.type() == type).toList();
    }

    /** The path and query Kannel would call: the dlr-url with %d filled in, made relative to this server. */
    private static String dlrPath(String ref, int status) {
        return dlr.dlrUrl(ref).replace(PUBLIC, "").replace("%d", Integer.toString(status));
    }

    private static String form(Map<String, String> params) {
        return params.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static String twilioSig(String pathAndQuery, Map<String, String> params) {
        return new TwilioSignature(TestConfigs.TWILIO_AUTH_TOKEN).sign(PUBLIC + pathAndQuery,
                params.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))));
    }

    private static HttpResponse<String> twilio(String pathAndQuery, Map<String, String> params, String signature)
            throws Exception {
        return signature == null ? h.post(pathAndQuery, FORM, form(params))
                : h.post(pathAndQuery, FORM, form(params), "X-Twilio-Signature", signature);
    }

    // --- Kannel delivery reports

    @Test
    void a_signed_kannel_delivered_report_advances_the_deflection_and_records_sms_delivered_once() throws Exception {
        deflection("dfl-k-1");

        HttpResponse<String> r = h.get(dlrPath("dfl-k-1", 1));
        HttpResponse<String> replay = h.get(dlrPath("dfl-k-1", 1));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.body()).isEqualTo("duplicate\n");
        assertThat(h.journal.deflection("dfl-k-1").orElseThrow().state()).isEqualTo(Deflection.State.DELIVERED);
        assertThat(events(EventType.SMS_DELIVERED)).filteredOn(e -> e.attribute("deflection").equals("dfl-k-1"))
                .singleElement().satisfies(e -> {
                    assertThat(e.attribute("gateway")).isEqualTo("kannel");
                    assertThat(e.attribute("status")).isEqualTo("1");
                });
    }

    @Test
    void kannel_smsc_reject_is_undelivered_and_buffered_is_only_logged() throws Exception {
        deflection("dfl-k-2");
        deflection("dfl-k-3");

        assertThat(h.get(dlrPath("dfl-k-2", 16)).statusCode()).isEqualTo(200);
        assertThat(h.get(dlrPath("dfl-k-3", 4)).statusCode()).isEqualTo(200);

        assertThat(h.journal.deflection("dfl-k-2").orElseThrow().state()).isEqualTo(Deflection.State.FAILED);
        assertThat(events(EventType.SMS_UNDELIVERED)).extracting(e -> e.attribute("deflection")).contains("dfl-k-2");
        assertThat(h.journal.deflection("dfl-k-3").orElseThrow().state()).isEqualTo(Deflection.State.SENT);
        assertThat(h.journal.recent(1000)).noneMatch(e -> "dfl-k-3".equals(e.attribute("deflection")));
    }

    @Test
    void an_unsigned_or_wrongly_signed_kannel_report_is_401_rejected_and_records_nothing() throws Exception {
        deflection("dfl-k-4");

        HttpResponse<String> unsigned = h.get("/hooks/kannel/dlr?ref=dfl-k-4&status=1");
        HttpResponse<String> forged = h.get("/hooks/kannel/dlr?ref=dfl-k-4&status=1&sig=" + dlr.signature("dfl-k-5"));

        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(h.journal.deflection("dfl-k-4").orElseThrow().state()).isEqualTo(Deflection.State.SENT);
        assertThat(events(EventType.SMS_DELIVERED)).noneMatch(e -> e.attribute("deflection").equals("dfl-k-4"));
        assertThat(events(EventType.WEBHOOK_REJECTED)).extracting(e -> e.attribute("source") + "/" + e.attribute("reason"))
                .contains("kannel-dlr/missing-signature", "kannel-dlr/bad-signature");
    }

    @Test
    void a_kannel_report_with_an_unknown_status_is_400() throws Exception {
        assertThat(h.get(dlrPath("dfl-k-6", 3)).statusCode()).isEqualTo(400);
    }

    @Test
    void a_kannel_report_posted_with_another_content_type_is_415_and_oversized_413() throws Exception {
        assertThat(h.post(dlrPath("dfl-k-7", 1), "application/json", "{}").statusCode()).isEqualTo(415);
        assertThat(h.post(dlrPath("dfl-k-7", 1), FORM, "x=" + "a".repeat(17 * 1024)).statusCode()).isEqualTo(413);
        assertThat(events(EventType.SMS_DELIVERED)).noneMatch(e -> e.attribute("deflection").equals("dfl-k-7"));
    }

    // --- Kannel inbound texts

    private static String mo(String from, String text, String secret) {
        return "/hooks/kannel/mo?from=" + URLEncoder.encode(from, StandardCharsets.UTF_8) + "&to=GalilCable&text="
                + URLEncoder.encode(text, StandardCharsets.UTF_8)
                + (secret == null ? "" : "&secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8));
    }

    @Test
    void a_hebrew_opt_out_by_kannel_opts_the_sender_out_once_and_replies_nothing() throws Exception {
        String from = "972502340001";
        String ref = h.phones.reference("+972502340001");

        HttpResponse<String> r = h.get(mo(from, " הסר. ", TestConfigs.KANNEL_SECRET));
        HttpResponse<String> replay = h.get(mo(from, " הסר. ", TestConfigs.KANNEL_SECRET));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).as("Kannel would text a reply body back").isEmpty();
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(h.optOuts.contains(ref)).isTrue();
        assertThat(h.optOuts.list()).filteredOn(e -> e.callerRef().equals(ref)).singleElement()
                .satisfies(e -> assertThat(e.masked()).isEqualTo("+97250•••0001"));
        assertThat(events(EventType.OPTOUT_ADDED)).filteredOn(e -> e.attribute("caller").equals(ref)).hasSize(1);
    }

    @Test
    void a_kannel_text_with_the_secret_in_a_header_that_is_not_a_keyword_is_counted_without_its_body() throws Exception {
        String ref = h.phones.reference("+972502340002");

        HttpResponse<String> r = h.send(java.net.http.HttpRequest.newBuilder(
                h.uri(mo("+972502340002", "please stop calling me about my bill", null)))
                .header(SmsHooks.SECRET_HEADER, TestConfigs.KANNEL_SECRET).build());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(h.optOuts.contains(ref)).isFalse();
        assertThat(events(EventType.SMS_RECEIVED)).filteredOn(e -> e.attribute("caller").equals(ref)).singleElement()
                .satisfies(e -> {
                    assertThat(e.attribute("length")).isEqualTo("36");
                    assertThat(e.attribute("mentions-opt-out")).isEqualTo("true");
                    assertThat(e.attributes().values()).noneMatch(v -> v.contains("bill"));
                });
    }

    @Test
    void a_kannel_text_without_or_with_a_wrong_secret_is_401_and_opts_nobody_out() throws Exception {
        String ref = h.phones.reference("+972502340003");

        assertThat(h.get(mo("+972502340003", "STOP", null)).statusCode()).isEqualTo(401);
        assertThat(h.get(mo("+972502340003", "STOP", "not-the-secret")).statusCode()).isEqualTo(401);
        assertThat(h.optOuts.contains(ref)).isFalse();
    }

    @Test
    void start_lifts_an_opt_out() throws Exception {
        String ref = h.phones.reference("+972502340004");
        h.get(mo("+972502340004", "STOP", TestConfigs.KANNEL_SECRET));
        assertThat(h.optOuts.contains(ref)).isTrue();

        assertThat(h.get(mo("+972502340004", "Start", TestConfigs.KANNEL_SECRET)).statusCode()).isEqualTo(200);

        assertThat(h.optOuts.contains(ref)).isFalse();
        assertThat(events(EventType.OPTOUT_REMOVED)).extracting(e -> e.attribute("caller")).contains(ref);
    }

    @Test
    void with_the_opt_out_store_down_a_stop_gets_503_and_its_retry_is_handled_when_it_is_back() throws Exception {
        String ref = h.phones.reference("+972502340005");
        h.optOuts.goDown();
        HttpResponse<String> r;
        try {
            r = h.get(mo("+972502340005", "STOP", TestConfigs.KANNEL_SECRET));
        } finally {
            h.optOuts.comeBack();
        }
        assertThat(r.statusCode()).isEqualTo(503);

        assertThat(h.get(mo("+972502340005", "STOP", TestConfigs.KANNEL_SECRET)).statusCode()).isEqualTo(200);
        assertThat(h.optOuts.contains(ref)).isTrue();
    }

    // --- Twilio-style

    @Test
    void a_signed_twilio_stop_opts_out_answers_empty_twiml_and_a_replay_records_nothing_more() throws Exception {
        Map<String, String> p = new LinkedHashMap<>(Map.of("MessageSid", "SM0001", "From", STOPPER, "To", "+15005550006",
                "Body", "stop", "AccountSid", "AC123"));
        String ref = h.phones.reference(STOPPER);

        HttpResponse<String> r = twilio("/hooks/twilio/sms", p, twilioSig("/hooks/twilio/sms", p));
        HttpResponse<String> replay = twilio("/hooks/twilio/sms", p, twilioSig("/hooks/twilio/sms", p));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/xml"));
        assertThat(r.body()).isEqualTo(SmsHooks.EMPTY_TWIML);
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.body()).isEqualTo(SmsHooks.EMPTY_TWIML);
        assertThat(replay.headers().firstValue("X-Waitless-Duplicate")).contains("true");
        assertThat(h.optOuts.contains(ref)).isTrue();
        assertThat(events(EventType.OPTOUT_ADDED)).filteredOn(e -> e.attribute("caller").equals(ref)).hasSize(1);
    }

    @Test
    void a_twilio_text_with_no_wrong_or_url_mismatched_signature_is_401_and_records_nothing() throws Exception {
        Map<String, String> p = Map.of("MessageSid", "SM0002", "From", "+972502340006", "Body", "STOP");
        String ref = h.phones.reference("+972502340006");
        Map<String, String> altered = new LinkedHashMap<>(p);
        altered.put("Body", "START");

        assertThat(twilio("/hooks/twilio/sms", p, null).statusCode()).isEqualTo(401);
        assertThat(twilio("/hooks/twilio/sms", altered, twilioSig("/hooks/twilio/sms", p)).statusCode()).isEqualTo(401);
        assertThat(twilio("/hooks/twilio/sms", p, twilioSig("/hooks/twilio/sms?x=1", p)).statusCode()).isEqualTo(401);
        assertThat(h.optOuts.contains(ref)).isFalse();
        assertThat(events(EventType.WEBHOOK_REJECTED)).extracting(e -> e.attribute("source") + "/" + e.attribute("reason"))
                .contains("twilio-sms/missing-signature", "twilio-sms/bad-signature");
    }

    @Test
    void a_twilio_hook_with_json_is_415_and_with_an_oversized_body_413() throws Exception {
        assertThat(h.post("/hooks/twilio/sms", "application/json", "{}", "X-Twilio-Signature", "x").statusCode()).isEqualTo(415);
        assertThat(h.post("/hooks/twilio/sms", FORM, "Body=" + "a".repeat(17 * 1024), "X-Twilio-Signature", "x")
                .statusCode()).isEqualTo(413);
    }

    @Test
    void a_signed_twilio_status_callback_with_ref_in_its_url_records_undelivered_with_the_error_code() throws Exception {
        deflection("dfl-t-1");
        String path = "/hooks/twilio/status?ref=dfl-t-1";
        Map<String, String> p = Map.of("MessageSid", "SM0003", "MessageStatus", "undelivered", "ErrorCode", "30003");
        Map<String, String> sent = Map.of("MessageSid", "SM0003", "MessageStatus", "sent");

        assertThat(twilio(path, sent, twilioSig(path, sent)).statusCode()).isEqualTo(200);
        assertThat(twilio(path, p, twilioSig(path, p)).statusCode()).isEqualTo(200);
        assertThat(twilio(path, p, twilioSig(path, p)).body()).isEqualTo("duplicate\n");

        assertThat(h.journal.deflection("dfl-t-1").orElseThrow().state()).isEqualTo(Deflection.State.FAILED);
        assertThat(events(EventType.SMS_UNDELIVERED)).filteredOn(e -> e.attribute("deflection").equals("dfl-t-1"))
                .singleElement().satisfies(e -> assertThat(e.attribute("detail")).isEqualTo("undelivered, error 30003"));
    }

    @Test
    void a_twilio_status_callback_whose_ref_was_changed_after_signing_is_401() throws Exception {
        deflection("dfl-t-2");
        Map<String, String> p = Map.of("MessageSid", "SM0004", "MessageStatus", "delivered");

        HttpResponse<String> r = twilio("/hooks/twilio/status?ref=dfl-t-2", p, twilioSig("/hooks/twilio/status?ref=dfl-t-9", p));

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(h.journal.deflection("dfl-t-2").orElseThrow().state()).isEqualTo(Deflection.State.SENT);
    }
}
