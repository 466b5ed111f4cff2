package io.waitless.web;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionCookiesTest {
    private static final String SECRET = "a-dashboard-session-secret-for-tests-0123";
    private static final Instant T0 = Instant.parse("2026-12-03T09:00:00Z");

    private static SessionCookies at(Instant now) {
        return new SessionCookies(SECRET, Duration.ofHours(8), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void a_session_names_its_user_until_it_expires() {
        String cookie = at(T0).issue("ana");

        assertThat(at(T0.plusSeconds(60)).check(cookie)).hasValueSatisfying(s -> {
            assertThat(s.user()).isEqualTo("ana");
            assertThat(s.expires()).isEqualTo(T0.plus(Duration.ofHours(8)));
        });
        assertThat(at(T0.plus(Duration.ofHours(8)).minusSeconds(1)).check(cookie)).isPresent();
        assertThat(at(T0.plus(Duration.ofHours(8))).check(cookie)).isEmpty();
    }

    @Test
    void a_tampered_or_foreign_cookie_is_no_session() {
        String cookie = at(T0).issue("ana");
        String[] p = cookie.split("\\.");
        String asBen = p[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString("ben".getBytes()) + "."
                + p[2] + "." + p[3] + "." + p[4];
        String longer = p[0] + "." + p[1] + "." + (Long.parseLong(p[2]) + 86_400) + "." + p[3] + "." + p[4];
        String otherSecret = new SessionCookies("another-dashboard-secret-for-tests-98765", Duration.ofHours(8),
                Clock.fixed(T0, ZoneOffset.UTC)).issue("ana");

        SessionCookies sessions = at(T0);
        assertThat(sessions.check(asBen)).isEmpty();
        assertThat(sessions.check(longer)).isEmpty();
        assertThat(sessions.check(otherSecret)).isEmpty();
        assertThat(sessions.check(cookie.substring(0, cookie.length() - 2))).isEmpty();
        assertThat(sessions.check("v1.x.y")).isEmpty();
        assertThat(sessions.check("")).isEmpty();
        assertThat(sessions.check(null)).isEmpty();
        assertThat(sessions.check(cookie)).isPresent();
    }

    @Test
    void a_logged_out_session_is_refused_on_this_node() {
        SessionCookies sessions = at(T0);
        String cookie = sessions.issue("ana");

        sessions.revoke(sessions.check(cookie).orElseThrow());

        assertThat(sessions.check(cookie)).isEmpty();
        assertThat(sessions.check(sessions.issue("ana"))).isPresent();
    }

    @Test
    void the_csrf_token_belongs_to_its_session() {
        SessionCookies sessions = at(T0);
        SessionCookies.Session ana = sessions.check(sessions.issue("ana")).orElseThrow();
        SessionCookies.Session other = sessions.check(sessions.issue("ana")).orElseThrow();

        assertThat(sessions.csrfMatches(ana, sessions.csrf(ana))).isTrue();
        assertThat(sessions.csrfMatches(ana, sessions.csrf(other))).isFalse();
        assertThat(sessions.csrfMatches(ana, "")).isFalse();
        assertThat(sessions.csrfMatches(ana, null)).isFalse();
        assertThat(sessions.csrf(ana)).isNotEqualTo(ana.value());
    }

    @Test
    void the_pre_login_token_must_match_its_cookie_be_ours_and_be_fresh() {
        SessionCookies sessions = at(T0);
        String token = sessions.preLogin();
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA";

        assertThat(sessions.preLoginMatches(token, token)).isTrue();
        assertThat(sessions.preLoginMatches(token, sessions.preLogin())).isFalse();
        assertThat(sessions.preLoginMatches(null, token)).isFalse();
        assertThat(sessions.preLoginMatches(token, null)).isFalse();
        assertThat(sessions.preLoginMatches(forged, forged)).isFalse();
        assertThat(at(T0.plus(SessionCookies.LOGIN_FORM_TTL)).preLoginMatches(token, token)).isFalse();
        assertThat(at(T0.plus(SessionCookies.LOGIN_FORM_TTL).minusSeconds(1)).preLoginMatches(token, token)).isTrue();
    }

    @Test
    void a_session_cookie_is_not_a_pre_login_token_nor_the_other_way_round() {
        SessionCookies sessions = at(T0);
        String session = sessions.issue("ana");
        String login = sessions.preLogin();

        assertThat(sessions.preLoginMatches(session, session)).isFalse();
        assertThat(sessions.check(login)).isEmpty();
    }

    @Test
    void a_short_secret_is_refused() {
        assertThatThrownBy(() -> new SessionCookies("short", Duration.ofHours(1), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
