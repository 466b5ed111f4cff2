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

    @Test
    void an_examples_file_is_read_and_feeds_the_classifier_and_the_recognizer() throws Exception {
        Path csv = dir.resolve("examples.csv");
        java.nio.file.Files.writeString(csv, "text,intent\nthe router lights are red,outage\nnice weather today,unknown\n");
        WaitlessConfig c = files().load(withIntents("""
                intents:
                  examples: %s
                  items:
                    - {id: outage, phrases: [my internet is down], synonyms: {internet: [wifi]}}
                """.formatted(csv))).config();

        assertThat(c.intents().examplesFile()).contains(csv);
        assertThat(c.intents().examples()).extracting(io.waitless.intent.Evaluation.Example::label)
                .containsExactly("outage", "unknown");
        assertThat(c.intents().vocabulary()).containsExactly("my internet is down", "internet", "wifi",
                "the router lights are red", "nice weather today");
        assertThat(c.intents().classifier().classify("the router lights").intent()).contains("outage");
    }

    @Test
    void an_example_naming_an_intent_not_configured_is_refused_with_its_file_line() throws Exception {
        Path csv = dir.resolve("examples.csv");
        java.nio.file.Files.writeString(csv, "text,intent\nthe router lights are red,outage\nI am moving,moveing\n");
        String yaml = withIntents("""
                intents:
                  examples: %s
                  items:
                    - {id: outage, phrases: [my internet is down]}
                    - {id: moving, phrases: [I am moving house]}
                """.formatted(csv));
        String message = files().assertRefused(yaml, "examples:", "intents.examples",
                csv + ":3: \"I am moving\" names intent \"moveing\", which is not configured");
        assertThat(message).contains("moving");
    }

    @Test
    void a_missing_examples_file_is_refused_with_the_working_directory() {
        String yaml = withIntents("""
                intents:
                  examples: no/such/examples.csv
                  items:
                    - {id: outage, phrases: [my internet is down]}
                """);
        files().assertRefused(yaml, "examples:", "intents.examples", "cannot read no/such/examples.csv");
    }

    @Test
    void an_examples_line_without_a_label_is_refused() throws Exception {
        Path csv = dir.resolve("examples.csv");
        java.nio.file.Files.writeString(csv, "text,intent\njust some text\n");
        String yaml = withIntents("""
                intents:
                  examples: %s
                  items:
                    - {id: outage, phrases: [my internet is down]}
                """.formatted(csv));
        files().assertRefused(yaml, "examples:", "intents.examples", csv + ":2: expected text,label");
    }
}
