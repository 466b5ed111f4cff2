package io.waitless.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigLoaderLanguagesTest {
    @TempDir
    Path dir;

    private ConfigFiles files() {
        return new ConfigFiles(dir);
    }

    private static String withLanguages(String languages, String queueLanguage) {
        return ConfigFiles.VALID.replace("prompts:\n", "prompts:\n  languages: " + languages + "\n")
                .replace("  - {name: support, language: en}", "  - {name: support, language: " + queueLanguage + "}")
                .replace("    en: \"{company}: {flow} {link}\"\n", "    en: \"{company}: {flow} {link}\"\n    he: \"{company}: {link}\"\n");
    }

    @Test
    void languages_default_to_english_and_a_queue_to_the_callers_channel() {
        WaitlessConfig c = files().load(ConfigFiles.VALID.replace("  - {name: support, language: en}", "  - {name: support}"))
                .config();
        assertThat(c.prompts().languages()).containsExactly("en");
        assertThat(c.queues().getFirst().language()).isEqualTo("channel");
    }

    @Test
    void languages_are_read_in_order_the_fallback_first() {
        WaitlessConfig c = files().load(withLanguages("[he, en, pt_BR]", "he")).config();
        assertThat(c.prompts().languages()).containsExactly("he", "en", "pt_BR");
        assertThat(c.queues().getFirst().language()).isEqualTo("he");
    }

    @Test
    void a_queue_language_outside_the_languages_and_bad_or_repeated_codes_are_refused() {
        String yaml = withLanguages("[en, Hebrew, en]", "ar");
        String message = files().assertRefused(yaml, "languages:", "prompts.languages[1]",
                "\"Hebrew\" is not a language code");
        assertThat(message).contains("prompts.languages[2]: \"en\" is listed twice")
                .contains("queues[0].language: \"ar\" is not one of prompts.languages (en), or channel for the caller's own");
    }
}
