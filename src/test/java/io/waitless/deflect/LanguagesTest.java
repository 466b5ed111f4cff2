package io.waitless.deflect;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LanguagesTest {
    final Languages langs = new Languages(List.of("en", "he", "ar"), Map.of("support-he", "he", "support", "channel"));

    @Test
    void a_queue_with_a_language_gives_it_to_every_caller() {
        assertThat(langs.resolve("support-he", "en")).isEqualTo("he");
        assertThat(langs.resolve("support-he", "ar")).isEqualTo("he");
    }

    @Test
    void otherwise_the_channel_language_when_supported_also_with_a_region_else_the_fallback() {
        assertThat(langs.resolve("support", "ar")).isEqualTo("ar");
        assertThat(langs.resolve("support", "he_IL")).isEqualTo("he");
        assertThat(langs.resolve("support", "he-IL")).isEqualTo("he");
        assertThat(langs.resolve("support", "fr")).isEqualTo("en");
        assertThat(langs.resolve("support", "")).isEqualTo("en");
        assertThat(langs.resolve("unlisted-queue", "he")).isEqualTo("he");
    }

    @Test
    void hold_classes_of_other_languages_carry_a_suffix_that_no_id_can_have() {
        assertThat(langs.holdClass("waitless-pay", "en")).isEqualTo("waitless-pay");
        assertThat(langs.holdClass("waitless-pay-nooffer", "he")).isEqualTo("waitless-pay-nooffer_he");
    }

    @Test
    void the_settings_fall_back_to_the_first_languages_class_until_the_other_is_laid_out() {
        DeflectionSettings s = new DeflectionSettings("Acme", "Acme", java.net.URI.create("https://go.acme.example"),
                java.time.Duration.ofDays(1), Map.of("en", "{link}"), List.of(), List.of(), "Press 1.")
                .withLanguages(langs, java.util.Set.of("waitless-pay_he"));
        assertThat(s.holdClass("waitless-pay", "he")).isEqualTo("waitless-pay_he");
        assertThat(s.holdClass("waitless-pay-nooffer", "he")).isEqualTo("waitless-pay-nooffer");
        assertThat(s.holdClass("waitless-pay", "ar")).isEqualTo("waitless-pay");
    }
}
