package io.waitless.web;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.waitless.config.WaitlessConfig.Dashboard.User;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordsTest {
    private static String hash(String version, String password) {
        return BCrypt.with(BCrypt.Version.VERSION_2A).hashToString(4, password.toCharArray()).replace("$2a$", version);
    }

    private final Passwords passwords = new Passwords(List.of(new User("ana", hash("$2a$", "ana's secret")),
            new User("ben", hash("$2b$", "ben's secret")), new User("cy", hash("$2y$", "cy's secret"))));

    @Test
    void each_user_logs_in_with_their_own_password_whatever_the_bcrypt_version() {
        assertThat(passwords.check("ana", "ana's secret")).isTrue();
        assertThat(passwords.check("ben", "ben's secret")).isTrue();
        assertThat(passwords.check("cy", "cy's secret")).isTrue();
    }

    @Test
    void a_wrong_password_an_unknown_name_or_nothing_is_refused() {
        assertThat(passwords.check("ana", "ben's secret")).isFalse();
        assertThat(passwords.check("ana", "ANA'S SECRET")).isFalse();
        assertThat(passwords.check("dan", "ana's secret")).isFalse();
        assertThat(passwords.check("ana", "")).isFalse();
        assertThat(passwords.check("ana", null)).isFalse();
        assertThat(passwords.check(null, "ana's secret")).isFalse();
        assertThat(passwords.known("ana")).isTrue();
        assertThat(passwords.known("dan")).isFalse();
    }

    @Test
    void a_password_bcrypt_would_cut_is_refused_not_shortened() {
        String long71 = "p".repeat(71);
        Passwords p = new Passwords(List.of(new User("ana", hash("$2a$", long71))));

        assertThat(p.check("ana", long71)).isTrue();
        assertThat(p.check("ana", long71 + "extra")).isFalse();
        assertThatThrownBy(() -> Passwords.hash("p".repeat(72).toCharArray()))
                .hasMessage("the password is 72 bytes; bcrypt reads at most 71");
    }

    @Test
    void a_hash_made_here_verifies_at_cost_12() {
        String h = Passwords.hash("a new password".toCharArray());

        assertThat(h).startsWith("$2a$12$");
        assertThat(new Passwords(List.of(new User("ana", h))).check("ana", "a new password")).isTrue();
    }
}
