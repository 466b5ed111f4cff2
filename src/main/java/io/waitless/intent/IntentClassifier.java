package io.waitless.intent;

import io.waitless.intent.Words.Word;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Picks the configured intent a transcript means, or says it does not know.
 *
 * <p>Each intent's phrases give it a vocabulary of content words (stop-words removed, lightly stemmed); its
 * synonyms add words heard instead of them. A word counts for an intent by how specific it is to that intent
 * (like IDF: log(1 + intents / intents using it), scaled so a word of one intent weighs 1), so "bill" speaks for billing while "internet", shared
 * by several intents, speaks softly. A transcript's score for an intent combines three parts, each in 0..1:
 * <ul>
 *   <li><b>keywords</b> (weight 0.5): the distinctive evidence, a noisy-or of the specificity of each heard word
 *       times how well it matches (exactly, misspelt, sounding alike or cut off; see {@link Words#similarity});</li>
 *   <li><b>coverage</b> (0.25): how much of the best-covered example phrase was heard, by specificity;</li>
 *   <li><b>explained</b> (0.25): the share of the heard content words this intent knows at all.</li>
 * </ul>
 * The best intent wins when its score reaches the threshold; below it the answer is unknown.
 *
 * <p>Immutable and thread-safe; {@link #classify} does not block.
 */
public final class IntentClassifier {

    /** The label of an utterance no intent matches. */
    public static final String UNKNOWN = "unknown";
    /** The threshold the shipped config uses, chosen on the Galil Cable evaluation set (see the README). */
    public static final double DEFAULT_THRESHOLD = 0.48;

    static final double KEYWORDS = 0.6;
    static final double COVERAGE = 0.4;
    static final double EXPLAINED = 0.5;
    /** The weight of a word in only one phrase of an intent and without synonyms: maybe incidental ("morning"). */
    static final double INCIDENTAL = 0.5;

    /** A word an intent knows: its stem, the words heard instead of it, and how specific it is (0..1]. */
    private record Term(String stem, List<Word> forms, double specificity) {}

    private record Phrase(String text, List<Term> terms) {}

    private record Model(Intent intent, Map<String, Term> terms, List<Phrase> phrases) {}

    private record Scored(Model model, double score, String matched) {}

    private final List<Model> models;
    private final Set<String> known;
    private final double threshold;

    /**
     * @param intents   the intents, each with at least one phrase; ids unique
     * @param threshold the lowest score (0..1) that names an intent
     */
    public IntentClassifier(List<Intent> intents, double threshold) {
        if (threshold < 0 || threshold > 1) {
            throw new IllegalArgumentException("threshold " + threshold + " is outside 0..1");
        }
        this.threshold = threshold;
        this.models = build(intents);
        this.known = models.stream().flatMap(m -> m.terms().values().stream())
                .flatMap(t -> t.forms().stream()).map(Word::text).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    public double threshold() {
        return threshold;
    }

    /** Classifies what a caller said; a blank or all-stop-word transcript is unknown with score 0. */
    public Classification classify(String transcript) {
        List<Word> heard = heard(transcript);
        if (heard.isEmpty() || models.isEmpty()) {
            return new Classification(Optional.empty(), 0, "");
        }
        Scored best = null;
        for (Model m : models) {
            Scored s = score(m, heard);
            if (best == null || s.score() > best.score()) {
                best = s;
            }
        }
        double rounded = Math.round(best.score() * 1000) / 1000.0;
        Optional<String> id = best.score() >= threshold ? Optional.of(best.model().intent().id()) : Optional.empty();
        return new Classification(id, rounded, best.score() > 0 ? best.matched() : "");
    }

    /** Each intent's score for {@code transcript}, best first, as {@code id=score}: for tuning and the CLI. */
    public List<String> scores(String transcript) {
        List<Word> heard = heard(transcript);
        if (heard.isEmpty()) {
            return List.of();
        }
        return models.stream().map(m -> score(m, heard))
                .sorted((a, b) -> Double.compare(b.score(), a.score()))
                .map(s -> s.model().intent().id() + "=" + Math.round(s.score() * 1000) / 1000.0).toList();
    }

    /** The flow of an intent id, empty when the intent has none or is not known. */
    public Optional<String> flowOf(String intentId) {
        return models.stream().map(Model::intent).filter(i -> i.id().equals(intentId)).findFirst()
                .flatMap(Intent::flow);
    }

    /** The intent ids, in the order given. */
    public List<String> ids() {
        return models.stream().map(m -> m.intent().id()).toList();
    }

    private List<Word> heard(String transcript) {
        return Words.content(transcript).stream().map(Word::of).toList();
    }

    private Scored score(Model m, List<Word> heard) {
        double missProduct = 1;
        double explained = 0;
        Map<Term, Double> heardTerms = new HashMap<>();
        for (Word w : heard) {
            double bestSim = 0;
            Term bestTerm = null;
            for (Term t : m.terms().values()) {
                double sim = match(w, t, known.contains(w.text()));
                if (sim > bestSim || sim == bestSim && bestTerm != null && sim > 0 && t.specificity() > bestTerm.specificity()) {
                    bestSim = sim;
                    bestTerm = t;
                }
            }
            if (bestTerm != null) {
                missProduct *= 1 - bestSim * bestTerm.specificity();
                explained += bestSim;
                heardTerms.merge(bestTerm, bestSim, Math::max);
            }
        }
        double coverage = 0;
        String matched = "";
        for (Phrase p : m.phrases()) {
            double total = 0;
            double got = 0;
            for (Term t : p.terms()) {
                total += t.specificity();
                got += t.specificity() * heardTerms.getOrDefault(t, 0.0);
            }
            double c = total == 0 ? 0 : got / total;
            if (c > coverage) {
                coverage = c;
                matched = p.text();
            }
        }
        double score = (KEYWORDS * (1 - missProduct) + COVERAGE * coverage)
                * (1 - EXPLAINED + EXPLAINED * explained / heard.size());
        return new Scored(m, score, matched);
    }

    /** A word some intent knows exactly counts only where it is known exactly: it is not a misspelling. */
    private static double match(Word heard, Term term, boolean knownExactly) {
        double best = 0;
        for (Word form : term.forms()) {
            if (knownExactly) {
                if (form.text().equals(heard.text())) {
                    return 1.0;
                }
                continue;
            }
            best = Math.max(best, Words.similarity(heard, form));
            if (best == 1.0) {
                break;
            }
        }
        return best;
    }

    private static List<Model> build(List<Intent> intents) {
        Set<String> ids = new TreeSet<>();
        Map<String, Set<String>> usedBy = new HashMap<>();
        List<Map<String, List<String>>> forms = new ArrayList<>();
        for (Intent intent : intents) {
            if (!ids.add(intent.id())) {
                throw new IllegalArgumentException("intent " + intent.id() + " is given twice");
            }
            Map<String, List<String>> stems = vocabulary(intent);
            forms.add(stems);
            stems.forEach((stem, alternatives) -> {
                usedBy.computeIfAbsent(stem, k -> new TreeSet<>()).add(intent.id());
                alternatives.forEach(a -> usedBy.computeIfAbsent(a, k -> new TreeSet<>()).add(intent.id()));
            });
        }
        List<Model> models = new ArrayList<>();
        for (int i = 0; i < intents.size(); i++) {
            Intent intent = intents.get(i);
            Map<String, Term> terms = new LinkedHashMap<>();
            forms.get(i).forEach((stem, alternatives) -> {
                List<Word> words = new ArrayList<>();
                words.add(Word.of(stem));
                alternatives.forEach(a -> words.add(Word.of(a)));
                long inPhrases = intent.phrases().stream().filter(p -> Words.content(p).contains(stem)).count();
                double salience = inPhrases >= 2 || !alternatives.isEmpty() ? 1.0 : INCIDENTAL;
                terms.put(stem, new Term(stem, words, salience * specificity(usedBy.get(stem).size(), intents.size())));
            });
            List<Phrase> phrases = intent.phrases().stream()
                    .map(p -> new Phrase(p, Words.content(p).stream().distinct().map(terms::get).toList()))
                    .toList();
            models.add(new Model(intent, terms, phrases));
        }
        return List.copyOf(models);
    }

    /** Like IDF, scaled to 0..1: 1 for a word of one intent, less the more intents share it. */
    static double specificity(int intentsUsing, int intents) {
        return intents <= 1 ? 1 : Math.log(1.0 + (double) intents / intentsUsing) / Math.log(1.0 + intents);
    }

    /** Stem of each content word of the phrases → stems of the synonyms given for it. */
    private static Map<String, List<String>> vocabulary(Intent intent) {
        Map<String, List<String>> synonyms = new HashMap<>();
        intent.synonyms().forEach((word, alternatives) -> synonyms.put(Words.stem(word.toLowerCase()),
                alternatives.stream().flatMap(a -> Words.content(a).stream()).toList()));
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String phrase : intent.phrases()) {
            for (String stem : Words.content(phrase)) {
                out.computeIfAbsent(stem, s -> synonyms.getOrDefault(s, List.of()));
            }
        }
        synonyms.forEach((stem, alternatives) -> out.putIfAbsent(stem, alternatives));
        return out;
    }
}
