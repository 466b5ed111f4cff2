package io.waitless.speech;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A trigram language model (ARPA text) estimated from what callers are expected to say — the intents'
 * phrases, synonyms and example utterances — for Sphinx's lex-tree decoder. Any sequence of the known words
 * stays possible (back-off), but the word sequences callers actually use are strongly preferred, which is
 * what lets a general acoustic model hear "I want a different plan" rather than "I want a different black".
 *
 * <p>Smoothing is absolute discounting with back-off ({@link #DISCOUNT}); the unigram level uses
 * Kneser-Ney continuation counts (how many different words precede a word), add-one smoothed, so a word
 * seen only inside one frequent phrase is not over-predicted on its own. Sentences are wrapped in
 * {@code <s>} and {@code </s>}.
 */
final class PhraseLanguageModel {

    static final double DISCOUNT = 0.7;
    static final String START = "<s>";
    static final String END = "</s>";

    private final Map<String, Integer> continuations = new LinkedHashMap<>();
    private final Map<List<String>, Integer> bigrams = new LinkedHashMap<>();
    private final Map<List<String>, Integer> trigrams = new LinkedHashMap<>();
    private final Map<String, Integer> bigramHistory = new HashMap<>();
    private final Map<String, Integer> bigramFollowers = new HashMap<>();
    private final Map<List<String>, Integer> trigramHistory = new HashMap<>();
    private final Map<List<String>, List<String>> trigramFollowers = new HashMap<>();
    private final Map<String, List<String>> bigramFollowerList = new HashMap<>();
    private final Map<String, Double> unigram = new LinkedHashMap<>();

    private PhraseLanguageModel(List<String> sentences) {
        for (String s : sentences) {
            List<String> w = new ArrayList<>();
            w.add(START);
            for (String x : s.split(" ")) {
                if (!x.isEmpty()) {
                    w.add(x);
                }
            }
            w.add(END);
            for (int i = 1; i < w.size(); i++) {
                List<String> bi = List.of(w.get(i - 1), w.get(i));
                if (bigrams.merge(bi, 1, Integer::sum) == 1) {
                    continuations.merge(w.get(i), 1, Integer::sum);
                    bigramFollowers.merge(w.get(i - 1), 1, Integer::sum);
                    bigramFollowerList.computeIfAbsent(w.get(i - 1), k -> new ArrayList<>()).add(w.get(i));
                }
                bigramHistory.merge(w.get(i - 1), 1, Integer::sum);
                if (i >= 2) {
                    List<String> tri = List.of(w.get(i - 2), w.get(i - 1), w.get(i));
                    List<String> h = tri.subList(0, 2);
                    if (trigrams.merge(tri, 1, Integer::sum) == 1) {
                        trigramFollowers.computeIfAbsent(List.copyOf(h), k -> new ArrayList<>()).add(w.get(i));
                    }
                    trigramHistory.merge(List.copyOf(h), 1, Integer::sum);
                }
            }
        }
        int total = continuations.values().stream().mapToInt(Integer::intValue).sum();
        int vocabulary = continuations.size();
        continuations.forEach((word, n) -> unigram.put(word, (n + 1.0) / (total + vocabulary)));
    }

    /** The ARPA text for {@code sentences}: normalised, known words only, one sentence per string. */
    static String arpa(List<String> sentences) {
        if (sentences.stream().allMatch(String::isBlank)) {
            throw new IllegalArgumentException("no sentence to build a language model from");
        }
        return new PhraseLanguageModel(sentences).arpa();
    }

    private double p2(String a, String b) {
        Integer n = bigrams.get(List.of(a, b));
        if (n != null) {
            return (n - DISCOUNT) / bigramHistory.get(a);
        }
        return backoff2(a) * unigram.getOrDefault(b, 0.0);
    }

    private double backoff2(String a) {
        Integer history = bigramHistory.get(a);
        if (history == null) {
            return 1;
        }
        double left = DISCOUNT * bigramFollowers.get(a) / history;
        double seen = 0;
        for (String b : bigramFollowerList.get(a)) {
            seen += unigram.getOrDefault(b, 0.0);
        }
        return left / Math.max(1e-9, 1 - seen);
    }

    private double backoff3(List<String> h) {
        Integer history = trigramHistory.get(h);
        if (history == null) {
            return 1;
        }
        List<String> followers = trigramFollowers.get(h);
        double left = DISCOUNT * followers.size() / history;
        double seen = 0;
        for (String c : followers) {
            seen += p2(h.get(1), c);
        }
        return left / Math.max(1e-9, 1 - seen);
    }

    private String arpa() {
        StringBuilder out = new StringBuilder(64 * (unigram.size() + bigrams.size() + trigrams.size()));
        out.append("\\data\\\n")
                .append("ngram 1=").append(unigram.size() + 1).append('\n')
                .append("ngram 2=").append(bigrams.size()).append('\n')
                .append("ngram 3=").append(trigrams.size()).append("\n\n\\1-grams:\n");
        out.append(String.format(Locale.ROOT, "-99 %s %.5f%n", START, Math.log10(backoff2(START))));
        unigram.forEach((w, p) -> out.append(END.equals(w)
                ? String.format(Locale.ROOT, "%.5f %s%n", Math.log10(p), w)
                : String.format(Locale.ROOT, "%.5f %s %.5f%n", Math.log10(p), w, Math.log10(backoff2(w)))));
        out.append("\n\\2-grams:\n");
        bigrams.forEach((bi, n) -> {
            double p = (n - DISCOUNT) / bigramHistory.get(bi.get(0));
            out.append(END.equals(bi.get(1))
                    ? String.format(Locale.ROOT, "%.5f %s %s%n", Math.log10(p), bi.get(0), bi.get(1))
                    : String.format(Locale.ROOT, "%.5f %s %s %.5f%n", Math.log10(p), bi.get(0), bi.get(1),
                    Math.log10(backoff3(bi))));
        });
        out.append("\n\\3-grams:\n");
        trigrams.forEach((tri, n) -> out.append(String.format(Locale.ROOT, "%.5f %s %s %s%n",
                Math.log10((n - DISCOUNT) / trigramHistory.get(tri.subList(0, 2))), tri.get(0), tri.get(1), tri.get(2))));
        return out.append("\n\\end\\\n").toString();
    }

    /** Writes {@code <dir>/<name>.lm}; returns its path. */
    static Path write(Path dir, String name, List<String> sentences) {
        Path file = dir.resolve(name + ".lm");
        try {
            Files.writeString(file, arpa(sentences));
            return file;
        } catch (IOException e) {
            throw new SpeechException("cannot write a language model to " + dir, e);
        }
    }
}
