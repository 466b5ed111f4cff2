package io.waitless.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static io.waitless.config.ConfigFiles.validWith;
import static org.assertj.core.api.Assertions.assertThat;

/** ${NAME} and ${NAME:-default} in values, and secrets that never reach a message. */
class ConfigLoaderEnvironmentTest {

    @TempDir
    Path dir;

    private static final String WITH_PASSWORD = validWith("company:", "redis:\n  password: ${REDIS_PW}\ncompany:");

    @Test
    void a_variable_is_substituted_from_the_environment() {
        var c = new ConfigFiles(dir, Map.of("REDIS_PW", "hunter2")).load(WITH_PASSWORD).config();
        assertThat(c.redis().password()).isEqualTo("hunter2");
    }

    @Test
    void a_missing_variable_without_default_is_refused_naming_key_line_and_variable() {
        new ConfigFiles(dir).assertRefused(WITH_PASSWORD, "REDIS_PW", "redis.password",
                "environment variable REDIS_PW is not set");
    }

    @Test
    void the_default_is_used_when_the_variable_is_unset_or_empty() {
        String yaml = validWith("company:", "http:\n  port: ${HTTP_PORT:-9090}\ncompany:");
        assertThat(new ConfigFiles(dir).load(yaml).config().http().port()).isEqualTo(9090);
        assertThat(new ConfigFiles(dir, Map.of("HTTP_PORT", "")).load(yaml).config().http().port()).isEqualTo(9090);
        assertThat(new ConfigFiles(dir, Map.of("HTTP_PORT", "8181")).load(yaml).config().http().port()).isEqualTo(8181);
    }

    @Test
    void an_empty_default_gives_an_empty_value() {
        String yaml = validWith("company:", "redis:\n  password: \"${REDIS_PW:-}\"\ncompany:");
        assertThat(new ConfigFiles(dir).load(yaml).config().redis().password()).isEmpty();
    }

    @Test
    void variables_may_be_part_of_a_longer_value() {
        String yaml = validWith("company:", "redis:\n  uri: redis://${REDIS_HOST}:6379/${REDIS_DB:-0}\ncompany:");
        var c = new ConfigFiles(dir, Map.of("REDIS_HOST", "10.1.2.3")).load(yaml).config();
        assertThat(c.redis().uri().toString()).isEqualTo("redis://10.1.2.3:6379/0");
    }

    @Test
    void a_bad_value_from_the_environment_is_refused_without_printing_it() {
        String yaml = validWith("company:", "redis:\n  uri: ${REDIS_URI}\ncompany:");
        String secret = "redis://:topsecretpassword@bad host";
        String message = new ConfigFiles(dir, Map.of("REDIS_URI", secret)).assertRefused(yaml, "REDIS_URI",
                "redis.uri", "the value of ${REDIS_URI} is not a URI");
        assertThat(message).doesNotContain("topsecretpassword");
    }

    @Test
    void a_secret_reference_key_too_short_is_a_warning_that_does_not_show_it() {
        String yaml = validWith("reference-key: a-long-reference-key-for-tests-only-0123456789", "reference-key: ${KEY}");
        var loaded = new ConfigFiles(dir, Map.of("KEY", "shortsecret")).load(yaml);
        assertThat(loaded.warnings()).singleElement().asString()
                .contains("callers.reference-key: is shorter than 32 characters")
                .doesNotContain("shortsecret");
    }

    @Test
    void a_missing_variable_error_does_not_leak_other_environment_values() {
        String message = new ConfigFiles(dir, Map.of("OTHER_SECRET", "sekrit-value")).refused(WITH_PASSWORD);
        assertThat(message).doesNotContain("sekrit-value").contains("REDIS_PW");
    }
}
