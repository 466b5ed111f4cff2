package io.waitless.followup;

import io.waitless.followup.ReplyParser.Reading;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Survey replies as people write them. */
class ReplyParserTest {
    private final ReplyParser oneToSeven = new ReplyParser(1, 7);

    @Test
    void a_digit_with_or_without_spaces_is_a_score() {
        assertThat(oneToSeven.read("5")).isEqualTo(new Reading.Score(5));
        assertThat(oneToSeven.read(" 5 ")).isEqualTo(new Reading.Score(5));
        assertThat(oneToSeven.read("5!")).isEqualTo(new Reading.Score(5));
        assertThat(oneToSeven.read("6 thanks")).isEqualTo(new Reading.Score(6));
    }

    @Test
    void number_words_and_other_scripts_digits_are_scores() {
        assertThat(oneToSeven.read("five")).isEqualTo(new Reading.Score(5));
        assertThat(oneToSeven.read("Five.")).isEqualTo(new Reading.Score(5));
        assertThat(oneToSeven.read("٥")).as("Arabic-Indic five").isEqualTo(new Reading.Score(5));
        assertThat(oneToSeven.read("۳")).as("Extended Arabic-Indic three").isEqualTo(new Reading.Score(3));
        assertThat(oneToSeven.read("５")).as("full-width five").isEqualTo(new Reading.Score(5));
        assertThat(oneToSeven.read("5\uFE0F\u20E3")).as("keycap emoji five").isEqualTo(new Reading.Score(5));
        assertThat(oneToSeven.read("שבע")).isEqualTo(new Reading.Score(7));
    }

    @Test
    void a_score_out_of_the_scale_is_out_of_range() {
        assertThat(oneToSeven.read("10")).isEqualTo(new Reading.OutOfRange(10));
        assertThat(oneToSeven.read("0")).isEqualTo(new Reading.OutOfRange(0));
        assertThat(new ReplyParser(0, 10).read("10")).isEqualTo(new Reading.Score(10));
    }

    @Test
    void an_emoji_a_word_or_two_numbers_are_unreadable() {
        assertThat(oneToSeven.read("👍")).isEqualTo(new Reading.Unreadable());
        assertThat(oneToSeven.read("great")).isEqualTo(new Reading.Unreadable());
        assertThat(oneToSeven.read("")).isEqualTo(new Reading.Unreadable());
        assertThat(oneToSeven.read(null)).isEqualTo(new Reading.Unreadable());
        assertThat(oneToSeven.read("3 or 4")).isEqualTo(new Reading.Unreadable());
        assertThat(oneToSeven.read("99999999999")).isEqualTo(new Reading.OutOfRange(Integer.MAX_VALUE));
    }

    @Test
    void a_score_out_of_the_scales_top_reads_as_the_score() {
        assertThat(oneToSeven.read("5/7")).isEqualTo(new Reading.Score(5));
        assertThat(oneToSeven.read("5 7")).isEqualTo(new Reading.Unreadable());
    }
}
