package io.waitless.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Typed readers for single config values. Each one records an error naming the key and line and
 * returns the default (or empty) when the value is wrong; the loader then refuses the whole file.
 */
final class Values {

    /** Ids of channels, flows and promotions: used in events, reports and Asterisk class names. */
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    private Values() {
    }

    /**
     * Converts a scalar; {@code parser} throws {@link IllegalArgumentException} with a message that
     * follows the value ("is not a duration (...)").
     */
    static <T> Optional<T> convert(Problems problems, Scalar s, Function<String, T> parser) {
        try {
            return Optional.of(parser.apply(s.value().strip()));
        } catch (IllegalArgumentException e) {
            problems.error(s.line(), s.key(), s.shown() + " " + e.getMessage());
            return Optional.empty();
        }
    }

    static String text(Section sec, String name, String fallback) {
        return sec.scalar(name).map(Scalar::value).orElse(fallback);
    }

    static int integer(Section sec, String name, int fallback, int min, int max) {
        return sec.scalar(name)
                .flatMap(s -> convert(sec.problems(), s, v -> inRange(wholeNumber(v), min, max)))
                .orElse(fallback);
    }

    static float number(Section sec, String name, float fallback, float min, float max) {
        return sec.scalar(name)
                .flatMap(s -> convert(sec.problems(), s, v -> {
                    float f = decimal(v);
                    if (f < min || f > max) {
                        throw new IllegalArgumentException("is outside " + plain(min) + ".." + plain(max));
                    }
                    return f;
                }))
                .orElse(fallback);
    }

    static boolean bool(Section sec, String name, boolean fallback) {
        return sec.scalar(name)
                .flatMap(s -> convert(sec.problems(), s, v -> switch (v.toLowerCase(Locale.ROOT)) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw new IllegalArgumentException("is not true or false");
                }))
                .orElse(fallback);
    }

    /** A duration between {@code min} and {@code max} inclusive. */
    static Duration duration(Section sec, String name, Duration fallback, Duration min, Duration max) {
        return sec.scalar(name)
                .flatMap(s -> convert(sec.problems(), s, v -> {
                    Duration d = Durations.parse(v);
                    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                        throw new IllegalArgumentException("is outside " + Durations.format(min) + ".." + Durations.format(max));
                    }
                    return d;
                }))
                .orElse(fallback);
    }

    /** One of an enum's constants, written in lower case ({@code kannel}). */
    static <E extends Enum<E>> Optional<E> choice(Section sec, String name, Class<E> type) {
        return sec.required(name).flatMap(s -> convert(sec.problems(), s, v -> {
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(v)) {
                    return e;
                }
            }
            throw new IllegalArgumentException("is not one of " + Arrays.stream(type.getEnumConstants())
                    .map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
        }));
    }

    /** A literal IP address; host names are refused, never looked up. */
    static InetAddress address(String v) {
        return Cidr.literal(v).orElseThrow(() -> new IllegalArgumentException(
                "is not an IP address (write a literal such as 127.0.0.1 or ::1; names are not looked up)"));
    }

    /** An absolute {@code http} or {@code https} URL. */
    static URI httpUrl(String v) {
        URI uri = uri(v);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("is not an absolute http(s) URL (e.g. https://example.com/path)");
        }
        return uri;
    }

    static URI uri(String v) {
        try {
            return new URI(v);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a URI: " + e.getReason(), e);
        }
    }

    private static final java.util.Set<String> ISO_REGIONS = java.util.Set.of(Locale.getISOCountries());

    /** A 2-letter upper-case ISO 3166 region code ({@code IL}). */
    static String region(String v) {
        if (!v.matches("[A-Z]{2}") || !ISO_REGIONS.contains(v)) {
            throw new IllegalArgumentException("is not a 2-letter upper-case ISO 3166 region code (e.g. IL, US, GB)");
        }
        return v;
    }

    static int wholeNumber(String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is not a whole number", e);
        }
    }

    static int inRange(int n, int min, int max) {
        if (n < min || n > max) {
            throw new IllegalArgumentException("is outside " + min + ".." + max);
        }
        return n;
    }

    private static float decimal(String v) {
        if (!v.matches("-?\\d+(\\.\\d+)?")) {
            throw new IllegalArgumentException("is not a number");
        }
        return Float.parseFloat(v);
    }

    private static String plain(float f) {
        return f == Math.rint(f) ? Integer.toString((int) f) : Float.toString(f);
    }
}
