package io.waitless.link;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.waitless.link.TokenCheck.Reason;
import io.waitless.link.TokenCheck.Refused;

import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;

/**
 * Signs and verifies link tokens: JWT, HS256 only, {@code kid} in the header.
 *
 * <p>Key rotation: the first key signs; every listed key verifies. A token whose {@code kid} is not listed
 * is refused as {@link Reason#UNKNOWN_KEY}, so removing a key from the list revokes every token it signed.
 * Expiry allows {@link #CLOCK_SKEW} between nodes. Verification does not consult the {@link TokenLedger}:
 * see {@link TokenRedemption} for the single-use check. Thread-safe; never blocks.
 */
public final class LinkTokens {
    /** How far clocks of different nodes may disagree. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    private static final String DEFLECTION = "dfl";
    private static final String FLOW = "flow";
    private static final String INTENT = "intent";

    private final SigningKey signing;
    private final Map<String, SigningKey> verifying = new LinkedHashMap<>();
    private final String issuer;
    private final Duration ttl;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param keys   at least one; the first signs, all verify; ids unique
     * @param issuer the {@code iss} written and required
     * @param ttl    lifetime of a minted token
     */
    public LinkTokens(List<SigningKey> keys, String issuer, Duration ttl, Clock clock) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one signing key is needed");
        }
        for (SigningKey k : keys) {
            if (verifying.putIfAbsent(k.id(), k) != null) {
                throw new IllegalArgumentException("signing key id " + k.id() + " is listed twice");
            }
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("token lifetime must be positive, was " + ttl);
        }
        this.signing = keys.getFirst();
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.ttl = ttl;
        this.clock = clock;
    }

    /** Mints a fresh token (new {@code jti}) valid from now for the configured lifetime. */
    public String issue(String deflection, String caller, String flow, String intent) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        byte[] id = new byte[16];
        random.nextBytes(id);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .jwtID(Base64.getUrlEncoder().withoutPadding().encodeToString(id))
                .issuer(issuer)
                .subject(caller)
                .claim(DEFLECTION, deflection)
                .claim(FLOW, flow)
                .claim(INTENT, intent)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(signing.id())
                .type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new MACSigner(signing.bytes()));
        } catch (JOSEException e) {
            throw new IllegalStateException("HS256 with a key of " + SigningKey.MIN_BYTES + "+ bytes cannot fail", e);
        }
        return jwt.serialize();
    }

    /** Checks signature, key, issuer, claims and lifetime; never throws for a bad token. */
    public TokenCheck verify(String token) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token == null ? "" : token.strip());
        } catch (ParseException e) {
            return new Refused(Reason.MALFORMED);
        }
        Optional<Reason> bad = signatureProblem(jwt);
        return bad.isPresent() ? new Refused(bad.get()) : claims(jwt);
    }

    /**
     * The deflection an authentic token names, whatever its expiry or use (to log who a refusal was for);
     * empty for a token whose signature does not hold.
     */
    public Optional<String> deflectionOf(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token == null ? "" : token.strip());
            return signatureProblem(jwt).isPresent() ? Optional.empty()
                    : Optional.ofNullable(jwt.getJWTClaimsSet().getStringClaim(DEFLECTION));
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    private Optional<Reason> signatureProblem(SignedJWT jwt) {
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            return Optional.of(Reason.BAD_SIGNATURE);
        }
        SigningKey key = jwt.getHeader().getKeyID() == null ? null : verifying.get(jwt.getHeader().getKeyID());
        if (key == null) {
            return Optional.of(Reason.UNKNOWN_KEY);
        }
        try {
            return jwt.verify(new MACVerifier(key.bytes())) ? Optional.empty() : Optional.of(Reason.BAD_SIGNATURE);
        } catch (JOSEException e) {
            return Optional.of(Reason.BAD_SIGNATURE);
        }
    }

    private TokenCheck claims(SignedJWT jwt) {
        TokenClaims claims;
        try {
            JWTClaimsSet c = jwt.getJWTClaimsSet();
            if (!issuer.equals(c.getIssuer()) || c.getJWTID() == null || c.getSubject() == null
                    || c.getIssueTime() == null || c.getExpirationTime() == null) {
                return new Refused(Reason.MALFORMED);
            }
            String deflection = c.getStringClaim(DEFLECTION);
            String flow = c.getStringClaim(FLOW);
            String intent = c.getStringClaim(INTENT);
            if (deflection == null || deflection.isBlank() || flow == null || intent == null) {
                return new Refused(Reason.MALFORMED);
            }
            claims = new TokenClaims(c.getJWTID(), c.getSubject(), deflection, flow, intent,
                    c.getIssueTime().toInstant(), c.getExpirationTime().toInstant());
        } catch (ParseException e) {
            return new Refused(Reason.MALFORMED);
        }
        Instant now = clock.instant();
        // issued "in the future" is what a clock stepped back (NTP) or a node running ahead makes of our own
        // token; the signature says it is ours, so only more than a lifetime ahead is refused (not one of ours
        // as we mint them)
        if (claims.issued().isAfter(now.plus(ttl).plus(CLOCK_SKEW))) {
            return new Refused(Reason.MALFORMED);
        }
        if (!now.isBefore(claims.expires().plus(CLOCK_SKEW))) {
            return new Refused(Reason.EXPIRED);
        }
        return new TokenCheck.Valid(claims);
    }

    /** The id of the key that signs new tokens. */
    public String signingKeyId() {
        return signing.id();
    }
}
