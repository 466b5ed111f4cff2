package io.waitless.phone;

import io.waitless.call.CallInfo;
import io.waitless.config.WaitlessConfig;
import io.waitless.deflect.CallerVerdict;
import io.waitless.deflect.CallerVerdict.Reason;
import io.waitless.deflect.QueueSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PhoneNumberPolicyTest {
    static final String KEY = "a-long-enough-test-reference-key-123";
    static final List<String> ALLOWED = List.of("IL", "GB", "US", "GG", "DE", "PT");

    final PhoneNumberPolicy policy = new PhoneNumberPolicy(new WaitlessConfig.Callers("IL", ALLOWED, false, KEY));

    static CallerVerdict check(PhoneNumberPolicy p, String callerId, int pres, String queue) {
        return p.check(new CallInfo("1.1", "Local/x", callerId, pres, "en"), queue);
    }

    CallerVerdict check(String callerId, int pres) {
        return check(policy, callerId, pres, "support");
    }

    static Reason reason(CallerVerdict v) {
        assertThat(v).isInstanceOf(CallerVerdict.NotTextable.class);
        return ((CallerVerdict.NotTextable) v).reason();
    }

    @Test
    void an_israeli_mobile_number_in_any_form_is_textable_as_e164() {
        for (String form : List.of("+972502345678", "0502345678", "972502345678", "050-234-5678", "(050) 234 5678")) {
            assertThat(check(form, 0)).isInstanceOfSatisfying(CallerVerdict.Textable.class, t -> {
                assertThat(t.e164()).isEqualTo("+972502345678");
                assertThat(t.masked()).isEqualTo("+97250•••5678");
                assertThat(t.region()).isEqualTo("IL");
            });
        }
        assertThat(check("0548765432", 0)).isInstanceOf(CallerVerdict.Textable.class);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "''                 | NO_CALLER_ID",
            "unknown            | NO_CALLER_ID",
            "anonymous          | WITHHELD",
            "Restricted         | WITHHELD",
            "withheld           | WITHHELD",
            "+                  | MALFORMED",
            "*3456              | MALFORMED",
            "050#2345678        | MALFORMED",
            "1234567890123456789012345678901234567890 | TOO_LONG",
            "+9725023456789999999999 | TOO_LONG",
            "hello              | LETTERS",
            "0502345678a        | LETTERS",
            "1-800-FLOWERS      | LETTERS",
            "12                 | INVALID",
            "+972501234567      | INVALID",
            "+97250234          | INVALID",
            "+9990123456        | INVALID",
            "100                | SHORT_CODE",
            "101                | SHORT_CODE",
            "+97236123456       | LANDLINE",
            "021234567          | LANDLINE",
            "041234567          | LANDLINE",
            "081234567          | LANDLINE",
            "091234567          | LANDLINE",
            "1800123456         | TOLL_FREE",
            "1700123456         | SHARED_COST",
            "1900123456         | PREMIUM_RATE",
            "0771234567         | VOIP",
            "+972733123456      | VOIP",
            "+449098790000      | PREMIUM_RATE",
            "+448431234567      | PREMIUM_RATE",
            "+448001234567      | TOLL_FREE",
            "+442079460000      | LANDLINE",
            "+445512345678      | UAN",
            "+447640123456      | PAGER",
            "+447011234567      | PERSONAL_NUMBER",
            "+351600110000      | VOICEMAIL",
            "+12015550123       | NOT_MOBILE",
            "+18005550123       | TOLL_FREE",
            "+19005550123       | PREMIUM_RATE",
            "+33612345678       | COUNTRY_NOT_ALLOWED",
            "+16135550123       | COUNTRY_NOT_ALLOWED",
    })
    void numbers_that_must_never_get_a_text_are_refused_with_their_own_reason(String callerId, Reason reason) {
        assertThat(reason(check(callerId, 0))).isEqualTo(reason);
    }

    @Test
    void mobiles_of_other_allowed_countries_are_textable_with_their_region() {
        assertThat(check("+447911123456", 0)).isInstanceOfSatisfying(CallerVerdict.Textable.class,
                t -> assertThat(t.region()).isEqualTo("GG"));
        assertThat(check("+4915112345678", 0)).isInstanceOfSatisfying(CallerVerdict.Textable.class,
                t -> assertThat(t.region()).isEqualTo("DE"));
    }

    @Test
    void a_valid_mobile_with_presentation_restricted_is_withheld() {
        assertThat(reason(check("+972502345678", 32))).isEqualTo(Reason.WITHHELD);
        assertThat(reason(check("+972502345678", 64))).isEqualTo(Reason.WITHHELD);
    }

    @Test
    void us_fixed_or_mobile_numbers_are_textable_only_when_configured() {
        PhoneNumberPolicy us = new PhoneNumberPolicy(new WaitlessConfig.Callers("US", List.of("US"), true, KEY));
        assertThat(check(us, "(201) 555-0123", 0, "q")).isInstanceOfSatisfying(CallerVerdict.Textable.class,
                t -> assertThat(t.e164()).isEqualTo("+12015550123"));
        assertThat(reason(check(us, "+18005550123", 0, "q"))).isEqualTo(Reason.TOLL_FREE);
    }

    @Test
    void voip_numbers_are_textable_only_when_configured() {
        PhoneNumberPolicy voip = new PhoneNumberPolicy(
                new WaitlessConfig.Callers("IL", List.of("IL"), false, true, Optional.empty(), KEY));
        assertThat(check(voip, "0771234567", 0, "q")).isInstanceOf(CallerVerdict.Textable.class);
    }

    @Test
    void national_numbers_read_in_the_queues_region_and_are_refused_without_any_region() {
        WaitlessConfig.Callers noDefault = new WaitlessConfig.Callers("", List.of("IL", "GB"), false, KEY);
        PhoneNumberPolicy p = new PhoneNumberPolicy(noDefault,
                List.of(new QueueSettings("uk", "en", Duration.ofSeconds(60), Optional.of("GB")),
                        new QueueSettings("il", "en", Duration.ofSeconds(60), Optional.of("IL")),
                        new QueueSettings("anywhere", "en", Duration.ofSeconds(60))), LineTypes.NONE);
        assertThat(check(p, "0502345678", 0, "il")).isInstanceOf(CallerVerdict.Textable.class);
        assertThat(reason(check(p, "07911123456", 0, "il"))).isEqualTo(Reason.INVALID);
        assertThat(check(p, "07400123456", 0, "uk")).isInstanceOfSatisfying(CallerVerdict.Textable.class,
                t -> assertThat(t.e164()).isEqualTo("+447400123456"));
        assertThat(reason(check(p, "09098790000", 0, "uk"))).isEqualTo(Reason.PREMIUM_RATE);
        assertThat(reason(check(p, "0502345678", 0, "anywhere"))).isEqualTo(Reason.NO_REGION);
        assertThat(check(p, "+972502345678", 0, "anywhere")).isInstanceOf(CallerVerdict.Textable.class);
    }

    @Test
    void a_line_type_lookup_overrides_the_line_type_but_never_a_special_range() {
        List<String> asked = new ArrayList<>();
        LineTypes says = (e164, ref) -> {
            asked.add(e164);
            return Optional.of(e164.equals("+97236123456") ? LineTypes.LineType.MOBILE : LineTypes.LineType.LANDLINE);
        };
        PhoneNumberPolicy p = new PhoneNumberPolicy(new WaitlessConfig.Callers("IL", List.of("IL"), false, KEY),
                List.of(), says);
        assertThat(reason(check(p, "+972502345678", 0, "q"))).isEqualTo(Reason.LANDLINE);
        assertThat(check(p, "+97236123456", 0, "q")).isInstanceOf(CallerVerdict.Textable.class);
        assertThat(reason(check(p, "1900123456", 0, "q"))).isEqualTo(Reason.PREMIUM_RATE);
        assertThat(asked).containsExactly("+972502345678", "+97236123456");
    }

    @Test
    void an_unknown_lookup_answer_keeps_the_offline_answer() {
        PhoneNumberPolicy p = new PhoneNumberPolicy(new WaitlessConfig.Callers("IL", List.of("IL"), false, KEY),
                List.of(), (e, r) -> Optional.of(LineTypes.LineType.UNKNOWN));
        assertThat(check(p, "+972502345678", 0, "q")).isInstanceOf(CallerVerdict.Textable.class);
        assertThat(reason(check(p, "+97236123456", 0, "q"))).isEqualTo(Reason.LANDLINE);
    }

    @Test
    void normalize_gives_e164_for_any_valid_number_and_nothing_for_junk() {
        assertThat(policy.normalize("050-234-5678")).contains("+972502345678");
        assertThat(policy.normalize("03-612-3456")).contains("+97236123456");
        assertThat(policy.normalize("+972501234567")).isEmpty();
        assertThat(policy.normalize("hello")).isEmpty();
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
