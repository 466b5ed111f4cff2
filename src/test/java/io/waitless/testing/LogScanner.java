package io.waitless.testing;

import io.waitless.call.PhoneMask;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds what must never be in a log line: raw phone numbers (E.164, national numbers as the tests write them,
 * and any known test number in other forms) and secrets (the test configs' keys, passwords, tokens and webhook
 * secrets, signed-link tokens, bcrypt hashes, bearer keys). Masked numbers ({@code +97250•••5678}), timestamps,
 * call and UUID ids and ports are not hits. Pure apart from reading files; thread-safe.
 */
public final class LogScanner {
    /** One finding; {@link #toString()} never shows the raw value. */
    public record Hit(String where, int line, String what, String masked) {
        @Override
        public String toString() {
            return where + ":" + line + ": " + what + " " + masked;
        }
    }

    /** {@code +} and 8 to 15 digits, not inside a longer run of digits or a word. */
    private static final Pattern E164 = Pattern.compile("(?<![\\w+])\\+\\d{8,15}(?![\\d•])");
    /** A national number as people write it: {@code 0502345678}, {@code 050-234-5678}, {@code 03-612-3456}. */
    private static final Pattern NATIONAL = Pattern.compile(
            "(?<![\\w.:/+-])(?:0\\d{8,10}|0\\d{1,2}-\\d{3}-\\d{4})(?![\\w.-]*\\d)");
    private static final Pattern DIGIT_RUN = Pattern.compile("\\d{8,}");
    private static final List<Pattern> SECRET_SHAPES = List.of(
            Pattern.compile("eyJ[\\w-]{8,}\\.eyJ[\\w-]{8,}\\.[\\w-]{8,}"), // a JWT: a signed-link token
            Pattern.compile("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}"), // a bcrypt hash
            Pattern.compile("(?i)bearer\\s+[\\w.~+/-]{8,}"),
            Pattern.compile("(?i)(?:wl_token|password|secret|auth_?token)=[^&\\s\"']{6,}"));

    private final Set<String> secrets;
    /** The last nine digits (or all, when fewer) of each known test number. */
    private final Set<String> numberCores;

    /**
     * @param secrets       exact values that must not appear (six characters or more)
     * @param knownNumbers  phone numbers the tests use, in any format
     */
    public LogScanner(Set<String> secrets, Set<String> knownNumbers) {
        this.secrets = secrets.stream().filter(s -> s.length() >= 6).collect(java.util.stream.Collectors.toUnmodifiableSet());
        this.numberCores = knownNumbers.stream().map(n -> n.replaceAll("\\D", "")).filter(d -> d.length() >= 8)
                .map(d -> d.substring(Math.max(0, d.length() - 9))).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** The hits of one line. */
    public List<Hit> scan(String where, int lineNo, String line) {
        List<Hit> hits = new ArrayList<>();
        for (Matcher m = E164.matcher(line); m.find(); ) {
            hits.add(new Hit(where, lineNo, "phone number", PhoneMask.mask(m.group())));
        }
        for (Matcher m = NATIONAL.matcher(line); m.find(); ) {
            hits.add(new Hit(where, lineNo, "national phone number", PhoneMask.mask(m.group())));
        }
        if (hits.isEmpty()) {
            for (Matcher m = DIGIT_RUN.matcher(line); m.find(); ) {
                String run = m.group();
                if (numberCores.stream().anyMatch(run::contains)) {
                    hits.add(new Hit(where, lineNo, "known test number", PhoneMask.mask(run)));
                }
            }
        }
        for (String s : secrets) {
            if (line.contains(s)) {
                hits.add(new Hit(where, lineNo, "secret", hide(s)));
            }
        }
        for (Pattern p : SECRET_SHAPES) {
            for (Matcher m = p.matcher(line); m.find(); ) {
                hits.add(new Hit(where, lineNo, "token or key", hide(m.group())));
            }
        }
        return hits;
    }

    /** The hits of every line of {@code file}, read as UTF-8 (undecodable bytes replaced). */
    public List<Hit> scan(Path file) throws IOException {
        List<Hit> hits = new ArrayList<>();
        String where = file.toString();
        String[] lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            hits.addAll(scan(where, i + 1, lines[i]));
        }
        return hits;
    }

    /** The first three characters and the length: enough to find it, useless to an attacker. */
    static String hide(String s) {
        return s.substring(0, Math.min(3, s.length())) + "… (" + s.length() + " characters)";
    }

    // ---- what the tests use, collected from their sources and configs

    /** {@code static final String SOME_SECRET = "value"} (and KEY, TOKEN, PASSWORD, HASH) in Java sources. */
    private static final Pattern SECRET_CONSTANT = Pattern.compile(
            "static final String \\w*(?:SECRET|KEY|TOKEN|PASSWORD|PASS|HASH)\\w* = \"([^\"\\s]{6,})\"");
    /** {@code secret: value}, {@code password: "${ENV:-default}"}, {@code keys: [a, b]} in YAML, also inside Java text blocks. */
    private static final Pattern SECRET_YAML = Pattern.compile(
            "(?i)\\b(?:secret|password|auth-token|api-key-secret|reference-key|encryption-key|session-secret|key|keys)"
                    + ":[ \\t]*\\[?[ \\t]*[\"']?(?:\\$\\{\\w+:-)?([^\"'\\s,\\]}#]{8,})");
    private static final Pattern E164_LITERAL = Pattern.compile("\"(\\+\\d{8,15})\"");
    private static final Pattern NATIONAL_LITERAL = Pattern.compile("\"(0\\d{8,10}|0\\d{1,2}-\\d{3}-\\d{4})\"");

    /** Secrets and phone numbers the tests use, collected from their sources and configs. */
    public record Known(Set<String> secrets, Set<String> numbers) {}

    /** Collects {@link Known} from every file under the given roots ({@code .java}, {@code .yaml}, {@code .yml}, {@code .conf}). */
    public static Known collect(List<Path> roots) throws IOException {
        Set<String> secrets = new TreeSet<>();
        Set<String> numbers = new TreeSet<>();
        for (Path root : roots) {
            if (!Files.exists(root)) {
                continue;
            }
            List<Path> files;
            try (Stream<Path> walk = Files.walk(root)) {
                files = walk.filter(Files::isRegularFile).filter(p -> p.toString().matches(".*\\.(java|ya?ml|conf)$"))
                        .sorted(Comparator.naturalOrder()).toList();
            }
            for (Path f : files) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                collect(SECRET_CONSTANT, text, secrets);
                collect(SECRET_YAML, text, secrets);
                collect(E164_LITERAL, text, numbers);
                collect(NATIONAL_LITERAL, text, numbers);
            }
        }
        secrets.removeIf(s -> s.startsWith("WAITLESS_") || s.matches("[A-Z_]+")); // names of variables, not values
        return new Known(secrets, numbers);
    }

    private static void collect(Pattern p, String text, Set<String> into) {
        for (Matcher m = p.matcher(text); m.find(); ) {
            String v = m.group(1).replaceAll("(\\\\n)+$", ""); // a YAML line inside a Java string ends in \n
            if (!v.startsWith("${") && v.length() >= 6) {
                into.add(v);
            }
        }
    }
}
