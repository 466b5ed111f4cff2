package io.waitless.intent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Picks the configured intent a transcript means, or says it does not know.
 *
 * <p>It learns from examples: each intent's configured phrases, plus labelled example utterances
 * ({@code text,intent} lines, {@code unknown} for things callers say that no intent serves). A multinomial
 * logistic regression ({@link SoftmaxModel}) over the words, word pairs and synonyms of the text
 * ({@link Features}) gives each intent, and "unknown" when such examples exist, a probability. Words never seen
 * in training are read as the known word they most resemble (misspelt, sounding alike, cut off), so recognition
 * errors still count. The most probable class wins; an intent is named only when it wins and its probability
 * reaches the threshold — otherwise the answer is unknown, never a guess.
 *
 * <p>Immutable and thread-safe; {@link #classify} does not block. Training happens in the constructor (a few
 * thousand examples take well under a second).
 */
public final class IntentClassifier {

    /** The label of an utterance no intent matches. */
    public static final String UNKNOWN = "unknown";
    /** The threshold the shipped config uses, chosen by cross-validation on its examples (see the README). */
    public static final double DEFAULT_THRESHOLD = 0.5;

    private final List<Intent> intents;
    private final List<String> classes;
    private final Features features;
    private final SoftmaxModel model;
    private final List<String> texts;
    private final List<List<Features.Value>> vectors;
    private final int[] labels;
    private final double threshold;

    /** A classifier that learns from the intents' phrases only. */
    public IntentClassifier(List<Intent> intents, double threshold) {
        this(intents, List.of(), threshold);
    }

    /**
     * @param intents   the intents, each with at least one phrase; ids unique
     * @param examples  more labelled utterances: an intent id, or {@link #UNKNOWN} for out-of-domain speech
     * @param threshold the lowest probability (0..1) that names an intent
     * @throws IllegalArgumentException for a duplicate id, an example of an intent not given, or a bad threshold
     */
    public IntentClassifier(List<Intent> intents, List<Evaluation.Example> examples, double threshold) {
        this(intents, examples, threshold, SoftmaxModel.Settings.DEFAULT);
    }

    IntentClassifier(List<Intent> intents, List<Evaluation.Example> examples, double threshold,
                     SoftmaxModel.Settings training) {
        if (threshold < 0 || threshold > 1) {
            throw new IllegalArgumentException("threshold " + threshold + " is outside 0..1");
        }
        this.threshold = threshold;
        this.intents = List.copyOf(intents);
        Set<String> ids = new TreeSet<>();
        List<String> classes = new ArrayList<>();
        for (Intent i : intents) {
            if (!ids.add(i.id())) {
                throw new IllegalArgumentException("intent " + i.id() + " is given twice");
            }
            classes.add(i.id());
        }
        List<String> texts = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Intent i : intents) {
            for (String p : i.phrases()) {
                texts.add(p);
                labels.add(classes.indexOf(i.id()));
            }
        }
        for (Evaluation.Example e : examples) {
            if (e.label().equals(UNKNOWN)) {
                if (!classes.contains(UNKNOWN)) {
                    classes.add(UNKNOWN);
                }
            } else if (!ids.contains(e.label())) {
                throw new IllegalArgumentException("example \"" + e.text() + "\" names intent " + e.label()
                        + ", which is not configured");
            }
            texts.add(e.text());
            labels.add(classes.indexOf(e.label()));
        }
        this.classes = List.copyOf(classes);
        this.features = new Features(intents.stream().map(Intent::synonyms).toList(), texts);
        List<List<Features.Value>> x = new ArrayList<>();
        for (String t : texts) {
            x.add(features.learn(t));
        }
        this.labels = labels.stream().mapToInt(Integer::intValue).toArray();
        this.texts = List.copyOf(texts);
        this.vectors = List.copyOf(x);
        this.model = intents.isEmpty() ? null
                : SoftmaxModel.train(x, this.labels, classes.size(), features.size(), training);
    }

    public double threshold() {
        return threshold;
    }

    /**
     * Classifies what a caller said. A blank transcript, or one with no content word (beyond "I", "want",
     * "the"...) that the examples know or that resembles one they know, is unknown with score 0: there is
     * nothing to judge by.
     */
    public Classification classify(String transcript) {
        List<Features.Value> f = features.of(transcript);
        if (f.isEmpty() || model == null || !features.knowsContent(transcript)) {
            return new Classification(Optional.empty(), 0, "");
        }
        double[] p = model.probabilities(f);
        int best = 0;
        int bestIntent = -1;
        for (int c = 0; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
            if (!classes.get(c).equals(UNKNOWN) && (bestIntent < 0 || p[c] > p[bestIntent])) {
                bestIntent = c;
            }
        }
        double score = Math.round(p[bestIntent] * 1000) / 1000.0;
        boolean named = best == bestIntent && p[bestIntent] >= threshold;
        return new Classification(named ? Optional.of(classes.get(bestIntent)) : Optional.empty(), score,
                nearest(f, bestIntent));
    }

    /** The training text of class {@code c} sharing the most with {@code f}; empty when none shares anything. */
    private String nearest(List<Features.Value> f, int c) {
        Map<Integer, Double> heard = new LinkedHashMap<>();
        f.forEach(v -> heard.put(v.id(), v.value()));
        double best = 0;
        String text = "";
        for (int i = 0; i < texts.size(); i++) {
            if (labels[i] != c) {
                continue;
            }
            double dot = 0;
            for (Features.Value v : vectors.get(i)) {
                dot += heard.getOrDefault(v.id(), 0.0) * v.value();
            }
            double sim = dot / Math.sqrt(vectors.get(i).size() * (double) f.size());
            if (sim > best) {
                best = sim;
                text = texts.get(i);
            }
        }
        return text;
    }

    /** Each class's probability for {@code transcript}, best first, as {@code id=p}: for tuning and the CLI. */
    public List<String> scores(String transcript) {
        List<Features.Value> f = features.of(transcript);
        if (f.isEmpty() || model == null) {
            return List.of();
        }
        double[] p = model.probabilities(f);
        List<Integer> order = new ArrayList<>();
        for (int c = 0; c < p.length; c++) {
            order.add(c);
        }
        order.sort((a, b) -> Double.compare(p[b], p[a]));
        return order.stream().map(c -> classes.get(c) + "=" + Math.round(p[c] * 1000) / 1000.0).toList();
    }

    /** The flow of an intent id, empty when the intent has none or is not known. */
    public Optional<String> flowOf(String intentId) {
        return intents.stream().filter(i -> i.id().equals(intentId)).findFirst().flatMap(Intent::flow);
    }

    /** The intent ids, in the order given. */
    public List<String> ids() {
        return intents.stream().map(Intent::id).toList();
    }

    /** How many utterances the model learned from (phrases and examples). */
    public int trainedOn() {
        return texts.size();
    }
}
