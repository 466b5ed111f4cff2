package io.waitless.config;

import io.waitless.config.WaitlessConfig.GatewayKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static io.waitless.config.ConfigFiles.validWith;
import static org.assertj.core.api.Assertions.assertThat;

/** The {@code sms} section: gateway blocks, retry, breaker, templates per language and flow. */
class ConfigLoaderSmsTest {

    @TempDir
    Path dir;

    private ConfigFiles files() {
        return new ConfigFiles(dir, Map.of("TWILIO_TOKEN", "tok-from-env"));
    }

    private static String withSms(String block) {
        return validWith("  sender: Acme", "  sender: Acme\n" + block);
    }

    @Test
    void retry_and_breaker_take_their_defaults() {
        var sms = files().load(ConfigFiles.VALID).config().sms();
        assertThat(sms.retry()).isEqualTo(new WaitlessConfig.Retry(2, Duration.ofMillis(200)));
        assertThat(sms.breaker()).isEqualTo(new WaitlessConfig.Breaker(50, 10, Duration.ofSeconds(30)));
        assertThat(sms.twilio()).isEmpty();
        assertThat(sms.smpp()).isEmpty();
    }

    @Test
    void retry_attempts_above_5_are_refused_with_the_line() {
        files().assertRefused(withSms("  retry:\n    attempts: 6"), "attempts: 6", "sms.retry.attempts", "is outside 1..5");
    }

    @Test
    void a_backoff_as_long_as_the_timeout_is_a_warning() {
        var loaded = files().load(withSms("  timeout: 1s\n  retry:\n    backoff: 1s"));
        assertThat(loaded.warnings()).anySatisfy(w -> assertThat(w).contains("sms.retry.backoff")
                .contains("no retry can happen in time"));
    }

    @Test
    void the_breaker_is_read_and_a_failure_rate_of_0_is_refused() {
        var sms = files().load(withSms("  breaker:\n    failure-rate: 80\n    window: 20\n    open-for: 1m"))
                .config().sms();
        assertThat(sms.breaker()).isEqualTo(new WaitlessConfig.Breaker(80, 20, Duration.ofMinutes(1)));
        files().assertRefused(withSms("  breaker:\n    failure-rate: 0"), "failure-rate", "sms.breaker.failure-rate",
                "is outside 1..100");
    }

    @Test
    void the_twilio_gateway_needs_the_twilio_block() {
        files().assertRefused(validWith("gateway: log", "gateway: twilio"), "gateway: twilio", "sms.twilio",
                "is missing; it is required when sms.gateway is twilio");
    }

    @Test
    void a_twilio_block_loads_with_the_default_api_and_a_token_from_the_environment() {
        String yaml = validWith("gateway: log", "gateway: twilio").replace("  sender: Acme", String.join("\n",
                "  sender: Acme", "  twilio:", "    account-sid: AC0123", "    auth-token: ${TWILIO_TOKEN}",
                "    status-callback: https://waitless.acme.example/hooks/twilio/status"));
        var twilio = files().load(yaml).config().sms().twilio().orElseThrow();
        assertThat(twilio).isEqualTo(new WaitlessConfig.Twilio(URI.create("https://api.twilio.com"), "AC0123",
                "AC0123", "tok-from-env", Optional.empty(),
                Optional.of(URI.create("https://waitless.acme.example/hooks/twilio/status"))));
    }

    @Test
    void a_twilio_api_key_replaces_the_auth_token_for_basic_auth() {
        var twilio = files().load(withSms(String.join("\n", "  twilio:", "    base-url: http://127.0.0.1:8089",
                "    account-sid: AC0123", "    api-key-sid: SK42", "    api-key-secret: key-secret",
                "    messaging-service-sid: MG7"))).config().sms().twilio().orElseThrow();
        assertThat(twilio.username()).isEqualTo("SK42");
        assertThat(twilio.secret()).isEqualTo("key-secret");
        assertThat(twilio.messagingServiceSid()).contains("MG7");
    }

    @Test
    void a_twilio_block_with_a_bad_base_url_or_no_token_is_refused_at_each_line() {
        String yaml = withSms(String.join("\n", "  twilio:", "    base-url: api.twilio.com", "    account-sid: AC1"));
        String message = files().assertRefused(yaml, "base-url", "sms.twilio.base-url",
                "is not an absolute http(s) URL");
        assertThat(message).contains(":" + ConfigFiles.lineOf(yaml, "  twilio:") + ": sms.twilio.auth-token: is missing");
    }

    @Test
    void a_twilio_status_callback_that_is_not_a_url_is_refused() {
        files().assertRefused(withSms(String.join("\n", "  twilio:", "    account-sid: AC1", "    auth-token: t",
                "    status-callback: /api/status")), "status-callback", "sms.twilio.status-callback",
                "is not an absolute http(s) URL");
    }

    @Test
    void an_auth_token_and_an_api_key_together_are_refused() {
        files().assertRefused(withSms(String.join("\n", "  twilio:", "    account-sid: AC1", "    auth-token: t",
                "    api-key-sid: SK1", "    api-key-secret: s")), "auth-token", "sms.twilio.auth-token",
                "give either auth-token or api-key-sid");
    }

    @Test
    void an_smpp_block_loads_with_its_defaults() {
        String yaml = validWith("gateway: log", "gateway: smpp").replace("  sender: Acme", String.join("\n",
                "  sender: Acme", "  smpp:", "    host: smsc.example", "    system-id: waitless", "    password: pw123"));
        var smpp = files().load(yaml).config().sms().smpp().orElseThrow();
        assertThat(smpp).isEqualTo(new WaitlessConfig.Smpp("smsc.example", 2775, "waitless", "pw123", "",
                Duration.ofSeconds(5), Duration.ofSeconds(30), OptionalInt.empty(), OptionalInt.empty()));
        assertThat(files().load(yaml).config().sms().gateway()).isEqualTo(GatewayKind.SMPP);
    }

    @Test
    void smpp_source_ton_and_npi_are_auto_or_numbers_in_range() {
        var smpp = files().load(withSms(String.join("\n", "  smpp:", "    host: h", "    system-id: s",
                "    password: p", "    source-ton: 5", "    source-npi: auto"))).config().sms().smpp().orElseThrow();
        assertThat(smpp.sourceTon()).hasValue(5);
        assertThat(smpp.sourceNpi()).isEmpty();
        files().assertRefused(withSms(String.join("\n", "  smpp:", "    host: h", "    system-id: s",
                "    password: p", "    source-ton: seven")), "source-ton", "sms.smpp.source-ton",
                "is not auto or a number 0..6");
    }

    @Test
    void an_smpp_password_longer_than_8_is_refused_and_missing_keys_are_named() {
        String yaml = validWith("gateway: log", "gateway: smpp").replace("  sender: Acme", String.join("\n",
                "  sender: Acme", "  smpp:", "    system-id: waitless", "    password: much-too-long"));
        String message = files().assertRefused(yaml, "password:", "sms.smpp.password", "SMPP 3.4 allows at most 8");
        assertThat(message).contains("sms.smpp.host: is missing");
    }

    @Test
    void the_smpp_gateway_needs_the_smpp_block() {
        files().assertRefused(validWith("gateway: log", "gateway: smpp"), "gateway: smpp", "sms.smpp",
                "is missing; it is required when sms.gateway is smpp");
    }

    @Test
    void a_kannel_dlr_url_needs_the_kannel_hook_secret_and_must_be_a_url() {
        String base = String.join("\n", "  kannel:", "    sendsms-url: http://127.0.0.1:13013/cgi-bin/sendsms");
        String noSecret = withSms(base + "\n    dlr-url: http://10.0.0.5:8080");
        files().assertRefused(noSecret, "dlr-url", "sms.kannel.dlr-url", "needs hooks.kannel-secret");
        files().assertRefused(withSms(base + "\n    dlr-url: w.acme.example/dlr"), "dlr-url",
                "sms.kannel.dlr-url", "is not an absolute http(s) URL");
        String withSecret = noSecret + "\nhooks:\n  kannel-secret: a-kannel-hook-secret-for-tests-0123456789\n";
        var kannel = files().load(withSecret).config().sms().kannel().orElseThrow();
        assertThat(kannel.dlrUrl()).contains(URI.create("http://10.0.0.5:8080"));
    }

    @Test
    void a_template_may_be_a_default_plus_texts_for_flows() {
        String yaml = validWith("    en: \"{company}: {flow} {link}\"", String.join("\n",
                "    en:", "      default: \"{company}: {flow} {link}\"", "      pay-bill: \"Pay here: {link}\""));
        var sms = files().load(yaml).config().sms();
        assertThat(sms.templates()).containsExactly(Map.entry("en", "{company}: {flow} {link}"));
        assertThat(sms.flowTemplates()).isEqualTo(Map.of("en", Map.of("pay-bill", "Pay here: {link}")));
    }

    @Test
    void a_template_for_an_unknown_flow_is_refused_at_its_line_with_a_suggestion() {
        String yaml = validWith("    en: \"{company}: {flow} {link}\"", String.join("\n",
                "    en:", "      default: \"{company}: {flow} {link}\"", "      pay-bil: \"Pay here: {link}\""));
        files().assertRefused(yaml, "pay-bil:", "sms.templates.en.pay-bil",
                "names flow \"pay-bil\", which is not configured (did you mean pay-bill?)");
    }

    @Test
    void a_language_with_flow_texts_but_no_default_is_refused() {
        String yaml = validWith("    en: \"{company}: {flow} {link}\"", String.join("\n",
                "    en:", "      pay-bill: \"Pay here: {link}\""));
        files().assertRefused(yaml, "pay-bill: \"Pay", "sms.templates.en", "has no default text");
    }

    @Test
    void a_flow_text_without_a_link_is_refused_at_its_line() {
        String yaml = validWith("    en: \"{company}: {flow} {link}\"", String.join("\n",
                "    en:", "      default: \"{company}: {flow} {link}\"", "      pay-bill: \"Pay in the app\""));
        files().assertRefused(yaml, "Pay in the app", "sms.templates.en.pay-bill", "has no {link}");
    }

    @Test
    void a_hebrew_template_of_70_ucs2_characters_fits_and_71_warns_at_its_line() {
        // the link is https://go.acme.example/l/ + 12 characters = 38; Hebrew makes the text UCS-2 (70 per segment)
        String fits = validWith("    en: \"{company}: {flow} {link}\"",
                "    en: \"{company}: {flow} {link}\"\n    he: \"" + "א".repeat(32) + "{link}\"");
        assertThat(files().load(fits).warnings()).noneSatisfy(w -> assertThat(w).contains("sms.templates.he"));

        String tooLong = validWith("    en: \"{company}: {flow} {link}\"",
                "    en: \"{company}: {flow} {link}\"\n    he: \"" + "א".repeat(33) + "{link}\"");
        assertThat(files().load(tooLong).warnings()).anySatisfy(w -> assertThat(w)
                .contains(":" + ConfigFiles.lineOf(tooLong, "he: ") + ": sms.templates.he: needs 2 SMS segments")
                .contains("71 characters in UCS-2").contains("one segment holds 70"));
    }

    @Test
    void a_flow_text_is_measured_with_its_own_flows_title() {
        String yaml = validWith("    en: \"{company}: {flow} {link}\"", String.join("\n",
                "    en:", "      default: \"{company}: {flow} {link}\"",
                "      pay-bill: \"" + "x".repeat(100) + " {flow} {link}\""));
        // 100 + 1 + "pay your bill" (13) + 1 + 38 = 153 fits in one GSM-7 segment
        assertThat(files().load(yaml).warnings()).noneSatisfy(w -> assertThat(w).contains("pay-bill"));
    }
}
