package io.waitless.deflect;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeflectionSettingsTest {

    private static DeflectionSettings settings(Map<String, String> defaults, Map<String, Map<String, String>> perFlow) {
        return new DeflectionSettings("Acme", "Acme", URI.create("https://go.acme.example"), Duration.ofDays(1),
                defaults, perFlow, List.of(), List.of(), "");
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    @Test
    void a_flows_own_text_wins_over_the_languages_default() {
        var s = settings(ordered("he", "he default {link}", "en", "en default {link}"),
                Map.of("he", Map.of("pay-bill", "he pay {link}")));

        assertThat(s.template("he", "pay-bill")).isEqualTo("he pay {link}");
        assertThat(s.template("he", "move")).isEqualTo("he default {link}");
        assertThat(s.template("en", "pay-bill")).isEqualTo("en default {link}");
    }

    @Test
    void an_unforeseen_language_gets_the_first_configured_languages_default() {
        var s = settings(ordered("he", "he default {link}", "en", "en default {link}"), Map.of());

        assertThat(s.template("ar", "pay-bill")).isEqualTo("he default {link}");
    }

    @Test
    void settings_without_any_template_are_refused() {
        assertThatThrownBy(() -> settings(Map.of(), Map.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
