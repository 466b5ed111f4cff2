package io.waitless.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "30s, PT30S", "2m, PT2M", "1h, PT1H", "7d, PT168H", "PT30S, PT30S", "P7D, PT168H",
            "PT1M30S, PT1M30S", "0s, PT0S"})
    void short_and_iso_forms_are_read(String text, String iso) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"30", "1.5", "0"})
    void a_bare_number_is_refused_because_it_has_no_unit(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bare number")
                .hasMessageContaining("use e.g. 3s, 500ms, PT3S");
    }

    @ParameterizedTest
    @ValueSource(strings = {"3 seconds", "3S", "1w", "-5s", "PT", "-PT3S", "s", ""})
    void anything_else_is_refused(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void durations_are_written_in_their_largest_exact_unit() {
        assertThat(Durations.format(Duration.ofMillis(100))).isEqualTo("100ms");
        assertThat(Durations.format(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(Durations.format(Duration.ofSeconds(120))).isEqualTo("2m");
        assertThat(Durations.format(Duration.ofDays(7))).isEqualTo("7d");
    }

    @Test
    void a_bare_number_in_the_file_is_refused_with_key_and_line(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        String yaml = ConfigFiles.validWith("  public-base-url: https://go.acme.example",
                "  public-base-url: https://go.acme.example\n  ttl: 604800");
        new ConfigFiles(dir).assertRefused(yaml, "604800", "links.ttl", "\"604800\" is a bare number, not a duration");
    }
}
