package io.waitless.phone;

import io.waitless.call.CallInfo;
import io.waitless.config.WaitlessConfig;
import io.waitless.deflect.CallerVerdict;
import io.waitless.deflect.CallerVerdict.Reason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PhoneNumberPolicyTest {
    final PhoneNumberPolicy policy = new PhoneNumberPolicy(
            new WaitlessConfig.Callers("IL", List.of("IL"), false, "a-long-enough-test-reference-key-123"));

    CallerVerdict check(String callerId, int pres) {
        return policy.check(new CallInfo("1.1", "Local/x", callerId, pres, "en"));
    }

    @Test
    void an_israeli_mobile_number_in_any_form_is_textable_as_e164() {
        for (String form : List.of("+972502345678", "0502345678", "972502345678", "050-234-5678")) {
            assertThat(check(form, 0)).isInstanceOfSatisfying(CallerVerdict.Textable.class, t -> {
                assertThat(t.e164()).isEqualTo("+972502345678");
                assertThat(t.masked()).isEqualTo("+97250•••5678");
            });
        }
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "''              | NO_CALLER_ID",
            "unknown         | NO_CALLER_ID",
            "anonymous       | WITHHELD",
            "Restricted      | WITHHELD",
            "+97236123456    | NOT_MOBILE",
            "*3456           | MALFORMED",
            "12              | MALFORMED",
            "+972501234567   | MALFORMED",
            "hello           | MALFORMED",
            "+447911123456   | COUNTRY_NOT_ALLOWED",
    })
    void numbers_that_must_never_get_a_text_are_refused_with_a_reason(String callerId, Reason reason) {
        assertThat(check(callerId, 0)).isInstanceOfSatisfying(CallerVerdict.NotTextable.class,
                n -> assertThat(n.reason()).isEqualTo(reason));
    }

    @Test
    void a_valid_mobile_with_presentation_restricted_is_withheld() {
        assertThat(check("+972502345678", 32)).isInstanceOfSatisfying(CallerVerdict.NotTextable.class,
                n -> assertThat(n.reason()).isEqualTo(Reason.WITHHELD));
    }

    @Test
    void the_caller_reference_is_a_keyed_hash_stable_per_number_and_never_the_number() {
        String a = check("+972502345678", 0).reference();
        assertThat(a).hasSize(32).isEqualTo(check("0502345678", 0).reference()).doesNotContain("502345678");
        PhoneNumberPolicy otherKey = new PhoneNumberPolicy(
                new WaitlessConfig.Callers("IL", List.of("IL"), false, "another-key-another-key-another-key"));
        assertThat(otherKey.reference("+972502345678")).isNotEqualTo(a);
    }

    @Test
    void a_gateways_sender_number_in_any_usual_form_gives_the_e164_number_and_garbage_gives_none() {
        for (String form : List.of("+972502345678", "972502345678", "0502345678", " +972502345671 ".strip())) {
            assertThat(policy.e164(form)).as(form).isPresent();
        }
        assertThat(policy.e164("972502345678")).contains("+972502345678");
        assertThat(policy.e164("0502345678")).contains("+972502345678");
        assertThat(policy.e164("+972502340001")).contains("+972502340001");
        assertThat(policy.e164("GalilCable")).isEmpty();
        assertThat(policy.e164("")).isEmpty();
        assertThat(policy.e164(null)).isEmpty();
    }
}
