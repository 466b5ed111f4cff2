package io.waitless.speech;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The JSON spoken with libvosk: grammars out, results in (strings as libvosk 0.3.45 prints them). */
class VoskJsonTest {

    @Test
    void grammar_is_lower_cased_phrases_then_unk() {
        assertThat(VoskJson.grammar(List.of("My Internet is down", "no thanks")))
                .isEqualTo("[\"my internet is down\",\"no thanks\",\"[unk]\"]");
    }

    @Test
    void grammar_keeps_apostrophes_literal_and_escapes_quotes_and_backslashes() {
        String json = VoskJson.grammar(List.of("I don't know", "say \"yes\"", "back\\slash"));
        assertThat(json).contains("\"i don't know\"").contains("\"say \\\"yes\\\"\"").contains("\"back\\\\slash\"");
        assertThat(JsonParser.parseString(json).getAsJsonArray().asList())
                .extracting(e -> e.getAsString())
                .containsExactly("i don't know", "say \"yes\"", "back\\slash", "[unk]");
    }

    @Test
    void grammar_drops_duplicates_blanks_and_extra_spaces_keeping_first_order() {
        assertThat(VoskJson.grammar(List.of("No  thanks", " yes ", "no thanks", "YES", "", "  ", "[unk]")))
                .isEqualTo("[\"no thanks\",\"yes\",\"[unk]\"]");
    }

    @Test
    void grammar_without_a_usable_phrase_is_refused() {
        assertThatThrownBy(() -> VoskJson.grammar(List.of(" ", "")))
                .isInstanceOf(SpeechException.class).hasMessageContaining("no usable phrase");
    }

    @Test
    void a_result_with_words_gives_text_and_mean_confidence() {
        VoskJson.Result r = VoskJson.parse("""
                {
                  "result" : [{
                      "conf" : 0.980000,
                      "end" : 1.200000,
                      "start" : 0.500000,
                      "word" : "internet"
                    }, {
                      "conf" : 0.600000,
                      "end" : 1.500000,
                      "start" : 1.200000,
                      "word" : "down"
                    }],
                  "text" : "internet down"
                }""");
        assertThat(r.text()).isEqualTo("internet down");
        assertThat(r.words()).containsExactly(new VoskJson.Word("internet", 0.98), new VoskJson.Word("down", 0.6));
        assertThat(r.confidence()).isCloseTo(0.79, within(1e-9));
        assertThat(r.unknownWords()).isZero();
    }

    @Test
    void the_compact_form_parses_the_same() {
        VoskJson.Result r = VoskJson.parse("{\"result\":[{\"conf\":0.98,\"end\":1.2,\"start\":0.5,\"word\":\"internet\"}],\"text\":\"internet\"}");
        assertThat(r.text()).isEqualTo("internet");
        assertThat(r.confidence()).isCloseTo(0.98, within(1e-9));
    }

    @Test
    void unk_is_dropped_from_text_and_counts_as_zero_confidence() {
        VoskJson.Result r = VoskJson.parse("""
                {"result":[{"conf":1.0,"end":0.9,"start":0.3,"word":"[unk]"},
                           {"conf":0.9,"end":1.4,"start":0.9,"word":"no"},
                           {"conf":0.7,"end":1.8,"start":1.4,"word":"thanks"}],
                 "text":"[unk] no thanks"}""");
        assertThat(r.text()).isEqualTo("no thanks");
        assertThat(r.unknownWords()).isEqualTo(1);
        assertThat(r.words()).hasSize(3);
        assertThat(r.confidence()).isCloseTo(1.6 / 3, within(1e-9));
    }

    @Test
    void only_unk_gives_empty_text_and_zero_confidence() {
        VoskJson.Result r = VoskJson.parse("{\"result\":[{\"conf\":1.0,\"end\":0.9,\"start\":0.3,\"word\":\"[unk]\"}],\"text\":\"[unk]\"}");
        assertThat(r.text()).isEmpty();
        assertThat(r.confidence()).isZero();
    }

    @Test
    void an_empty_final_result_has_no_words() {
        VoskJson.Result r = VoskJson.parse("{\n  \"text\" : \"\"\n}");
        assertThat(r.text()).isEmpty();
        assertThat(r.words()).isEmpty();
        assertThat(r.confidence()).isZero();
    }

    @Test
    void a_partial_result_gives_its_text_without_words() {
        VoskJson.Result r = VoskJson.parse("{\n  \"partial\" : \"my inter [unk]\"\n}");
        assertThat(r.text()).isEqualTo("my inter");
        assertThat(r.words()).isEmpty();
    }

    @Test
    void garbage_is_a_speech_exception_quoting_it() {
        assertThatThrownBy(() -> VoskJson.parse("not json"))
                .isInstanceOf(SpeechException.class).hasMessageContaining("not json");
        assertThatThrownBy(() -> VoskJson.parse("{\"result\":[{\"word\":\"x\"}],\"text\":\"x\"}"))
                .isInstanceOf(SpeechException.class);
    }
}
