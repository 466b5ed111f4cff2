package io.waitless.intent;

import io.waitless.intent.Evaluation.Example;
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

    private static final List<Example> EXAMPLES = List.of(
            new Example("the router lights are blinking red", "outage"),
            new Example("my modem keeps restarting", "outage"),
            new Example("can I speak with a human", "agent"),
            new Example("the payment did not go through", "billing"),
            new Example("what is the weather tomorrow", "unknown"),
            new Example("my car broke down on the highway", "unknown"),
            new Example("is the pizza place open", "unknown"),
            new Example("the kids are screaming", "unknown"));

    private final IntentClassifier classifier = new IntentClassifier(INTENTS, EXAMPLES, 0.45);

    @Test
    void a_phrase_as_configured_is_recognised_with_its_matched_example() {
        Classification c = classifier.classify("I want to pay my bill");

        assertThat(c.intent()).contains("billing");
        assertThat(c.matched()).isEqualTo("I want to pay my bill");
        assertThat(c.score()).isGreaterThan(0.6);
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
    void an_example_teaches_words_the_phrases_do_not_have() {
        assertThat(new IntentClassifier(INTENTS, 0.45).classify("the router is blinking").intent()).isEmpty();
        assertThat(classifier.classify("the router is blinking").intent()).contains("outage");
    }

    @Test
    void out_of_domain_examples_teach_it_to_say_unknown() {
        Classification c = classifier.classify("is the weather nice tomorrow");

        assertThat(c.intent()).isEmpty();
        assertThat(c.label()).isEqualTo("unknown");
    }

    @Test
    void speech_with_no_known_content_word_is_unknown_with_score_zero() {
        assertThat(classifier.classify("").score()).isZero();
        assertThat(classifier.classify("um I want the").intent()).isEmpty();
        assertThat(classifier.classify("um I want the").score()).isZero();
        assertThat(new IntentClassifier(INTENTS, 0.1).classify("what about the football").score()).isZero();
    }

    @Test
    void the_threshold_decides_between_an_intent_and_unknown() {
        Classification loose = new IntentClassifier(INTENTS, EXAMPLES, 0.1).classify("the tv");
        Classification strict = new IntentClassifier(INTENTS, EXAMPLES, 0.99).classify("the tv");

        assertThat(loose.intent()).contains("outage");
        assertThat(strict.intent()).isEmpty();
        assertThat(strict.score()).isEqualTo(loose.score());
    }

    @Test
    void training_is_deterministic() {
        IntentClassifier again = new IntentClassifier(INTENTS, EXAMPLES, 0.45);

        for (String t : List.of("my bill for the internet", "the router", "a person please", "the kids")) {
            assertThat(again.scores(t)).isEqualTo(classifier.scores(t));
        }
    }

    @Test
    void an_example_of_an_intent_not_configured_is_refused() {
        assertThatThrownBy(() -> new IntentClassifier(INTENTS, List.of(new Example("I am moving", "moving")), 0.45))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("moving");
    }

    @Test
    void scores_list_every_class_best_first() {
        List<String> s = classifier.scores("my internet is not working");

        assertThat(s).hasSize(4);
        assertThat(s.get(0)).startsWith("outage=");
        assertThat(s).anyMatch(x -> x.startsWith("unknown="));
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
