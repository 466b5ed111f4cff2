package io.waitless.speech;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpeechPhraseGrammarTest {

    private static final Set<String> DICTIONARY = Set.of("my", "internet", "is", "down", "no", "thanks", "i'm", "moving");

    @Test
    void words_are_lower_cased_punctuation_removed_and_unknown_words_dropped() {
        PhraseGrammar g = PhraseGrammar.of(List.of("My Internet is DOWN!", "No, thanks.", "I'm moving, Xfinityy"), DICTIONARY);

        assertThat(g.phrases()).containsExactly("my internet is down", "no thanks", "i'm moving");
        assertThat(g.dropped()).containsExactly("xfinityy");
        assertThat(g.jsgf("phrases0")).isEqualTo("#JSGF V1.0;\n\ngrammar phrases0;\n\n"
                + "public <phrase> = ( my internet is down | no thanks | i'm moving );\n");
    }

    @Test
    void a_phrase_set_without_any_known_word_is_refused() {
        assertThatThrownBy(() -> PhraseGrammar.of(List.of("zzyzx qwv"), DICTIONARY))
                .isInstanceOf(SpeechException.class).hasMessageContaining("zzyzx qwv");
    }

    @Test
    void the_bundled_cmu_dictionary_knows_the_words_callers_use() {
        Set<String> words = PhraseGrammar.dictionaryWords("/edu/cmu/sphinx/models/en-us/cmudict-en-us.dict");
        assertThat(words).hasSizeGreaterThan(100_000).contains("internet", "apartment", "bill", "thanks", "read");
    }
}
