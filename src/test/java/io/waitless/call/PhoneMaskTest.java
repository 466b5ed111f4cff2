package io.waitless.call;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PhoneMaskTest {

    @Test
    void israeli_mobile_keeps_country_code_two_national_digits_and_last_four() {
        assertThat(PhoneMask.mask("+972501234567")).isEqualTo("+97250•••4567");
    }

    @Test
    void one_digit_country_codes_are_recognised() {
        assertThat(PhoneMask.mask("+14155552671")).isEqualTo("+141••••2671");
        assertThat(PhoneMask.mask("+79161234567")).isEqualTo("+791••••4567");
    }

    @Test
    void two_digit_country_codes_are_recognised() {
        assertThat(PhoneMask.mask("+447911123456")).isEqualTo("+4479••••3456");
        assertThat(PhoneMask.mask("+4915112345678")).isEqualTo("+4915•••••5678");
    }

    @Test
    void three_digit_codes_in_mixed_zones_are_recognised() {
        assertThat(PhoneMask.countryCodeLength("420601123456")).isEqualTo(3);
        assertThat(PhoneMask.countryCodeLength("351912345678")).isEqualTo(3);
        assertThat(PhoneMask.countryCodeLength("380501234567")).isEqualTo(3);
        assertThat(PhoneMask.countryCodeLength("2348031234567")).isEqualTo(3);
        assertThat(PhoneMask.countryCodeLength("972501234567")).isEqualTo(3);
        assertThat(PhoneMask.countryCodeLength("61412345678")).isEqualTo(2);
        assertThat(PhoneMask.countryCodeLength("5511912345678")).isEqualTo(2);
        assertThat(PhoneMask.countryCodeLength("861391234567")).isEqualTo(2);
    }

    @Test
    void short_numbers_hide_all_but_the_last_two_digits() {
        assertThat(PhoneMask.mask("+3561234")).isEqualTo("+•••••34");
        assertThat(PhoneMask.mask("+12")).isEqualTo("+12");
        assertThat(PhoneMask.mask("+1")).isEqualTo("+1");
    }

    @Test
    void anything_that_is_not_e164_is_masked_and_never_throws() {
        assertThat(PhoneMask.mask("0501234567")).isEqualTo("••••••••67");
        assertThat(PhoneMask.mask("anonymous")).isEqualTo("•••••••us");
        assertThat(PhoneMask.mask("")).isEmpty();
        assertThat(PhoneMask.mask(null)).isEqualTo("(none)");
    }

    @Test
    void one_bullet_stands_for_each_hidden_digit() {
        String masked = PhoneMask.mask("+972501234567");
        assertThat(masked).hasSameSizeAs("+972501234567");
        assertThat(masked.chars().filter(c -> c == PhoneMask.BULLET).count()).isEqualTo(3);
    }
}
