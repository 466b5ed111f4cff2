package io.waitless.deflect;

import io.waitless.deflect.SmsKeywords.Meaning;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SmsKeywordsTest {
    private final SmsKeywords k = new SmsKeywords(SmsKeywords.DEFAULT_OPT_OUT, SmsKeywords.DEFAULT_OPT_IN);

    @Test
    void a_whole_body_keyword_in_any_case_with_punctuation_and_spaces_is_an_opt_out() {
        assertThat(k.meaning("STOP")).isEqualTo(Meaning.OPT_OUT);
        assertThat(k.meaning("  stop. ")).isEqualTo(Meaning.OPT_OUT);
        assertThat(k.meaning("Unsubscribe!")).isEqualTo(Meaning.OPT_OUT);
        assertThat(k.meaning("הסר")).isEqualTo(Meaning.OPT_OUT);
        assertThat(k.meaning("הסרה.")).isEqualTo(Meaning.OPT_OUT);
        assertThat(k.meaning("start")).isEqualTo(Meaning.OPT_IN);
        assertThat(k.meaning("UNSTOP")).isEqualTo(Meaning.OPT_IN);
    }

    @Test
    void a_keyword_inside_a_longer_text_is_not_an_opt_out_but_is_flagged() {
        assertThat(k.meaning("please stop texting me")).isEqualTo(Meaning.NONE);
        assertThat(k.mentionsOptOut("please stop texting me")).isTrue();
        assertThat(k.meaning("thanks")).isEqualTo(Meaning.NONE);
        assertThat(k.mentionsOptOut("thanks")).isFalse();
        assertThat(k.meaning("")).isEqualTo(Meaning.NONE);
        assertThat(k.meaning(null)).isEqualTo(Meaning.NONE);
        assertThat(k.meaning("?!")).isEqualTo(Meaning.NONE);
    }

    @Test
    void configured_keywords_are_normalised_the_same_way() {
        SmsKeywords custom = new SmsKeywords(java.util.List.of("Stop All"), java.util.List.of("yes"));

        assertThat(custom.meaning("STOP  ALL")).isEqualTo(Meaning.OPT_OUT);
        assertThat(custom.meaning("Yes!")).isEqualTo(Meaning.OPT_IN);
        assertThat(custom.meaning("STOP")).isEqualTo(Meaning.NONE);
    }
}
