package io.waitless.call;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogTextTest {

    @Test
    void control_and_undecodable_characters_become_question_marks_and_long_text_is_cut_at_the_given_length() {
        assertThat(LogText.printable("/l/abc\r\n12:00:00 WARN forged", 200)).isEqualTo("/l/abc??12:00:00 WARN forged");
        assertThat(LogText.printable("a\u0085b\uFFFDc\uD83D", 200)).isEqualTo("a?b?c?");
        assertThat(LogText.printable("x".repeat(300), 200)).hasSize(201).endsWith("…");
        assertThat(LogText.printable("x".repeat(200), 200)).isEqualTo("x".repeat(200));
        assertThat(LogText.printable(null, 10)).isEmpty();
    }
}
