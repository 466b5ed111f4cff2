package io.waitless.deflect;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Recognises opt-out and opt-in replies. A text is a keyword only when its whole body is one: trimmed,
 * compared in upper case, with punctuation, symbols and diacritics ignored ({@code "Stop."} is {@code STOP};
 * {@code "please stop texting me"} is not). Immutable and thread-safe.
 */
public final class SmsKeywords {

    /** What an inbound text asks for. */
    public enum Meaning { OPT_OUT, OPT_IN, NONE }

    /** STOP and its common variants, and the Hebrew "remove", "removal", "stop", "cancel". */
    public static final List<String> DEFAULT_OPT_OUT =
            List.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "הסר", "הסרה", "עצור", "בטל");
    public static final List<String> DEFAULT_OPT_IN = List.of("START", "UNSTOP");

    private final Set<String> optOut;
    private final Set<String> optIn;

    public SmsKeywords(List<String> optOut, List<String> optIn) {
        this.optOut = optOut.stream().map(SmsKeywords::normalize).collect(Collectors.toUnmodifiableSet());
        this.optIn = optIn.stream().map(SmsKeywords::normalize).collect(Collectors.toUnmodifiableSet());
    }

    public Meaning meaning(String text) {
        String n = normalize(text);
        if (n.isEmpty()) {
            return Meaning.NONE;
        }
        return optOut.contains(n) ? Meaning.OPT_OUT : optIn.contains(n) ? Meaning.OPT_IN : Meaning.NONE;
    }

    /** Whether one of the text's words is an opt-out keyword (a text to review, not an opt-out). */
    public boolean mentionsOptOut(String text) {
        String n = normalize(text);
        return !n.isEmpty() && java.util.Arrays.stream(n.split(" ")).anyMatch(optOut::contains);
    }

    /** Upper case, letters and digits only, inner spaces collapsed to one. {@code null} gives "". */
    public static String normalize(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (Character.isLetterOrDigit(cp)) {
                out.appendCodePoint(cp);
            } else if (Character.isWhitespace(cp) && !out.isEmpty() && out.charAt(out.length() - 1) != ' ') {
                out.append(' ');
            }
        });
        return out.toString().strip().toUpperCase(Locale.ROOT);
    }
}
