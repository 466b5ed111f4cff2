package io.waitless.link;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LinkCodesTest {
    @Test
    void codes_are_base62_of_the_configured_length_and_do_not_repeat() {
        LinkCodes codes = new LinkCodes(12);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            String c = codes.next();
            assertThat(c).hasSize(12).matches("[0-9A-Za-z]{12}");
            seen.add(c);
        }
        assertThat(seen).hasSize(100_000);
    }

    @Test
    void malformed_codes_are_recognised_before_any_lookup() {
        assertThat(LinkCodes.wellFormed("Abc123xyz987")).isTrue();
        assertThat(LinkCodes.wellFormed("../../etc/pa")).isFalse();
        assertThat(LinkCodes.wellFormed("short")).isFalse();
        assertThat(LinkCodes.wellFormed("x".repeat(33))).isFalse();
        assertThat(LinkCodes.wellFormed(null)).isFalse();
        assertThatThrownBy(() -> new LinkCodes(4)).isInstanceOf(IllegalArgumentException.class);
    }
}
