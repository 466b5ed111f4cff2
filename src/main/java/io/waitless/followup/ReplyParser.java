package io.waitless.followup;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * Reads a score from a survey reply. A reply is a score when it holds exactly one number, written with any
 * script's digits ({@code "5"}, {@code " 5 "}, Arabic-Indic {@code "٥"}, full-width {@code "５"}, the keycap emoji
 * {@code "5️⃣"}) or as an English or Hebrew number word ({@code "five"}, {@code "חמש"}), possibly with other words
 * around it ({@code "5 thanks"}, {@code "5/7"} counts the 7 as the scale only when it is the scale's top). Two
 * different numbers, none at all (an emoji, a word) are unreadable. Pure and thread-safe.
 */
public final class ReplyParser {

    /** What a reply says. */
    public sealed interface Reading {
        record Score(int value) implements Reading {}

        /** A number outside the scale ({@code "10"} on 1–7). */
        record OutOfRange(int value) implements Reading {}

        record Unreadable() implements Reading {}
    }

    private static final Map<String, Integer> WORDS = Map.ofEntries(
            Map.entry("ZERO", 0), Map.entry("ONE", 1), Map.entry("TWO", 2), Map.entry("THREE", 3),
            Map.entry("FOUR", 4), Map.entry("FIVE", 5), Map.entry("SIX", 6), Map.entry("SEVEN", 7),
            Map.entry("EIGHT", 8), Map.entry("NINE", 9), Map.entry("TEN", 10),
            Map.entry("אחת", 1), Map.entry("אחד", 1), Map.entry("שתיים", 2), Map.entry("שניים", 2),
            Map.entry("שלוש", 3), Map.entry("שלושה", 3), Map.entry("ארבע", 4), Map.entry("ארבעה", 4),
            Map.entry("חמש", 5), Map.entry("חמישה", 5), Map.entry("שש", 6), Map.entry("שישה", 6),
            Map.entry("שבע", 7), Map.entry("שבעה", 7), Map.entry("שמונה", 8), Map.entry("תשע", 9),
            Map.entry("עשר", 10));

    private final int min;
    private final int max;

    public ReplyParser(int min, int max) {
        this.min = min;
        this.max = max;
    }

    public Reading read(String reply) {
        String text = reply == null ? "" : Normalizer.normalize(reply, Normalizer.Form.NFKC);
        TreeSet<Integer> numbers = new TreeSet<>();
        StringBuilder digits = new StringBuilder();
        StringBuilder word = new StringBuilder();
        int[] cps = text.codePoints().toArray();
        for (int i = 0; i <= cps.length; i++) {
            int cp = i < cps.length ? cps[i] : ' ';
            if (Character.isDigit(cp)) {
                digits.append(Character.forDigit(Character.digit(cp, 10), 10));
                flushWord(word, numbers);
                continue;
            }
            flushDigits(digits, numbers);
            if (Character.isLetter(cp)) {
                word.appendCodePoint(cp);
            } else {
                flushWord(word, numbers);
            }
        }
        if (numbers.size() == 2 && numbers.last() == max && numbers.first() >= min && numbers.first() < max
                && text.contains("/")) {
            numbers.remove(max); // "5/7": the 7 is the scale
        }
        if (numbers.size() != 1) {
            return new Reading.Unreadable();
        }
        int n = numbers.first();
        return n < min || n > max ? new Reading.OutOfRange(n) : new Reading.Score(n);
    }

    private static void flushDigits(StringBuilder digits, TreeSet<Integer> out) {
        if (!digits.isEmpty()) {
            out.add(digits.length() > 6 ? Integer.MAX_VALUE : Integer.parseInt(digits.toString()));
            digits.setLength(0);
        }
    }

    private static void flushWord(StringBuilder word, TreeSet<Integer> out) {
        if (!word.isEmpty()) {
            Integer n = WORDS.get(word.toString().toUpperCase(Locale.ROOT));
            if (n != null) {
                out.add(n);
            }
            word.setLength(0);
        }
    }

    /** The score in {@code reading}, if it is one. */
    public static OptionalInt score(Reading reading) {
        return reading instanceof Reading.Score s ? OptionalInt.of(s.value()) : OptionalInt.empty();
    }
}
