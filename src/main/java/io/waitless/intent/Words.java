package io.waitless.intent;

import org.apache.commons.codec.language.DoubleMetaphone;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Normalises text into content words and compares words robustly to recognition errors: exact, a light stem,
 * Jaro-Winkler for misspellings, Double Metaphone for words that sound alike, a prefix for cut-off words.
 * Stateless and thread-safe.
 */
final class Words {

    /** Function words that say nothing about what a caller wants; negations and particles (down, out, off) stay. */
    static final Set<String> STOP = Set.copyOf(java.util.List.of(
            "a", "an", "the", "no", "not", "i", "im", "ive", "id", "me", "my", "mine", "we", "our", "us", "you", "your", "it", "its",
            "is", "am", "are", "was", "were", "be", "been", "being", "do", "does", "did", "have", "has", "had",
            "to", "of", "for", "in", "on", "at", "by", "with", "from", "about", "into", "and", "or", "but", "so",
            "this", "that", "these", "those", "there", "here", "what", "which", "who", "how", "why", "when",
            "can", "could", "would", "should", "will", "shall", "may", "might", "must", "just", "please", "hi",
            "hello", "hey", "um", "uh", "er", "ah", "oh", "like", "yes", "yeah", "okay", "ok", "well", "then",
            "some", "any", "all", "get", "got", "want", "wanna", "need", "calling", "call", "ring", "ringing",
            "trying", "try", "because", "also", "again", "really", "very", "too", "if", "as", "know", "let",
            "thanks", "thank", "theres", "gonna", "going", "go", "help", "able",
            "something", "anything", "one", "see", "today", "now", "still", "way"));

    private static final JaroWinklerSimilarity JW = new JaroWinklerSimilarity();
    private static final DoubleMetaphone METAPHONE = new DoubleMetaphone();

    private Words() {
    }

    /** Lower case, digits and punctuation removed (apostrophes dropped, so "don't" is "dont"). */
    static List<String> tokens(String text) {
        String cleaned = text.toLowerCase(Locale.ROOT).replace("'", "").replace("’", "")
                .replaceAll("[^a-z]+", " ").strip();
        List<String> out = new ArrayList<>();
        if (cleaned.isEmpty()) {
            return out;
        }
        for (String t : cleaned.split(" ")) {
            out.add(t);
        }
        return out;
    }

    /** The stems of the tokens that are not stop-words. */
    static List<String> content(String text) {
        List<String> out = new ArrayList<>();
        for (String t : tokens(text)) {
            if (!STOP.contains(t) && t.length() > 1) {
                out.add(stem(t));
            }
        }
        return out;
    }

    /**
     * A light English stem: plural and verb endings go, a doubled final consonant is undoubled and a short
     * consonant-vowel-consonant stem gets its "e" back ("bills", "dropping", "moving" → "bill", "drop", "move").
     */
    static String stem(String w) {
        String s = w;
        boolean verb = false;
        if (w.length() > 5 && w.endsWith("ing")) {
            s = w.substring(0, w.length() - 3);
            verb = true;
        } else if (w.length() > 4 && w.endsWith("ed")) {
            s = w.substring(0, w.length() - 2);
            verb = true;
        } else if (w.length() > 4 && w.endsWith("es") && !w.endsWith("ses")) {
            s = w.substring(0, w.length() - 2);
        } else if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss")) {
            s = w.substring(0, w.length() - 1);
        }
        if (verb) {
            int n = s.length();
            char last = s.charAt(n - 1);
            if (n >= 3 && last == s.charAt(n - 2) && "lsz".indexOf(last) < 0 && !vowel(last)) {
                s = s.substring(0, n - 1);
            } else if (n == 3 && !vowel(s.charAt(0)) && vowel(s.charAt(1)) && !vowel(last) && "wxy".indexOf(last) < 0) {
                s = s + "e";
            }
        }
        return s;
    }

    private static boolean vowel(char c) {
        return "aeiou".indexOf(c) >= 0;
    }

    /** A word ready for comparison: its stem and its two Double Metaphone codes. */
    record Word(String text, String primary, String alternate) {
        static Word of(String stem) {
            return new Word(stem, METAPHONE.doubleMetaphone(stem), METAPHONE.doubleMetaphone(stem, true));
        }
    }

    /**
     * How alike two words are in 0..1: 1 for the same stem, the Jaro-Winkler similarity from 0.9 (times 0.95) for
     * words with the same first letter, 0.85 for words that sound alike, both only between words of four letters or more, 0.8 for a cut-off word (three letters or more) that
     * begins the other; else 0.
     */
    static double similarity(Word heard, Word known) {
        if (heard.text().equals(known.text())) {
            return 1.0;
        }
        double best = 0;
        boolean longWords = heard.text().length() >= 4 && known.text().length() >= 4;
        boolean sameStart = heard.text().charAt(0) == known.text().charAt(0);
        double jw = JW.apply(heard.text(), known.text());
        if (longWords && sameStart && jw >= 0.9) {
            best = jw * 0.95;
        }
        if (longWords && jw >= 0.7 && soundAlike(heard, known)) {
            best = Math.max(best, 0.85);
        }
        if (heard.text().length() >= 3 && known.text().startsWith(heard.text())) {
            best = Math.max(best, 0.8);
        }
        return best;
    }

    private static boolean soundAlike(Word a, Word b) {
        return !a.primary().isEmpty() && (a.primary().equals(b.primary()) || a.primary().equals(b.alternate())
                || a.alternate().equals(b.primary()));
    }
}
