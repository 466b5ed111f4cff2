package io.waitless.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.waitless.config.ConfigFiles.validWith;
import static org.assertj.core.api.Assertions.assertThat;

/** links.signing, api, hooks, sms-in and company.website: defaults, and each bad value with its line. */
class ConfigLoaderWebTest {
    private static final String KEY = "  - {id: k1, secret: a-long-link-signing-secret-for-tests-0123456789}";

    @TempDir
    Path dir;

    private ConfigFiles files() {
        return new ConfigFiles(dir);
    }

    @Test
    void the_base_config_takes_the_defaults() {
        WaitlessConfig c = files().load(ConfigFiles.VALID).config();

        assertThat(c.links().signing().keys()).extracting(k -> k.id()).containsExactly("k1");
        assertThat(c.links().signing().tokenTtl()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.links().signing().issuer()).isEqualTo("https://go.acme.example");
        assertThat(c.hooks().kannelSecret()).isEmpty();
        assertThat(c.hooks().twilioAuthToken()).isEmpty();
        assertThat(c.hooks().publicBaseUrl()).isEqualTo(URI.create("https://go.acme.example"));
        assertThat(c.smsIn().optOutKeywords()).contains("STOP", "QUIT", "עצור");
        assertThat(c.smsIn().optInKeywords()).containsExactly("START", "UNSTOP");
        assertThat(c.company().website()).isEmpty();
        assertThat(c.api().enabled()).isTrue();
    }

    @Test
    void the_first_listed_key_signs_and_the_second_is_kept_for_verifying() {
        String yaml = validWith(KEY, KEY + "\n      - {id: k0, secret: the-previous-link-signing-secret-0123456789}");
        assertThat(files().load(yaml).config().links().signing().keys()).extracting(k -> k.id()).containsExactly("k1", "k0");
    }

    @Test
    void a_signing_secret_under_32_bytes_is_refused_with_its_line() {
        files().assertRefused(validWith("a-long-link-signing-secret-for-tests-0123456789", "short-secret"),
                "short-secret", "links.signing.keys[0].secret", "is shorter than 32 bytes");
    }

    @Test
    void no_signing_keys_is_refused() {
        String message = files().refused(validWith("    keys:\n      " + KEY.strip() + "\n", "    keys: []\n"));
        assertThat(message).contains("links.signing.keys: needs at least one {id, secret}");
    }

    @Test
    void a_key_id_used_twice_or_not_an_id_is_refused() {
        String twice = validWith(KEY, KEY + "\n      - {id: k1, secret: the-previous-link-signing-secret-0123456789}");
        assertThat(files().refused(twice)).contains("links.signing.keys[1].id: \"k1\" is used twice");
        files().assertRefused(validWith("id: k1", "id: K 1"), "K 1", "links.signing.keys[0].id", "is not a key id");
    }

    @Test
    void a_token_ttl_out_of_range_is_refused() {
        files().assertRefused(validWith("    keys:\n", "    token-ttl: 2d\n    keys:\n"), "2d",
                "links.signing.token-ttl", "is outside 1m..1d");
    }

    @Test
    void an_api_key_under_24_characters_is_refused_and_an_empty_list_warns() {
        files().assertRefused(validWith("an-api-key-for-tests-only-0123456789", "short-key"), "short-key", "api.keys[0]",
                "is shorter than 24 characters");
        var loaded = files().load(validWith("  keys: [an-api-key-for-tests-only-0123456789]", "  keys: []"));
        assertThat(loaded.config().api().enabled()).isFalse();
        assertThat(loaded.warnings()).anySatisfy(w -> assertThat(w).contains("api.keys: is empty, so /api answers 404"));
    }

    @Test
    void a_demo_secret_from_the_file_default_warns_and_the_environment_replaces_it() {
        String yaml = validWith("api:", "hooks:\n  kannel-secret: \"${HOOK_SECRET:-demo-hook-secret}\"\napi:");
        assertThat(files().load(yaml).warnings()).anySatisfy(w -> assertThat(w)
                .contains("hooks.kannel-secret: HOOK_SECRET is not set"));
        var withEnv = new ConfigFiles(dir, Map.of("HOOK_SECRET", "x".repeat(40))).load(yaml);
        assertThat(withEnv.config().hooks().kannelSecret()).isEqualTo("x".repeat(40));
        assertThat(withEnv.warnings()).isEmpty();
    }

    @Test
    void a_hooks_base_url_with_a_query_or_not_http_is_refused() {
        files().assertRefused(validWith("api:", "hooks:\n  public-base-url: https://x.example/?a=1\napi:"), "?a=1",
                "hooks.public-base-url", "must not have a query");
        files().assertRefused(validWith("api:", "hooks:\n  public-base-url: ftp://x.example\napi:"), "ftp://",
                "hooks.public-base-url", "is not an absolute http(s) URL");
    }

    @Test
    void keywords_are_normalised_and_an_opt_in_that_is_also_an_opt_out_is_refused() {
        String custom = validWith("api:", "sms-in:\n  opt-out-keywords: [\"stop!\", Arrêt]\n  opt-in-keywords: [go]\napi:");
        WaitlessConfig c = files().load(custom).config();
        assertThat(c.smsIn().optOutKeywords()).containsExactly("STOP", "ARRÊT");
        assertThat(c.smsIn().optInKeywords()).containsExactly("GO");
        files().assertRefused(validWith("api:", "sms-in:\n  opt-in-keywords: [stop]\napi:"), "opt-in-keywords",
                "sms-in.opt-in-keywords", "\"STOP\" is also an opt-out keyword");
        files().assertRefused(validWith("api:", "sms-in:\n  opt-out-keywords: [\"...\"]\napi:"), "opt-out-keywords",
                "sms-in.opt-out-keywords[0]", "has no letters or digits");
    }

    @Test
    void a_company_website_must_be_an_http_url() {
        WaitlessConfig c = files().load(validWith("name: Acme", "name: Acme\n  website: https://acme.example")).config();
        assertThat(c.company().website()).contains(URI.create("https://acme.example"));
        files().assertRefused(validWith("name: Acme", "name: Acme\n  website: acme.example"), "website",
                "company.website", "is not an absolute http(s) URL");
    }
}
