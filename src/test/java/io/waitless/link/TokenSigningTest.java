package io.waitless.link;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.waitless.link.TokenCheck.Reason;
import io.waitless.testing.InMemoryTokenLedger;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenSigningTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final SigningKey CURRENT = new SigningKey("k2", "current-secret-0123456789abcdefghijklmnop");
    private static final SigningKey PREVIOUS = new SigningKey("k1", "previous-secret-0123456789abcdefghijklmno");
    private static final Duration TTL = Duration.ofMinutes(15);

    private static LinkTokens tokens(Instant now, SigningKey... keys) {
        return new LinkTokens(List.of(keys), "https://go.galilcable.example", TTL, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static String mint(Instant at, SigningKey... keys) {
        return tokens(at, keys).issue("dfl-1", "ref-abc", "pay-bill", "pay-bill");
    }

    @Test
    void a_fresh_token_is_valid_and_carries_every_claim() throws Exception {
        String token = mint(T0, CURRENT, PREVIOUS);

        TokenCheck check = tokens(T0.plusSeconds(60), CURRENT, PREVIOUS).verify(token);

        assertThat(check).isInstanceOfSatisfying(TokenCheck.Valid.class, v -> {
            assertThat(v.claims().deflection()).isEqualTo("dfl-1");
            assertThat(v.claims().caller()).isEqualTo("ref-abc");
            assertThat(v.claims().flow()).isEqualTo("pay-bill");
            assertThat(v.claims().intent()).isEqualTo("pay-bill");
            assertThat(v.claims().issued()).isEqualTo(T0);
            assertThat(v.claims().expires()).isEqualTo(T0.plus(TTL));
            assertThat(Base64.getUrlDecoder().decode(v.claims().id())).hasSize(16);
        });
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo("k2");
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("https://go.galilcable.example");
        assertThat(jwt.getJWTClaimsSet().getClaims()).containsKeys("jti", "sub", "dfl", "flow", "intent", "iat", "exp");
    }

    @Test
    void each_token_gets_its_own_id() {
        LinkTokens t = tokens(T0, CURRENT);
        String a = t.issue("dfl-1", "ref", "pay-bill", "pay-bill");
        String b = t.issue("dfl-1", "ref", "pay-bill", "pay-bill");

        assertThat(((TokenCheck.Valid) t.verify(a)).claims().id()).isNotEqualTo(((TokenCheck.Valid) t.verify(b)).claims().id());
    }

    @Test
    void a_token_past_its_expiry_and_the_skew_is_expired_but_within_the_skew_still_valid() {
        String token = mint(T0, CURRENT);

        assertThat(tokens(T0.plus(TTL).plusSeconds(29), CURRENT).verify(token)).isInstanceOf(TokenCheck.Valid.class);
        assertThat(tokens(T0.plus(TTL).plusSeconds(30), CURRENT).verify(token)).isEqualTo(new TokenCheck.Refused(Reason.EXPIRED));
    }

    @Test
    void a_token_issued_ahead_of_a_clock_that_stepped_back_is_valid_up_to_one_lifetime_ahead() {
        String token = mint(T0, CURRENT);

        assertThat(tokens(T0.minus(Duration.ofMinutes(5)), CURRENT).verify(token)).as("NTP stepped back 5 min")
                .isInstanceOf(TokenCheck.Valid.class);
        assertThat(tokens(T0.minus(TTL), CURRENT).verify(token)).isInstanceOf(TokenCheck.Valid.class);
        assertThat(tokens(T0.minus(TTL).minusSeconds(31), CURRENT).verify(token))
                .as("more than a lifetime ahead: not one we minted as we mint them")
                .isEqualTo(new TokenCheck.Refused(Reason.MALFORMED));
    }

    @Test
    void a_refusal_is_logged_with_the_deflection_only_when_the_signature_holds() {
        String token = mint(T0, CURRENT);
        LinkTokens later = tokens(T0.plus(TTL).plus(TTL), CURRENT);
        assertThat(later.deflectionOf(token)).contains("dfl-1"); // expired, but authentic
        char[] forged = token.toCharArray();
        int dot = token.lastIndexOf('.');
        forged[dot + 3] = forged[dot + 3] == 'A' ? 'B' : 'A';
        assertThat(later.deflectionOf(new String(forged))).isEmpty();
        assertThat(tokens(T0, PREVIOUS).deflectionOf(token)).isEmpty(); // unknown key
        assertThat(later.deflectionOf("garbage")).isEmpty();
    }

    @Test
    void one_altered_byte_in_payload_or_signature_is_a_bad_signature() {
        String token = mint(T0, CURRENT);
        int dot = token.lastIndexOf('.');
        char[] payload = token.toCharArray();
        int inPayload = token.indexOf('.') + 5;
        payload[inPayload] = payload[inPayload] == 'A' ? 'B' : 'A';
        char[] signature = token.toCharArray();
        signature[dot + 3] = signature[dot + 3] == 'A' ? 'B' : 'A';

        LinkTokens t = tokens(T0, CURRENT);
        assertThat(t.verify(new String(payload))).isIn(new TokenCheck.Refused(Reason.BAD_SIGNATURE),
                new TokenCheck.Refused(Reason.MALFORMED));
        assertThat(t.verify(new String(signature))).isEqualTo(new TokenCheck.Refused(Reason.BAD_SIGNATURE));
    }

    @Test
    void a_changed_claim_with_the_old_signature_is_a_bad_signature() throws Exception {
        String token = mint(T0, CURRENT);
        String[] parts = token.split("\\.");
        String json = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("dfl-1", "dfl-2");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];

        assertThat(tokens(T0, CURRENT).verify(forged)).isEqualTo(new TokenCheck.Refused(Reason.BAD_SIGNATURE));
    }

    @Test
    void a_token_signed_with_the_previous_key_is_accepted_while_that_key_is_listed() {
        String token = mint(T0, PREVIOUS);

        assertThat(tokens(T0, CURRENT, PREVIOUS).verify(token)).isInstanceOf(TokenCheck.Valid.class);
    }

    @Test
    void a_token_signed_with_a_removed_key_is_refused_as_unknown_key() {
        String token = mint(T0, PREVIOUS);

        assertThat(tokens(T0, CURRENT).verify(token)).isEqualTo(new TokenCheck.Refused(Reason.UNKNOWN_KEY));
    }

    @Test
    void a_token_naming_a_listed_kid_but_signed_with_another_secret_is_a_bad_signature() throws Exception {
        SigningKey impostor = new SigningKey("k2", "not-the-real-secret-0123456789abcdefghij");

        assertThat(tokens(T0, CURRENT).verify(mint(T0, impostor))).isEqualTo(new TokenCheck.Refused(Reason.BAD_SIGNATURE));
    }

    @Test
    void an_unsigned_alg_none_token_is_refused() {
        String none = new PlainJWT(new PlainHeader(), claims().build()).serialize();

        assertThat(tokens(T0, CURRENT).verify(none)).isIn(new TokenCheck.Refused(Reason.MALFORMED),
                new TokenCheck.Refused(Reason.BAD_SIGNATURE));
        assertThat(tokens(T0, CURRENT).verify(none)).isNotInstanceOf(TokenCheck.Valid.class);
    }

    @Test
    void an_alg_none_header_on_a_real_tokens_payload_is_refused() {
        String token = mint(T0, CURRENT);
        String header = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"kid\":\"k2\"}".getBytes(StandardCharsets.UTF_8));
        String forged = header + token.substring(token.indexOf('.'), token.lastIndexOf('.') + 1);

        assertThat(tokens(T0, CURRENT).verify(forged)).isNotInstanceOf(TokenCheck.Valid.class);
    }

    @Test
    void an_hs512_token_with_a_listed_kid_and_its_secret_is_refused() throws Exception {
        String secret = CURRENT.secret() + CURRENT.secret();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS512).keyID("k2").build(), claims().build());
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        LinkTokens t = tokens(T0, CURRENT, new SigningKey("k3", secret));

        assertThat(t.verify(jwt.serialize())).isEqualTo(new TokenCheck.Refused(Reason.BAD_SIGNATURE));
    }

    @Test
    void a_validly_signed_token_missing_the_deflection_claim_or_from_another_issuer_is_malformed() throws Exception {
        SignedJWT noDfl = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k2").build(),
                new JWTClaimsSet.Builder(claims().build()).claim("dfl", null).build());
        noDfl.sign(new MACSigner(CURRENT.secret().getBytes(StandardCharsets.UTF_8)));
        SignedJWT otherIssuer = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k2").build(),
                claims().issuer("https://evil.example").build());
        otherIssuer.sign(new MACSigner(CURRENT.secret().getBytes(StandardCharsets.UTF_8)));

        assertThat(tokens(T0, CURRENT).verify(noDfl.serialize())).isEqualTo(new TokenCheck.Refused(Reason.MALFORMED));
        assertThat(tokens(T0, CURRENT).verify(otherIssuer.serialize())).isEqualTo(new TokenCheck.Refused(Reason.MALFORMED));
    }

    @Test
    void garbage_empty_and_null_are_malformed() {
        LinkTokens t = tokens(T0, CURRENT);

        assertThat(t.verify("not.a.jwt")).isEqualTo(new TokenCheck.Refused(Reason.MALFORMED));
        assertThat(t.verify("")).isEqualTo(new TokenCheck.Refused(Reason.MALFORMED));
        assertThat(t.verify(null)).isEqualTo(new TokenCheck.Refused(Reason.MALFORMED));
    }

    @Test
    void the_second_redemption_is_reused_and_a_down_ledger_throws_instead_of_accepting() {
        InMemoryTokenLedger ledger = new InMemoryTokenLedger();
        TokenRedemption redemption = new TokenRedemption(tokens(T0, CURRENT), ledger);
        String token = mint(T0, CURRENT);

        assertThat(redemption.redeem(token)).isInstanceOf(TokenCheck.Valid.class);
        assertThat(redemption.redeem(token)).isEqualTo(new TokenCheck.Refused(Reason.REUSED));
        ledger.goDown();
        assertThatThrownBy(() -> redemption.redeem(mint(T0, CURRENT))).isInstanceOf(TokenLedgerException.class);
    }

    @Test
    void a_refused_token_is_never_marked_used() {
        InMemoryTokenLedger ledger = new InMemoryTokenLedger();
        ledger.goDown();
        TokenRedemption redemption = new TokenRedemption(tokens(T0.plus(Duration.ofHours(1)), CURRENT), ledger);

        assertThat(redemption.redeem(mint(T0, CURRENT))).isEqualTo(new TokenCheck.Refused(Reason.EXPIRED));
    }

    @Test
    void short_secrets_duplicate_ids_and_no_keys_are_refused_at_construction() {
        assertThatThrownBy(() -> new SigningKey("k", "short")).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> tokens(T0, CURRENT, CURRENT)).hasMessageContaining("twice");
        assertThatThrownBy(() -> tokens(T0)).hasMessageContaining("at least one");
        assertThat(CURRENT.toString()).doesNotContain(CURRENT.secret());
    }

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().jwtID("abc").issuer("https://go.galilcable.example").subject("ref")
                .claim("dfl", "dfl-1").claim("flow", "pay-bill").claim("intent", "pay-bill")
                .issueTime(Date.from(T0)).expirationTime(Date.from(T0.plus(TTL)));
    }
}
