package io.waitless.speech;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A bigram language model (ARPA text) estimated from the configured phrases, for Sphinx's lex-tree
 * decoder: word pairs seen in the phrases are likely, any other sequence of the phrases' words is
 * possible through back-off (absolute discounting), and {@link PhraseGrammar#FILLERS}, frequent
 * English words, share {@code fillerMass} of the unigram probability so out-of-domain speech has
 * somewhere to land. Unlike a whole-phrase grammar, an unseen paraphrase comes out as the words
 * heard, for the intent classifier to judge.
 */
final class PhraseLanguageModel {

    static final double DISCOUNT = 0.5;
    static final String START = "<s>";
    static final String END = "</s>";

    private PhraseLanguageModel() {
    }

    /** The ARPA text for {@code phrases} (already normalised, known words only). */
    static String arpa(List<String> phrases, Set<String> dictionary, double fillerMass) {
        Map<String, Integer> unigram = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> bigram = new LinkedHashMap<>();
        Map<String, Integer> history = new LinkedHashMap<>();
        int tokens = 0;
        for (String p : phrases) {
            String prev = START;
            String[] words = (p + " " + END).split(" ");
            for (String w : words) {
                unigram.merge(w, 1, Integer::sum);
                bigram.computeIfAbsent(prev, k -> new LinkedHashMap<>()).merge(w, 1, Integer::sum);
                history.merge(prev, 1, Integer::sum);
                tokens++;
                prev = w;
            }
        }
        Set<String> fillers = new LinkedHashSet<>();
        for (String f : PhraseGrammar.FILLERS) {
            if (dictionary.contains(f) && !unigram.containsKey(f)) {
                fillers.add(f);
            }
        }
        double domainMass = fillers.isEmpty() ? 1 : 1 - fillerMass;
        Map<String, Double> p1 = new LinkedHashMap<>();
        int vocabulary = unigram.size();
        for (var e : unigram.entrySet()) {
            // add-one smoothing inside the domain mass
            p1.put(e.getKey(), domainMass * (e.getValue() + 1.0) / (tokens + vocabulary));
        }
        for (String f : fillers) {
            p1.put(f, fillerMass / fillers.size());
        }
        StringBuilder uni = new StringBuilder();
        StringBuilder bi = new StringBuilder();
        int bigrams = 0;
        uni.append(line(-99, START, backoff(START, bigram, history, p1)));
        for (var e : p1.entrySet()) {
            String w = e.getKey();
            Double bo = END.equals(w) ? null : backoff(w, bigram, history, p1);
            uni.append(line(Math.log10(e.getValue()), w, bo));
        }
        for (var h : bigram.entrySet()) {
            double c = history.get(h.getKey());
            for (var w : h.getValue().entrySet()) {
                bi.append(String.format(Locale.ROOT, "%.5f %s %s%n", Math.log10((w.getValue() - DISCOUNT) / c), h.getKey(), w.getKey()));
                bigrams++;
            }
        }
        return "\\data\\\nngram 1=" + (p1.size() + 1) + "\nngram 2=" + bigrams + "\n\n\\1-grams:\n" + uni
                + "\n\\2-grams:\n" + bi + "\n\\end\\\n";
    }

    private static Double backoff(String h, Map<String, Map<String, Integer>> bigram, Map<String, Integer> history,
                                  Map<String, Double> p1) {
        Map<String, Integer> followers = bigram.get(h);
        if (followers == null) {
            return 0.0;
        }
        double c = history.get(h);
        double left = DISCOUNT * followers.size() / c;
        double seen = 0;
        for (String w : followers.keySet()) {
            seen += p1.getOrDefault(w, 0.0);
        }
        return Math.log10(left / Math.max(1e-9, 1 - seen));
    }

    private static String line(double logp, String w, Double backoff) {
        return backoff == null ? String.format(Locale.ROOT, "%.5f %s%n", logp, w)
                : String.format(Locale.ROOT, "%.5f %s %.5f%n", logp, w, backoff);
    }

    /** Writes {@code <dir>/<name>.lm}; returns its path. */
    static Path write(Path dir, String name, List<String> phrases, Set<String> dictionary, double fillerMass) {
        Path file = dir.resolve(name + ".lm");
        try {
            Files.writeString(file, arpa(phrases, dictionary, fillerMass));
            return file;
        } catch (IOException e) {
            throw new SpeechException("cannot write a language model to " + dir, e);
        }
    }
}
