package io.waitless.config;

import io.waitless.intent.Intent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigLoaderIntentsTest {

    @TempDir
    Path dir;

    private ConfigFiles files() {
        return new ConfigFiles(dir);
    }

    private static String withIntents(String intents) {
        return ConfigFiles.VALID + intents;
    }

    @Test
    void intents_are_read_with_threshold_flow_phrases_and_synonyms() {
        WaitlessConfig c = files().load(withIntents("""
                intents:
                  threshold: 0.6
                  items:
                    - id: billing
                      flow: pay-bill
                      phrases: ["pay my bill", "question about my invoice"]
                      synonyms: {bill: [invoice, statement], pay: paying}
                    - id: agent
                      phrases: ["talk to a person"]
                """)).config();

        assertThat(c.intents().threshold()).isEqualTo(0.6);
        assertThat(c.intents().items()).containsExactly(
                new Intent("billing", Optional.of("pay-bill"), List.of("pay my bill", "question about my invoice"),
                        Map.of("bill", List.of("invoice", "statement"), "pay", List.of("paying"))),
                new Intent("agent", Optional.empty(), List.of("talk to a person"), Map.of()));
    }

    @Test
    void without_an_intents_section_there_are_no_intents() {
        assertThat(files().load(ConfigFiles.VALID).config().intents().items()).isEmpty();
    }

    @Test
    void the_threshold_defaults_to_the_classifier_default() {
        WaitlessConfig c = files().load(withIntents("""
                intents:
                  items:
                    - {id: agent, phrases: [talk to a person]}
                """)).config();

        assertThat(c.intents().threshold()).isEqualTo(io.waitless.intent.IntentClassifier.DEFAULT_THRESHOLD);
    }

    @Test
    void an_intent_naming_an_unknown_flow_is_refused_at_its_line() {
        String yaml = withIntents("""
                intents:
                  items:
                    - id: billing
                      flow: paybill
                      phrases: [pay my bill]
                """);
        String message = files().assertRefused(yaml, "flow: paybill", "intents.items[0].flow",
                "names flow \"paybill\", which is not configured");
        assertThat(message).contains("pay-bill");
    }

    @Test
    void an_intent_with_empty_phrases_is_refused_at_its_line() {
        String yaml = withIntents("""
                intents:
                  items:
                    - id: billing
                      phrases: []
                """);
        files().assertRefused(yaml, "phrases: []", "intents.items[0].phrases", "is empty");
    }

    @Test
    void an_intent_without_phrases_is_refused() {
        String yaml = withIntents("""
                intents:
                  items:
                    - id: billing
                """);
        files().assertRefused(yaml, "- id: billing", "intents.items[0].phrases", "is missing");
    }

    @Test
    void a_threshold_outside_zero_to_one_is_refused_at_its_line() {
        String yaml = withIntents("""
                intents:
                  threshold: 1.5
                  items:
                    - {id: agent, phrases: [talk to a person]}
                """);
        files().assertRefused(yaml, "threshold: 1.5", "intents.threshold", "is outside 0..1");
    }

    @Test
    void a_repeated_intent_id_is_refused_naming_the_first() {
        String yaml = withIntents("""
                intents:
                  items:
                    - {id: agent, phrases: [talk to a person]}
                    - {id: agent, phrases: [an operator]}
                """);
        files().assertRefused(yaml, "phrases: [an operator]", "intents.items[1].id", "is given twice (first at line "
                + ConfigFiles.lineOf(yaml, "[talk to a person]") + ")");
    }

    @Test
    void an_unknown_key_in_an_intent_is_refused() {
        String yaml = withIntents("""
                intents:
                  items:
                    - {id: agent, phrases: [talk to a person], synonym: {talk: [speak]}}
                """);
        files().assertRefused(yaml, "synonym:", "intents.items[0].synonym", "unknown key");
    }
}
