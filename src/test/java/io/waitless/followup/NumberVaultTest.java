package io.waitless.followup;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Numbers kept for a later text are sealed with AES-GCM, bound to their item. */
class NumberVaultTest {
    private final NumberVault vault = new NumberVault("a-follow-up-encryption-key-for-tests-0123456");

    @Test
    void a_sealed_number_opens_with_the_same_key_for_the_same_item_only() {
        String sealed = vault.seal("+972501234567", "survey:d1");

        assertThat(sealed).startsWith("v1:").doesNotContain("501234567");
        assertThat(vault.open(sealed, "survey:d1")).contains("+972501234567");
        assertThat(vault.open(sealed, "survey:d2")).as("copied onto another item").isEmpty();
        assertThat(new NumberVault("another-key-of-enough-length-0123456789").open(sealed, "survey:d1")).isEmpty();
    }

    @Test
    void each_seal_differs_and_a_damaged_one_does_not_open() {
        String a = vault.seal("+972501234567", "x");
        assertThat(vault.seal("+972501234567", "x")).isNotEqualTo(a);
        int at = 3 + 20; // inside the ciphertext, well clear of base64 padding bits
        String flipped = a.substring(0, at) + (a.charAt(at) == 'A' ? 'B' : 'A') + a.substring(at + 1);
        assertThat(vault.open(flipped, "x")).isEmpty();
        assertThat(vault.open("v1:!!", "x")).isEmpty();
        assertThat(vault.open(null, "x")).isEmpty();
    }
}
