package io.waitless.web;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeysTest {
    private final ApiKeys keys = new ApiKeys(List.of("current-key-0123456789abcdef", "previous-key-0123456789abcdef"));

    @Test
    void a_bearer_header_with_any_listed_key_is_accepted() {
        assertThat(keys.accepts("Bearer current-key-0123456789abcdef")).isTrue();
        assertThat(keys.accepts("bearer previous-key-0123456789abcdef")).isTrue();
    }

    @Test
    void a_wrong_truncated_or_missing_key_or_another_scheme_is_refused() {
        assertThat(keys.accepts("Bearer current-key-0123456789abcdeF")).isFalse();
        assertThat(keys.accepts("Bearer current-key-0123456789abcde")).isFalse();
        assertThat(keys.accepts("Bearer ")).isFalse();
        assertThat(keys.accepts("Basic current-key-0123456789abcdef")).isFalse();
        assertThat(keys.accepts("current-key-0123456789abcdef")).isFalse();
        assertThat(keys.accepts(null)).isFalse();
        assertThat(new ApiKeys(List.of()).enabled()).isFalse();
        assertThat(new ApiKeys(List.of()).accepts("Bearer ")).isFalse();
    }
}
