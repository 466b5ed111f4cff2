package io.waitless.sms;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutboxJsonTest {

    private static String quoted(String s) {
        StringBuilder out = new StringBuilder();
        OutboxJson.appendString(out, s);
        return out.toString();
    }

    @Test
    void quotes_and_backslashes_are_escaped() {
        assertThat(quoted("say \"hi\" \\o/")).isEqualTo("\"say \\\"hi\\\" \\\\o/\"");
    }

    @Test
    void control_characters_use_short_escapes_where_json_has_them_and_u_escapes_otherwise() {
        assertThat(quoted("\n\r\t\b\f")).isEqualTo("\"\\n\\r\\t\\b\\f\"");
        assertThat(quoted("\u0000\u0001\u001b\u001f\u007f")).isEqualTo("\"\\u0000\\u0001\\u001b\\u001f\\u007f\"");
    }

    @Test
    void non_ascii_text_is_written_as_is() {
        assertThat(quoted("שלום € é 🙂")).isEqualTo("\"שלום € é 🙂\"");
    }

    @Test
    void line_separators_and_lone_surrogates_are_u_escaped() {
        assertThat(quoted("\u2028\u2029")).isEqualTo("\"\\u2028\\u2029\"");
        assertThat(quoted("a\ud83d")).isEqualTo("\"a\\ud83d\"");
        assertThat(quoted("\ude42b")).isEqualTo("\"\\ude42b\"");
    }

    @Test
    void what_is_written_parses_back_to_the_same_string() {
        String s = "\"\\/\n\r\t\b\f\u0000\u001f\u007f\u2028 שלום 🙂 \ud800";
        assertThat(OutboxJson.parseObject("{\"k\":" + quoted(s) + "}")).containsEntry("k", s);
    }

    @Test
    void the_parser_reads_escaped_solidus_unicode_escapes_numbers_and_spacing() {
        Map<String, Object> m = OutboxJson.parseObject(" { \"a\" : \"x\\/y \\u05e9\\ud83d\\ude42\" , \"n\" : -12 } ");
        assertThat(m).containsEntry("a", "x/y ש🙂").containsEntry("n", -12L);
        assertThat(OutboxJson.parseObject("{}")).isEmpty();
    }

    @Test
    void malformed_lines_are_refused_with_the_column() {
        assertThatThrownBy(() -> OutboxJson.parseObject("{\"a\":\"unterminated"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column");
        assertThatThrownBy(() -> OutboxJson.parseObject("{\"a\":\"raw\nnewline\"}"))
                .hasMessageContaining("control character");
        assertThatThrownBy(() -> OutboxJson.parseObject("{\"a\":\"\\x\"}")).hasMessageContaining("escape");
        assertThatThrownBy(() -> OutboxJson.parseObject("{\"a\":\"\\u12\"}")).hasMessageContaining("escape");
        assertThatThrownBy(() -> OutboxJson.parseObject("{\"a\":true}")).hasMessageContaining("integer");
        assertThatThrownBy(() -> OutboxJson.parseObject("{\"a\":1} x")).hasMessageContaining("trailing");
        assertThatThrownBy(() -> OutboxJson.parseObject("[1]")).hasMessageContaining("'{'");
    }
}
