package io.waitless.web;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's signed tokens, all HMAC-SHA256 with the configured session secret, each over a purpose label so
 * one kind can never pass for another:
 * <ul>
 *   <li>the <b>session</b> cookie {@code v1.<user>.<expiry>.<nonce>.<mac>}: who logged in and until when
 *       (epoch seconds); nothing is stored on the server;</li>
 *   <li>the session's <b>CSRF token</b>, derived from the session cookie, sent in the logout form;</li>
 *   <li>the <b>pre-login token</b> {@code <nonce>.<expiry>.<mac>}, set as a cookie with the login form and echoed
 *       in it: a forged cross-site login cannot know it.</li>
 * </ul>
 * Every comparison is constant-time. Logout revokes a session on this node until it would have expired anyway
 * (other nodes honour it until then). Thread-safe.
 */
final class SessionCookies {
    /** How long a login form may be filled in. */
    static final Duration LOGIN_FORM_TTL = Duration.ofMinutes(30);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    /** A valid session: its user, when it ends, and the cookie value it came from. */
    record Session(String user, Instant expires, String value) {}

    private final byte[] secret;
    private final Duration ttl;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** Logged-out sessions (by cookie value) until they expire. */
    private final Map<String, Instant> revoked = new ConcurrentHashMap<>();

    SessionCookies(String secret, Duration ttl, Clock clock) {
        if (secret.length() < io.waitless.config.WaitlessConfig.Dashboard.MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("the session secret is too short");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.ttl = ttl;
        this.clock = clock;
    }

    Duration ttl() {
        return ttl;
    }

    /** A new session cookie value for {@code user}, valid for the configured time. */
    String issue(String user) {
        long expiry = clock.instant().plus(ttl).getEpochSecond();
        String body = "v1." + B64.encodeToString(user.getBytes(StandardCharsets.UTF_8)) + "." + expiry + "." + nonce();
        return body + "." + mac("session", body);
    }

    /** The session a cookie value names, when it is signed by us, unexpired and not logged out. */
    Optional<Session> check(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String[] parts = value.split("\\.", -1);
        if (parts.length != 5 || !parts[0].equals("v1")) {
            return Optional.empty();
        }
        String body = value.substring(0, value.lastIndexOf('.'));
        if (!same(mac("session", body), parts[4])) {
            return Optional.empty();
        }
        try {
            Instant expires = Instant.ofEpochSecond(Long.parseLong(parts[2]));
            if (!clock.instant().isBefore(expires) || revoked.containsKey(value)) {
                return Optional.empty();
            }
            return Optional.of(new Session(new String(B64D.decode(parts[1]), StandardCharsets.UTF_8), expires, value));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // signed by us yet unreadable cannot happen; treated as no session
        }
    }

    /** Ends a session on this node. */
    void revoke(Session s) {
        Instant now = clock.instant();
        revoked.values().removeIf(now::isAfter);
        revoked.put(s.value(), s.expires());
    }

    /** The CSRF token of a session, for the forms of its pages. */
    String csrf(Session s) {
        return mac("csrf", s.value());
    }

    boolean csrfMatches(Session s, String presented) {
        return presented != null && same(csrf(s), presented);
    }

    /** A new pre-login token: set as a cookie and written in the login form. */
    String preLogin() {
        String body = nonce() + "." + clock.instant().plus(LOGIN_FORM_TTL).getEpochSecond();
        return body + "." + mac("login", body);
    }

    /** Whether the login form's token is the cookie's, signed by us and unexpired. */
    boolean preLoginMatches(String cookie, String form) {
        if (cookie == null || form == null || !same(cookie, form)) {
            return false;
        }
        int last = cookie.lastIndexOf('.');
        int first = cookie.indexOf('.');
        if (first < 0 || last <= first) {
            return false;
        }
        String body = cookie.substring(0, last);
        try {
            return same(mac("login", body), cookie.substring(last + 1))
                    && clock.instant().getEpochSecond() < Long.parseLong(body.substring(first + 1));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private String nonce() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return B64.encodeToString(b);
    }

    private String mac(String purpose, String body) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(secret, "HmacSHA256"));
            return B64.encodeToString(m.doFinal((purpose + "|" + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
