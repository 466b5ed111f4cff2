package io.waitless.intent;

import io.waitless.intent.Words.Word;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Classifies a short answer as {@link Consent#YES}, {@link Consent#NO} or {@link Consent#AGENT}. A request for
 * a person wins over everything ("no, I want an agent"), a refusal over an acceptance ("no thanks", "don't text
 * me"); misheard words match by Jaro-Winkler and sound (see {@link Words#similarity}). Stateless and thread-safe.
 */
public final class ConsentClassifier {

    private static final List<Word> AGENT = words("agent", "person", "human", "representative", "operator",
            "somebody", "someone", "real", "people", "rep", "transfer", "speak", "talk", "staff", "advisor");
    private static final List<Word> NO = words("no", "nope", "nah", "not", "dont", "never", "rather",
            "wait", "decline", "stop", "negative", "nothing", "later");
    private static final List<Word> YES = words("yes", "yeah", "yeh", "yea", "yep", "yup", "ya", "sure", "ok", "okay", "fine",
            "please", "text", "send", "absolutely", "definitely", "correct", "right", "alright", "great", "go",
            "ahead", "good", "perfect", "course", "agree", "accept", "certainly", "link", "sms", "message");
    private static final Set<String> TWO_LETTER = Set.of("no", "ok", "ya");

    /** The answer in {@code text}, {@link Consent#UNKNOWN} when none of the answer words is heard. */
    public Consent classify(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        List<Word> heard = Words.tokens(t).stream().map(Word::of).toList();
        if (any(heard, AGENT)) {
            return Consent.AGENT;
        }
        if (t.contains("why not") || t.contains("no problem")) {
            return Consent.YES;
        }
        if (any(heard, NO) || t.contains("no thank")) {
            return Consent.NO;
        }
        if (any(heard, YES)) {
            return Consent.YES;
        }
        return Consent.UNKNOWN;
    }

    private static boolean any(List<Word> heard, List<Word> vocabulary) {
        for (Word h : heard) {
            for (Word v : vocabulary) {
                boolean shortWord = h.text().length() < 3 || v.text().length() < 3;
                if (shortWord ? h.text().equals(v.text()) && (v.text().length() > 1 || TWO_LETTER.contains(v.text()))
                        : Words.similarity(h, v) >= 0.85) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<Word> words(String... words) {
        return java.util.Arrays.stream(words).map(Word::of).toList();
    }
}
