package io.waitless.intent;

import io.waitless.intent.Words.Word;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns text into the sparse feature vector the intent model reads: the light stems of the words (stop-words
 * included: "no", "not", "someone" carry meaning), pairs of adjacent stems, and for a word that a configured
 * synonym list names, the word it stands for as well ("invoice" also counts as "bill").
 *
 * <p>A word the training text never used is replaced by the known word it most resembles (misspelt, sounding
 * alike or cut off, see {@link Words#similarity}), weighted by how alike they are: recognisers turn words into
 * their neighbours, and a caller's unseen word is often a known one heard wrong. Words resembling nothing are
 * dropped.
 *
 * <p>Built once from the training text; immutable and thread-safe afterwards.
 */
final class Features {

    /** Below this similarity an unseen word is not taken for a known one. */
    static final double FUZZY_FLOOR = 0.8;
    /** Hesitations that carry no meaning and that recognisers insert freely. */
    private static final Set<String> FILLERS = Set.of("um", "uh", "er", "ah", "erm", "hmm", "mm");

    /** A feature id and its value. */
    record Value(int id, double value) {}

    private final Map<String, List<String>> stands;
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private final Map<String, Word> vocabulary = new LinkedHashMap<>();

    /**
     * @param synonyms per intent, a word of its phrases and the other words callers use for it
     * @param training every text the model will learn from: their stems form the vocabulary
     */
    Features(List<Map<String, List<String>>> synonyms, List<String> training) {
        Map<String, Set<String>> stands = new HashMap<>();
        for (Map<String, List<String>> perIntent : synonyms) {
            perIntent.forEach((word, alternatives) -> {
                List<String> w = stems(word);
                if (w.size() != 1) {
                    return; // a multi-word head has no single stem to stand for
                }
                for (String a : alternatives) {
                    List<String> alt = stems(a);
                    if (alt.size() == 1 && !alt.get(0).equals(w.get(0))) {
                        stands.computeIfAbsent(alt.get(0), k -> new LinkedHashSet<>()).add(w.get(0));
                    }
                }
            });
        }
        Map<String, List<String>> frozen = new HashMap<>();
        stands.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        this.stands = Map.copyOf(frozen);
        for (String text : training) {
            for (String s : stems(text)) {
                vocabulary.computeIfAbsent(s, Word::of);
                for (String head : this.stands.getOrDefault(s, List.of())) {
                    vocabulary.computeIfAbsent(head, Word::of);
                }
            }
        }
    }

    /** Lower-cased light stems of the words, hesitations dropped. */
    static List<String> stems(String text) {
        List<String> out = new ArrayList<>();
        for (String t : Words.tokens(text)) {
            if (!FILLERS.contains(t)) {
                out.add(Words.stem(t));
            }
        }
        return out;
    }

    /**
     * The features of {@code text} for training: every feature gets an id. Not thread-safe; only while building.
     */
    List<Value> learn(String text) {
        List<String> stems = stems(text);
        return vector(stems, java.util.Collections.nCopies(stems.size(), 1.0), true);
    }

    /** The features of {@code text} for classifying: unknown features are left out. Thread-safe. */
    List<Value> of(String text) {
        List<String> heard = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (String s : stems(text)) {
            if (vocabulary.containsKey(s)) {
                heard.add(s);
                weights.add(1.0);
                continue;
            }
            Word w = Word.of(s);
            String best = null;
            double bestSim = 0;
            for (Word known : vocabulary.values()) {
                double sim = Words.similarity(w, known);
                if (sim > bestSim) {
                    bestSim = sim;
                    best = known.text();
                }
            }
            if (best != null && bestSim >= FUZZY_FLOOR) {
                heard.add(best);
                weights.add(bestSim);
            }
        }
        return vector(heard, weights, false);
    }

    private List<Value> vector(List<String> stems, List<Double> weights, boolean grow) {
        Map<Integer, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < stems.size(); i++) {
            add(out, "w:" + stems.get(i), weights.get(i), grow);
            for (String head : stands.getOrDefault(stems.get(i), List.of())) {
                add(out, "w:" + head, weights.get(i), grow);
            }
            if (i > 0) {
                add(out, "p:" + stems.get(i - 1) + " " + stems.get(i), Math.min(weights.get(i - 1), weights.get(i)), grow);
            }
        }
        return values(out);
    }

    private void add(Map<Integer, Double> out, String feature, double value, boolean grow) {
        Integer id = ids.get(feature);
        if (id == null) {
            if (!grow) {
                return;
            }
            id = names.size();
            ids.put(feature, id);
            names.add(feature);
        }
        out.merge(id, value, Math::max);
    }

    private static List<Value> values(Map<Integer, Double> m) {
        List<Value> out = new ArrayList<>(m.size());
        m.forEach((id, v) -> out.add(new Value(id, v)));
        return out;
    }

    /** Whether some content word of {@code text} (not a {@link Words#STOP} word) is known or resembles one. */
    boolean knowsContent(String text) {
        for (String s : Words.content(text)) {
            if (vocabulary.containsKey(s)) {
                return true;
            }
            Word w = Word.of(s);
            for (Word known : vocabulary.values()) {
                if (Words.similarity(w, known) >= FUZZY_FLOOR) {
                    return true;
                }
            }
        }
        return false;
    }

    /** How many features training created. */
    int size() {
        return names.size();
    }

    /** The name of feature {@code id} ({@code w:bill}, {@code p:pay bill}). */
    String name(int id) {
        return names.get(id);
    }

    /** Whether {@code stem} was in the training text. */
    boolean knows(String stem) {
        return vocabulary.containsKey(stem);
    }
}
