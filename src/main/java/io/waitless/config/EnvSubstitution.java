package io.waitless.config;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in config values with environment variables.
 * {@code :-} uses the default when the variable is unset or empty, as a POSIX shell does. The variable's
 * value never appears in any message.
 */
final class EnvSubstitution {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");

    /** What a substitution found besides the value: variables missing, defaults used. */
    record Outcome(String value, List<String> missing, List<String> defaulted) {}

    private final Map<String, String> env;

    EnvSubstitution(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    Outcome apply(String text) {
        if (!text.contains("${")) {
            return new Outcome(text, List.of(), List.of());
        }
        List<String> missing = new java.util.ArrayList<>();
        List<String> defaulted = new java.util.ArrayList<>();
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = env.get(name);
            boolean hasDefault = m.group(2) != null;
            if (hasDefault && (value == null || value.isEmpty())) {
                value = m.group(3);
                defaulted.add(name);
            } else if (value == null) {
                value = "";
                missing.add(name);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return new Outcome(out.toString(), List.copyOf(missing), List.copyOf(defaulted));
    }
}
