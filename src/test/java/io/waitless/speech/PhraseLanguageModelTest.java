package io.waitless.speech;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The trigram model written for the lex-tree decoder: well-formed ARPA whose probabilities add up. */
class PhraseLanguageModelTest {

    private static final List<String> SENTENCES = List.of(
            "i want to pay my bill", "i want to change my plan", "my internet is down",
            "my internet keeps dropping", "i want a different plan", "pay my bill");

    /** log10 probability and back-off weight of each n-gram, keyed by its words. */
    private record Arpa(Map<String, Integer> counts, Map<List<String>, double[]> grams) {
        static Arpa parse(String text) {
            Map<String, Integer> counts = new HashMap<>();
            Map<List<String>, double[]> grams = new HashMap<>();
            int order = 0;
            for (String line : text.split("\n")) {
                if (line.startsWith("ngram ")) {
                    String[] kv = line.substring(6).split("=");
                    counts.put(kv[0], Integer.parseInt(kv[1]));
                } else if (line.matches("\\\\\\d-grams:")) {
                    order = line.charAt(1) - '0';
                } else if (order > 0 && !line.isBlank() && !line.startsWith("\\")) {
                    String[] f = line.trim().split(" ");
                    List<String> words = List.of(f).subList(1, 1 + order);
                    double bo = f.length > 1 + order ? Double.parseDouble(f[1 + order]) : 0;
                    grams.put(words, new double[] {Double.parseDouble(f[0]), bo});
                }
            }
            return new Arpa(counts, grams);
        }

        int count(int order) {
            return (int) grams.keySet().stream().filter(k -> k.size() == order).count();
        }

        /** P(w | history) by the back-off rule. */
        double p(List<String> history, String w) {
            java.util.ArrayList<String> key = new java.util.ArrayList<>(history);
            key.add(w);
            double[] g = grams.get(key);
            if (g != null) {
                return Math.pow(10, g[0]);
            }
            if (history.isEmpty()) {
                return 0;
            }
            double[] h = grams.get(history);
            double bo = h == null ? 1 : Math.pow(10, h[1]);
            return bo * p(history.subList(1, history.size()), w);
        }
    }

    private final Arpa arpa = Arpa.parse(PhraseLanguageModel.arpa(SENTENCES));

    @Test
    void the_header_counts_match_the_sections() {
        for (int n = 1; n <= 3; n++) {
            assertThat(arpa.count(n)).as("order " + n).isEqualTo(arpa.counts().get(String.valueOf(n)));
        }
    }

    @Test
    void every_history_distributes_a_probability_of_one_over_the_vocabulary() {
        Set<String> vocabulary = new LinkedHashSet<>();
        arpa.grams().keySet().stream().filter(k -> k.size() == 1).forEach(k -> vocabulary.add(k.get(0)));
        vocabulary.remove(PhraseLanguageModel.START);
        for (List<String> history : List.of(List.<String>of(), List.of("<s>"), List.of("my"), List.of("want"),
                List.of("i", "want"), List.of("my", "internet"), List.of("internet", "dropping"), List.of("pay", "my"))) {
            double sum = vocabulary.stream().mapToDouble(w -> arpa.p(history, w)).sum();
            assertThat(sum).as("history " + history).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.01));
        }
    }

    @Test
    void seen_word_sequences_are_preferred_over_unseen_ones() {
        // seen once: (1 - discount) / 1
        assertThat(arpa.p(List.of("a", "different"), "plan")).isCloseTo(1 - PhraseLanguageModel.DISCOUNT, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(arpa.p(List.of("a", "different"), "plan"))
                .isGreaterThan(5 * arpa.p(List.of("a", "different"), "bill"));
        assertThat(arpa.p(List.of("my"), "internet")).isGreaterThan(arpa.p(List.of("my"), "down"));
    }

    @Test
    void no_sentence_is_refused() {
        assertThatThrownBy(() -> PhraseLanguageModel.arpa(List.of(" "))).isInstanceOf(IllegalArgumentException.class);
    }
}
