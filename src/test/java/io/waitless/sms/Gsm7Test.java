package io.waitless.sms;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Gsm7Test {

    private static final String LINK = "Galil Cable: finish your request here https://go.example.com/l/Ab3dE9xQ";

    @Test
    void plain_english_with_a_link_is_gsm7_and_one_segment() {
        assertThat(Gsm7.isEncodable(LINK)).isTrue();
        assertThat(Gsm7.segments(LINK)).isEqualTo(1);
    }

    @Test
    void accented_latin_letters_of_the_basic_set_are_gsm7() {
        assertThat(Gsm7.isEncodable("Café à Genève: Ñandu, Øre, Ä§ ¿¡ £$¥ ΔΦΓΛΩΠΨΣΘΞ @_")).isTrue();
    }

    @Test
    void extension_table_characters_are_gsm7_but_count_double() {
        assertThat(Gsm7.isEncodable("{[~]}|^\\€\f")).isTrue();
        assertThat(Gsm7.segments("€".repeat(80))).isEqualTo(1);
        assertThat(Gsm7.segments("€".repeat(81))).isEqualTo(2);
    }

    @Test
    void characters_outside_the_alphabet_make_the_text_ucs2() {
        assertThat(Gsm7.isEncodable("שלום")).isFalse();
        assertThat(Gsm7.isEncodable("ç")).isFalse(); // only capital Ç is in the basic set
        assertThat(Gsm7.isEncodable("ú")).isFalse(); // nor are all accented letters
        assertThat(Gsm7.isEncodable("`")).isFalse();
        assertThat(Gsm7.isEncodable("smile 🙂")).isFalse();
    }

    @Test
    void gsm7_takes_160_in_one_segment_and_153_per_part_after_that() {
        assertThat(Gsm7.segments("a".repeat(160))).isEqualTo(1);
        assertThat(Gsm7.segments("a".repeat(161))).isEqualTo(2);
        assertThat(Gsm7.segments("a".repeat(306))).isEqualTo(2);
        assertThat(Gsm7.segments("a".repeat(307))).isEqualTo(3);
    }

    @Test
    void an_escape_sequence_is_never_split_across_parts() {
        // 152 septets then a two-septet € : it does not fit in part one's last septet, so part two starts
        assertThat(Gsm7.segments("a".repeat(152) + "€" + "a".repeat(151))).isEqualTo(2);
        assertThat(Gsm7.segments("a".repeat(152) + "€" + "a".repeat(152))).isEqualTo(3);
    }

    @Test
    void ucs2_takes_70_in_one_segment_and_67_per_part_after_that() {
        assertThat(Gsm7.segments("ש".repeat(70))).isEqualTo(1);
        assertThat(Gsm7.segments("ש".repeat(71))).isEqualTo(2);
        assertThat(Gsm7.segments("ש".repeat(134))).isEqualTo(2);
        assertThat(Gsm7.segments("ש".repeat(135))).isEqualTo(3);
    }

    @Test
    void a_surrogate_pair_is_never_split_across_parts() {
        assertThat(Gsm7.segments("🙂".repeat(35))).isEqualTo(1);
        // 66 units then an emoji (2 units): part one has one unit left, so the emoji opens part two
        assertThat(Gsm7.segments("ש".repeat(66) + "🙂" + "ש".repeat(65))).isEqualTo(2);
        assertThat(Gsm7.segments("ש".repeat(66) + "🙂" + "ש".repeat(66))).isEqualTo(3);
    }

    @Test
    void one_hebrew_letter_turns_a_one_segment_gsm7_text_into_two_ucs2_segments() {
        String text = "a".repeat(100);
        assertThat(Gsm7.segments(text)).isEqualTo(1);
        assertThat(Gsm7.segments(text + "ש")).isEqualTo(2);
    }

    @Test
    void an_empty_text_still_takes_one_segment() {
        assertThat(Gsm7.isEncodable("")).isTrue();
        assertThat(Gsm7.segments("")).isEqualTo(1);
    }

    @Test
    void septets_follow_the_gsm_03_38_code_table_and_round_trip() {
        assertThat(Gsm7.toSeptets("@A")).containsExactly(0x00, 0x41);
        assertThat(Gsm7.toSeptets("ÆÉà")).containsExactly(0x1C, 0x1F, 0x7F);
        assertThat(Gsm7.toSeptets("€{")).containsExactly(0x1B, 0x65, 0x1B, 0x28);
        String all = "Hello @£$¥ ÆæßÉ ¡¿ äöñüà ^{}\\[~]|€ 123";
        assertThat(Gsm7.fromSeptets(Gsm7.toSeptets(all))).isEqualTo(all);
    }

    @Test
    void a_character_outside_gsm7_cannot_become_septets() {
        assertThatThrownBy(() -> Gsm7.toSeptets("שלום")).isInstanceOf(IllegalArgumentException.class);
    }
}
