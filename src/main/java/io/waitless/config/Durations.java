package io.waitless.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as written in the config: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 7d},
 * or ISO-8601 ({@code PT30S}, {@code P7D}). A bare number is refused: it has no unit.
 */
public final class Durations {

    /** How to write a duration; ends every message about one that could not be read. */
    public static final String HINT = "use e.g. 3s, 500ms, PT3S";

    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    private Durations() {
    }

    /**
     * Reads a duration.
     *
     * @throws IllegalArgumentException when the text is not a non-negative duration; the message
     *                                  says why, without repeating the text
     */
    public static Duration parse(String text) {
        String s = text.strip();
        Matcher m = SHORT.matcher(s);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        if (s.matches("\\d+(\\.\\d+)?")) {
            throw new IllegalArgumentException("is a bare number, not a duration (" + HINT + ")");
        }
        if (s.startsWith("P") || s.startsWith("p")) {
            Duration d;
            try {
                d = Duration.parse(s);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("is not a duration (" + HINT + ")", e);
            }
            if (d.isNegative()) {
                throw new IllegalArgumentException("is negative; a duration here must be 0 or more");
            }
            return d;
        }
        throw new IllegalArgumentException("is not a duration (" + HINT + ")");
    }

    /** Writes a duration the short way ({@code 500ms}, {@code 30s}, {@code 7d}), in its largest exact unit. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0 || ms == 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
