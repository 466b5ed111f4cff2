package io.waitless.web;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.waitless.call.CallEvent;
import io.waitless.call.Deflection;
import io.waitless.call.EventType;
import io.waitless.link.LinkTokens;
import io.waitless.link.SigningKey;
import io.waitless.testing.TestConfigs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The self-service site's API against a real server, a real Redis ledger and journal. */
class TokenApiIT {
    private static final String AUTH = "Bearer " + TestConfigs.API_KEY;
    private static final String ISSUER = "https://go.galilcable.example";

    @TempDir
    static Path dir;
    private static WebHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = WebHarness.start(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
    }

    private static HttpResponse<String> redeem(String token) throws Exception {
        return h.post("/api/tokens/redeem", "application/json", "{\"token\":\"" + token + "\"}", "Authorization", AUTH);
    }

    private static Map<String, Object> json(HttpResponse<String> r) throws Exception {
        return JSONObjectUtils.parse(r.body());
    }

    private static List<CallEvent> events(EventType type) {
        return h.journal.recent(500).stream().filter(e -> e.type() == type).toList();
    }

    @Test
    void a_fresh_token_redeems_once_with_its_claims_and_then_is_reused() throws Exception {
        String token = h.tokens.issue("dfl-api-1", "ref-api-1", "pay-bill", "pay-bill");

        HttpResponse<String> first = redeem(token);
        HttpResponse<String> second = redeem(token);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(json(first)).containsEntry("deflection", "dfl-api-1").containsEntry("flow", "pay-bill")
                .containsEntry("intent", "pay-bill").containsEntry("caller", "ref-api-1").containsKey("expires");
        assertThat(second.statusCode()).isEqualTo(410);
        assertThat(json(second)).containsEntry("error", "reused").containsKeys("message", "fallback");
        assertThat((String) json(second).get("fallback")).isEqualTo(ISSUER + "/link-problem?reason=reused");
        assertThat(events(EventType.TOKEN_REDEEMED)).extracting(e -> e.attribute("deflection")).containsOnlyOnce("dfl-api-1");
        assertThat(events(EventType.TOKEN_REFUSED)).extracting(e -> e.attribute("reason")).contains("reused");
    }

    @Test
    void a_form_encoded_token_redeems_too() throws Exception {
        String token = h.tokens.issue("dfl-api-2", "ref", "pay-bill", "pay-bill");

        HttpResponse<String> r = h.post("/api/tokens/redeem", "application/x-www-form-urlencoded", "token=" + token,
                "Authorization", AUTH);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r)).containsEntry("deflection", "dfl-api-2");
    }

    @Test
    void an_expired_token_is_410_expired() throws Exception {
        LinkTokens past = new LinkTokens(h.cfg.links().signing().keys(), ISSUER, Duration.ofMinutes(15),
                Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC));

        HttpResponse<String> r = redeem(past.issue("dfl-old", "ref", "pay-bill", "pay-bill"));

        assertThat(r.statusCode()).isEqualTo(410);
        assertThat(json(r)).containsEntry("error", "expired");
    }

    @Test
    void a_token_with_one_byte_altered_is_401_bad_signature() throws Exception {
        String token = h.tokens.issue("dfl-api-3", "ref", "pay-bill", "pay-bill");
        int at = token.length() - 3;
        String altered = token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);

        HttpResponse<String> r = redeem(altered);

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(json(r)).containsEntry("error", "bad-signature");
        assertThat(redeem(token).statusCode()).as("the real token was not used up by the forgery").isEqualTo(200);
    }

    @Test
    void the_previous_key_is_accepted_and_a_removed_key_is_401_unknown_key() throws Exception {
        LinkTokens previous = new LinkTokens(List.of(new SigningKey("k1", TestConfigs.PREVIOUS_SIGNING_SECRET)),
                ISSUER, Duration.ofMinutes(15), Clock.systemUTC());
        LinkTokens removed = new LinkTokens(List.of(new SigningKey("k0", "a-key-that-was-removed-0123456789abcdef")),
                ISSUER, Duration.ofMinutes(15), Clock.systemUTC());

        assertThat(redeem(previous.issue("dfl-prev", "ref", "pay-bill", "pay-bill")).statusCode()).isEqualTo(200);
        HttpResponse<String> r = redeem(removed.issue("dfl-gone", "ref", "pay-bill", "pay-bill"));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(json(r)).containsEntry("error", "unknown-key");
    }

    @Test
    void garbage_a_missing_token_and_unreadable_json_are_400_malformed() throws Exception {
        assertThat(redeem("not-a-token").statusCode()).isEqualTo(400);
        HttpResponse<String> missing = h.post("/api/tokens/redeem", "application/json", "{}", "Authorization", AUTH);
        HttpResponse<String> broken = h.post("/api/tokens/redeem", "application/json", "{\"token\":", "Authorization", AUTH);

        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json(missing)).containsEntry("error", "malformed");
        assertThat(broken.statusCode()).isEqualTo(400);
    }

    @Test
    void a_missing_or_wrong_api_key_is_401_and_recorded_as_rejected_without_redeeming() throws Exception {
        String token = h.tokens.issue("dfl-api-4", "ref", "pay-bill", "pay-bill");

        HttpResponse<String> none = h.post("/api/tokens/redeem", "application/json", "{\"token\":\"" + token + "\"}");
        HttpResponse<String> wrong = h.post("/api/tokens/redeem", "application/json", "{\"token\":\"" + token + "\"}",
                "Authorization", "Bearer wrong-key-0123456789abcdefgh");

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(events(EventType.WEBHOOK_REJECTED)).extracting(e -> e.attribute("source") + "/" + e.attribute("reason"))
                .contains("api/missing-api-key", "api/bad-api-key");
        assertThat(redeem(token).statusCode()).as("still unused").isEqualTo(200);
    }

    @Test
    void another_content_type_is_415_and_an_oversized_body_is_413() throws Exception {
        assertThat(h.post("/api/tokens/redeem", "text/plain", "token=x", "Authorization", AUTH).statusCode()).isEqualTo(415);
        String big = "{\"token\":\"" + "x".repeat(17 * 1024) + "\"}";
        assertThat(h.post("/api/tokens/redeem", "application/json", big, "Authorization", AUTH).statusCode()).isEqualTo(413);
    }

    @Test
    void completion_advances_the_deflection_once_and_a_second_call_says_already() throws Exception {
        Instant t = Instant.now();
        h.journal.saveDeflection(new Deflection("dfl-done-1", "1.1", "ref", "support", "pay-in-app", "pay-bill",
                Deflection.State.OPENED, t, t));

        HttpResponse<String> first = h.post("/api/deflections/dfl-done-1/completed", null, "", "Authorization", AUTH);
        HttpResponse<String> second = h.post("/api/deflections/dfl-done-1/completed", null, "", "Authorization", AUTH);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(json(first)).containsEntry("already", false);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(json(second)).containsEntry("already", true);
        assertThat(h.journal.deflection("dfl-done-1").orElseThrow().state()).isEqualTo(Deflection.State.COMPLETED);
        assertThat(events(EventType.FLOW_COMPLETED)).extracting(e -> e.attribute("deflection")).containsOnlyOnce("dfl-done-1");
    }

    @Test
    void completion_of_an_unknown_deflection_is_404_and_without_a_key_401() throws Exception {
        assertThat(h.post("/api/deflections/no-such/completed", null, "", "Authorization", AUTH).statusCode()).isEqualTo(404);
        assertThat(h.post("/api/deflections/no-such/completed", null, "").statusCode()).isEqualTo(401);
    }

    @Test
    void with_redis_frozen_a_valid_token_gets_503_not_a_redemption_and_a_fresh_token_works_afterwards() throws Exception {
        String token = h.tokens.issue("dfl-api-5", "ref", "pay-bill", "pay-bill");
        h.redis.pause();
        HttpResponse<String> r;
        try {
            r = redeem(token);
        } finally {
            h.redis.resume();
        }

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(json(r)).containsEntry("error", "unavailable");
        // the timed-out SET NX may still land when Redis wakes, so the old token may count as used (fail closed);
        // opening the short link again mints a new one
        assertThat(redeem(token).statusCode()).isIn(200, 410);
        assertThat(redeem(h.tokens.issue("dfl-api-5", "ref", "pay-bill", "pay-bill")).statusCode()).isEqualTo(200);
    }
}
