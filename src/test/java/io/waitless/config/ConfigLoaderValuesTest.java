package io.waitless.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static io.waitless.config.ConfigFiles.validWith;
import static org.assertj.core.api.Assertions.assertThat;

/** Each single-value rule refuses bad input, naming the key and the line of the value. */
class ConfigLoaderValuesTest {

    @TempDir
    Path dir;

    private ConfigFiles files() {
        return new ConfigFiles(dir);
    }

    @Test
    void the_base_config_loads_and_takes_every_default() {
        WaitlessConfig c = files().load(ConfigFiles.VALID).config();
        assertThat(c.agi().port()).isEqualTo(4573);
        assertThat(c.agi().allow()).extracting(Cidr::toString).containsExactly("127.0.0.1/32", "0:0:0:0:0:0:0:1/128");
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.sms().timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.sms().kannel()).isEmpty();
        assertThat(c.callers().allowedCountries()).containsExactly("IL");
        assertThat(c.links().codeLength()).isEqualTo(12);
        assertThat(c.queues().getFirst().periodicAnnounceEvery()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.promotions().getFirst().queues()).isEmpty();
        assertThat(c.prompts().rate()).isEqualTo(150f);
    }

    @Test
    void a_port_above_65535_is_refused_with_its_line() {
        String yaml = validWith("company:", "agi:\n  port: 70000\nhttp:\n  port: -1\ncompany:");
        String message = files().assertRefused(yaml, "70000", "agi.port", "70000\" is outside 0..65535");
        assertThat(message).contains(":4: http.port: \"-1\" is outside 0..65535");
    }

    @Test
    void a_port_that_is_not_a_number_is_refused() {
        files().assertRefused(validWith("company:", "agi:\n  port: four\ncompany:"), "four", "agi.port", "is not a whole number");
    }

    @Test
    void an_allow_entry_that_is_a_host_name_is_refused_without_a_lookup() {
        String yaml = validWith("company:", "agi:\n  allow:\n    - 127.0.0.1\n    - asterisk.example\ncompany:");
        files().assertRefused(yaml, "asterisk.example", "agi.allow[1]", "is not an IP address or CIDR block");
    }

    @Test
    void an_allow_entry_with_a_prefix_too_long_is_refused() {
        String yaml = validWith("company:", "agi:\n  allow: [10.0.0.0/33]\ncompany:");
        files().assertRefused(yaml, "10.0.0.0/33", "agi.allow[0]", "is not an IP address or CIDR block");
    }

    @Test
    void a_bind_address_must_be_a_literal() {
        files().assertRefused(validWith("company:", "http:\n  bind: localhost\ncompany:"), "localhost", "http.bind", "is not an IP address");
    }

    @Test
    void a_script_deadline_outside_1s_to_120s_is_refused() {
        files().assertRefused(validWith("company:", "agi:\n  script-deadline: 500ms\ncompany:"),
                "script-deadline", "agi.script-deadline", "\"500ms\" is outside 1s..2m");
    }

    @Test
    void an_sms_timeout_in_words_is_refused_with_the_hint() {
        String yaml = validWith("  sender: Acme", "  sender: Acme\n  timeout: 3 seconds");
        files().assertRefused(yaml, "3 seconds", "sms.timeout",
                "\"3 seconds\" is not a duration (use e.g. 3s, 500ms, PT3S)");
    }

    @Test
    void an_sms_timeout_above_30s_is_refused() {
        files().assertRefused(validWith("  sender: Acme", "  sender: Acme\n  timeout: 31s"), "31s", "sms.timeout", "is outside 100ms..30s");
    }

    @Test
    void a_sender_name_longer_than_11_characters_is_a_warning() {
        var loaded = files().load(validWith("sender: Acme", "sender: AcmeCorporation"));
        assertThat(loaded.warnings()).singleElement().asString()
                .contains("sms.sender: is 15 characters; phones show at most 11");
    }

    @Test
    void an_unknown_gateway_is_refused_with_the_choices() {
        files().assertRefused(validWith("gateway: log", "gateway: pigeon"), "pigeon", "sms.gateway", "is not one of log, kannel, twilio, smpp");
    }

    @Test
    void the_kannel_gateway_needs_the_kannel_block() {
        files().assertRefused(validWith("gateway: log", "gateway: kannel"), "gateway: kannel", "sms.kannel",
                "is missing; it is required when sms.gateway is kannel");
    }

    @Test
    void the_kannel_block_needs_an_http_sendsms_url() {
        String yaml = validWith("  sender: Acme", "  sender: Acme\n  kannel:\n    sendsms-url: ftp://127.0.0.1/cgi-bin/sendsms");
        files().assertRefused(yaml, "ftp://", "sms.kannel.sendsms-url", "is not an absolute http(s) URL");
    }

    @Test
    void the_kannel_gateway_needs_a_username_and_password() {
        String yaml = validWith("gateway: log", "gateway: kannel")
                .replace("  sender: Acme", "  sender: Acme\n  kannel:\n    sendsms-url: http://127.0.0.1:13013/cgi-bin/sendsms");
        String message = files().assertRefused(yaml, "  kannel:", "sms.kannel.username", "is missing; it is required");
        assertThat(message).contains("sms.kannel.password: is missing");
    }

    @Test
    void a_kannel_config_loads_with_its_url_and_credentials() {
        String yaml = validWith("gateway: log", "gateway: kannel").replace("  sender: Acme", String.join("\n",
                "  sender: Acme",
                "  kannel:",
                "    sendsms-url: http://127.0.0.1:13013/cgi-bin/sendsms",
                "    username: waitless",
                "    password: pw",
                "    smsc: fake"));
        var kannel = files().load(yaml).config().sms().kannel().orElseThrow();
        assertThat(kannel.sendsmsUrl().getPort()).isEqualTo(13013);
        assertThat(kannel.smsc()).isEqualTo("fake");
    }

    @Test
    void a_template_without_link_is_refused() {
        files().assertRefused(validWith("\"{company}: {flow} {link}\"", "\"{company}: {flow}\""),
                "{company}: {flow}", "sms.templates.en", "has no {link}");
    }

    @Test
    void a_template_with_a_mistyped_placeholder_is_refused() {
        files().assertRefused(validWith("{company}: {flow} {link}", "{compny}: {flow} {link}"),
                "{compny}", "sms.templates.en", "unknown placeholder {compny}");
    }

    @Test
    void a_template_that_needs_two_segments_is_a_warning_not_an_error() {
        String longText = "x".repeat(150);
        var loaded = files().load(validWith("{company}: {flow} {link}", longText + " {link}"));
        assertThat(loaded.warnings()).singleElement().asString()
                .contains(":" + ConfigFiles.lineOf(ConfigFiles.VALID, "en: ") + ": sms.templates.en: needs 2 SMS segments");
    }

    @Test
    void a_public_base_url_with_a_query_is_refused() {
        files().assertRefused(validWith("https://go.acme.example", "https://go.acme.example/?x=1"),
                "go.acme.example", "links.public-base-url", "must not have a query");
    }

    @Test
    void a_relative_public_base_url_is_refused() {
        files().assertRefused(validWith("https://go.acme.example", "go.acme.example"),
                "go.acme.example", "links.public-base-url", "is not an absolute http(s) URL");
    }

    @Test
    void a_code_length_outside_8_to_32_is_refused() {
        String yaml = validWith("  public-base-url: https://go.acme.example", "  public-base-url: https://go.acme.example\n  code-length: 6");
        files().assertRefused(yaml, "code-length", "links.code-length", "is outside 8..32");
    }

    @Test
    void regions_must_be_two_upper_case_iso_letters() {
        String yaml = validWith("default-region: IL", "default-region: il\n  allowed-countries: [IL, XX]");
        String message = files().assertRefused(yaml, "default-region", "callers.default-region", "is not a 2-letter upper-case ISO");
        assertThat(message).contains(":" + ConfigFiles.lineOf(yaml, "XX") + ": callers.allowed-countries[1]: \"XX\" is not");
    }

    @Test
    void a_missing_prompt_text_is_refused_at_the_texts_line() {
        files().assertRefused(validWith("    sending: Sending.\n", ""), "  texts:", "prompts.texts.sending", "is missing");
    }

    @Test
    void a_blank_prompt_text_is_refused_at_its_own_line() {
        files().assertRefused(validWith("no-sms: No text.", "no-sms: \"  \""), "no-sms", "prompts.texts.no-sms", "is empty");
    }

    @Test
    void a_mistyped_prompt_text_id_is_refused_with_a_suggestion() {
        files().assertRefused(validWith("no-sms: No text.", "no-sms: No text.\n    sms-snet: Sent."), "sms-snet",
                "prompts.texts.sms-snet", "unknown prompt (did you mean sms-sent?)");
    }

    @Test
    void rate_and_pitch_have_ranges() {
        String yaml = validWith("prompts:\n", "prompts:\n  rate: 400\n  pitch: 20\n");
        String message = files().assertRefused(yaml, "rate: 400", "prompts.rate", "\"400\" is outside 80..300");
        assertThat(message).contains(":" + ConfigFiles.lineOf(yaml, "pitch") + ": prompts.pitch: \"20\" is outside 50..300");
    }

    @Test
    void hold_music_must_be_an_existing_directory() {
        String yaml = validWith("prompts:\n", "prompts:\n  hold-music: " + dir.resolve("no-such-dir") + "\n");
        files().assertRefused(yaml, "hold-music", "prompts.hold-music", "is not an existing directory");
    }

    @Test
    void hold_music_that_exists_is_kept() throws Exception {
        Path music = Files.createDirectory(dir.resolve("music"));
        String yaml = validWith("prompts:\n", "prompts:\n  hold-music: " + music + "\n");
        assertThat(files().load(yaml).config().prompts().holdMusic()).contains(music);
    }

    @Test
    void a_boolean_must_be_true_or_false() {
        files().assertRefused(validWith("default-region: IL", "default-region: IL\n  allow-fixed-or-mobile: yes"),
                "allow-fixed-or-mobile", "callers.allow-fixed-or-mobile", "is not true or false");
    }

    @Test
    void a_list_where_a_value_belongs_is_refused() {
        files().assertRefused(validWith("name: Acme", "name: [Acme]"), "name: [Acme]", "company.name", "expected a single value, found a list");
    }

    @Test
    void a_missing_required_key_is_refused_at_its_section() {
        files().assertRefused(validWith("  sender: Acme\n", ""), "sms:", "sms.sender", "is missing; it is required");
    }

    @Test
    void every_error_is_reported_at_once_after_a_summary_line() {
        String yaml = validWith("company:", "agi:\n  port: 70000\n  hangup-deadline: 3\ncompany:")
                .replace("gateway: log", "gateway: smpp");
        String message = files().refused(yaml);
        assertThat(message.lines().findFirst()).contains("3 errors in " + dir.resolve("waitless.yaml"));
        assertThat(message.lines().skip(1)).hasSize(3).allSatisfy(l -> assertThat(l).matches(".*waitless\\.yaml:\\d+: .*"));
    }
}
