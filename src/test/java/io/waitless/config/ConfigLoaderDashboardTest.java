package io.waitless.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** dashboard: users, session secret, session ttl and secure cookie; the defaults and each bad value with its line. */
class ConfigLoaderDashboardTest {
    static final String HASH = "$2a$12$KLerYPV388B.tTx2uAxIi.2IJxO5Sa6c8izs3geGtepOY.0eSb/9u";
    private static final String SECRET = "a-dashboard-session-secret-for-tests-0123";

    @TempDir
    Path dir;

    private ConfigFiles files() {
        return new ConfigFiles(dir);
    }

    private static String with(String dashboard) {
        return ConfigFiles.VALID + "dashboard:\n" + dashboard;
    }

    private static String user(String name, String hash) {
        return "  users:\n    - name: " + name + "\n      password-hash: \"" + hash + "\"\n";
    }

    @Test
    void without_a_dashboard_section_it_is_off() {
        WaitlessConfig.Dashboard d = files().load(ConfigFiles.VALID).config().dashboard();

        assertThat(d.enabled()).isFalse();
        assertThat(d.sessionTtl()).isEqualTo(Duration.ofHours(8));
        assertThat(d.secureCookie()).isTrue();
    }

    @Test
    void users_secret_ttl_and_cookie_are_read() {
        ConfigLoader.Loaded loaded = files().load(with(user("ana", HASH) + "    - {name: ben.k, password-hash: \""
                + HASH.replace("$2a$", "$2y$") + "\"}\n  session-secret: " + SECRET + "\n  session-ttl: 30m\n"
                + "  secure-cookie: false\n"));
        WaitlessConfig.Dashboard d = loaded.config().dashboard();

        assertThat(d.enabled()).isTrue();
        assertThat(d.users()).extracting(WaitlessConfig.Dashboard.User::name).containsExactly("ana", "ben.k");
        assertThat(d.users().get(1).passwordHash()).startsWith("$2y$12$");
        assertThat(d.sessionSecret()).isEqualTo(SECRET);
        assertThat(d.sessionTtl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(d.secureCookie()).isFalse();
        assertThat(d.toString()).doesNotContain(HASH).doesNotContain(SECRET);
        assertThat(loaded.warnings()).isEmpty();
    }

    @Test
    void a_hash_that_is_not_bcrypt_is_refused_without_echoing_it() {
        String yaml = with(user("ana", "plain-text-password") + "  session-secret: " + SECRET + "\n");
        String message = files().assertRefused(yaml, "password-hash", "dashboard.users[0].password-hash",
                "is not a bcrypt hash ($2a$, $2b$ or $2y$, 60 characters); make one with: waitless dashboard hash-password");
        assertThat(message).doesNotContain("plain-text-password");
    }

    @Test
    void a_hash_with_an_impossible_cost_is_refused_and_a_cheap_one_warned_about() {
        files().assertRefused(with(user("ana", HASH.replace("$12$", "$03$")) + "  session-secret: " + SECRET + "\n"),
                "password-hash", "dashboard.users[0].password-hash", "has a bcrypt cost of 3; bcrypt allows 4 to 31");
        ConfigLoader.Loaded cheap = files().load(with(user("ana", HASH.replace("$12$", "$04$"))
                + "  session-secret: " + SECRET + "\n"));
        assertThat(cheap.warnings()).anySatisfy(w -> assertThat(w).contains("dashboard.users[0].password-hash: has a"
                + " bcrypt cost of 4; use at least 10"));
    }

    @Test
    void a_missing_name_or_hash_and_a_bad_or_repeated_name_are_refused() {
        files().assertRefused(with("  users:\n    - {password-hash: \"" + HASH + "\"}\n  session-secret: " + SECRET
                + "\n"), "password-hash", "dashboard.users[0].name", "is missing; it is required");
        files().assertRefused(with("  users:\n    - {name: ana}\n  session-secret: " + SECRET + "\n"),
                "name: ana", "dashboard.users[0].password-hash", "is missing; it is required");
        files().assertRefused(with(user("ana smith", HASH) + "  session-secret: " + SECRET + "\n"), "ana smith",
                "dashboard.users[0].name", "\"ana smith\" is not a user name");
        String twice = with(user("ana", HASH) + "    - {name: ana, password-hash: \"" + HASH + "\"}\n"
                + "  session-secret: " + SECRET + "\n");
        files().assertRefused(twice, "{name: ana", "dashboard.users[1].name", "\"ana\" is used twice (first at line "
                + ConfigFiles.lineOf(twice, "- name: ana") + ")");
    }

    @Test
    void users_without_a_session_secret_or_with_a_short_one_are_refused() {
        files().assertRefused(with(user("ana", HASH)), "dashboard:", "dashboard.session-secret",
                "is missing; it signs the login cookie");
        files().assertRefused(with(user("ana", HASH) + "  session-secret: too-short\n"), "too-short",
                "dashboard.session-secret", "is shorter than 32 characters");
    }

    @Test
    void a_bad_ttl_or_cookie_flag_or_an_unknown_key_is_refused() {
        String base = user("ana", HASH) + "  session-secret: " + SECRET + "\n";
        files().assertRefused(with(base + "  session-ttl: 2m\n"), "session-ttl", "dashboard.session-ttl",
                "\"2m\" is outside 5m..7d");
        files().assertRefused(with(base + "  secure-cookie: maybe\n"), "secure-cookie", "dashboard.secure-cookie",
                "\"maybe\" is not true or false");
        files().assertRefused(with(base + "  sesion-ttl: 1h\n"), "sesion-ttl", "dashboard.sesion-ttl", "unknown key");
    }

    @Test
    void a_demo_hash_and_secret_from_the_file_defaults_are_warned_about() {
        String yaml = with("  users:\n    - name: demo\n      password-hash: \"${DEMO_HASH:-" + HASH + "}\"\n"
                + "  session-secret: \"${DASH_SECRET:-" + SECRET + "}\"\n");
        ConfigLoader.Loaded loaded = new ConfigLoader(Map.of()).loadWithWarnings(files().write(yaml));

        assertThat(loaded.config().dashboard().users().getFirst().passwordHash()).isEqualTo(HASH);
        assertThat(loaded.warnings()).anySatisfy(w -> assertThat(w).contains("dashboard.users[0].password-hash: "
                + "DEMO_HASH is not set")).anySatisfy(w -> assertThat(w).contains("dashboard.session-secret: "
                + "DASH_SECRET is not set"));
    }
}
