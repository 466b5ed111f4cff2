package io.waitless.intent;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IntentClassifierTest {

    private static final List<Intent> INTENTS = List.of(
            new Intent("billing", Optional.of("pay-bill"),
                    List.of("I want to pay my bill", "question about my bill", "I was charged twice"),
                    Map.of("bill", List.of("invoice", "statement"))),
            new Intent("outage", Optional.of("check-outage"),
                    List.of("my internet keeps dropping", "my internet is not working", "no signal on the tv"),
                    Map.of("dropping", List.of("disconnecting"))),
            new Intent("agent", Optional.empty(), List.of("talk to a person", "speak to an agent"), Map.of()));

    private final IntentClassifier classifier = new IntentClassifier(INTENTS, 0.45);

    @Test
    void a_phrase_as_configured_is_recognised_with_its_matched_phrase() {
        Classification c = classifier.classify("I want to pay my bill");

        assertThat(c.intent()).contains("billing");
        assertThat(c.matched()).isEqualTo("I want to pay my bill");
        assertThat(c.score()).isGreaterThan(0.8);
    }

    @Test
    void a_misheard_ending_still_matches_by_jaro_winkler() {
        assertThat(classifier.classify("my internet keeps dropin").intent()).contains("outage");
    }

    @Test
    void a_cut_off_word_still_matches() {
        assertThat(classifier.classify("bil").intent()).contains("billing");
    }

    @Test
    void a_word_that_sounds_alike_matches_by_double_metaphone() {
        assertThat(Words.similarity(Words.Word.of("fone"), Words.Word.of("phone"))).isGreaterThanOrEqualTo(0.85);
        assertThat(classifier.classify("my internet is not werking").intent()).contains("outage");
    }

    @Test
    void a_synonym_counts_as_the_word_it_stands_for() {
        assertThat(classifier.classify("a question about my invoice").intent()).contains("billing");
    }

    @Test
    void punctuation_numbers_and_case_are_ignored() {
        assertThat(classifier.classify("MY BILL!!! 2 times?").intent()).contains("billing");
    }

    @Test
    void out_of_domain_speech_is_unknown_never_a_guess() {
        Classification c = classifier.classify("what is the weather tomorrow");

        assertThat(c.intent()).isEmpty();
        assertThat(c.label()).isEqualTo("unknown");
        assertThat(c.score()).isLessThan(0.45);
    }

    @Test
    void blank_or_only_stop_words_are_unknown_with_score_zero() {
        assertThat(classifier.classify("").score()).isZero();
        assertThat(classifier.classify("um I want the").intent()).isEmpty();
    }

    @Test
    void the_threshold_decides_between_an_intent_and_unknown() {
        Classification loose = new IntentClassifier(INTENTS, 0.1).classify("the tv");
        Classification strict = new IntentClassifier(INTENTS, 0.99).classify("the tv");

        assertThat(loose.intent()).contains("outage");
        assertThat(strict.intent()).isEmpty();
        assertThat(strict.score()).isEqualTo(loose.score());
    }

    @Test
    void a_word_specific_to_one_intent_outweighs_a_shared_word() {
        assertThat(classifier.classify("my bill for the internet").intent()).contains("billing");
    }

    @Test
    void the_flow_of_an_intent_is_given_and_empty_for_an_intent_without_one() {
        assertThat(classifier.flowOf("billing")).contains("pay-bill");
        assertThat(classifier.flowOf("agent")).isEmpty();
    }

    @Test
    void a_threshold_outside_zero_to_one_is_refused() {
        assertThatThrownBy(() -> new IntentClassifier(INTENTS, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stems_fold_plurals_and_verb_endings() {
        assertThat(Words.stem("bills")).isEqualTo("bill");
        assertThat(Words.stem("dropping")).isEqualTo("drop");
        assertThat(Words.stem("moving")).isEqualTo("move");
    }
}
