package io.waitless.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node's config for a benchmark: the shipped {@code config/waitless.yaml} as it is, with a few scalar values
 * replaced by their dotted key ({@code agi.port}, {@code budgets.global.max}), so the node under test runs the
 * operators' config and only the ports, the Redis and what the benchmark states differ. Only keys inside
 * mappings can be replaced (not list items); a key that is not in the file is an error, not a silent no-op.
 */
public final class NodeConfigFile {
    private static final Pattern KEY = Pattern.compile("^( *)([A-Za-z0-9_-]+):(\\s*)(.*)$");

    private final Map<String, String> overrides = new LinkedHashMap<>();

    /** Replaces the value at {@code dottedKey} with {@code value}, written as is (quote it for YAML if needed). */
    public NodeConfigFile set(String dottedKey, String value) {
        overrides.put(dottedKey, value);
        return this;
    }

    /** Writes {@code source} with the replacements to {@code target}. */
    public Path write(Path source, Path target) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        return Files.writeString(target, apply(Files.readString(source)));
    }

    String apply(String yaml) {
        List<String> path = new ArrayList<>();
        List<Integer> indents = new ArrayList<>();
        Map<String, String> left = new LinkedHashMap<>(overrides);
        StringBuilder out = new StringBuilder();
        for (String line : yaml.split("\n", -1)) {
            Matcher m = KEY.matcher(line);
            if (m.matches() && !line.stripLeading().startsWith("#")) {
                int indent = m.group(1).length();
                while (!indents.isEmpty() && indents.getLast() >= indent) {
                    indents.removeLast();
                    path.removeLast();
                }
                path.add(m.group(2));
                indents.add(indent);
                String replaced = left.remove(String.join(".", path));
                if (replaced != null) {
                    line = m.group(1) + m.group(2) + ": " + replaced;
                }
            } else if (!line.isBlank() && !line.stripLeading().startsWith("#") && !line.stripLeading().startsWith("-")) {
                int indent = line.length() - line.stripLeading().length();
                while (!indents.isEmpty() && indents.getLast() >= indent) {
                    indents.removeLast();
                    path.removeLast();
                }
            }
            out.append(line).append('\n');
        }
        if (!left.isEmpty()) {
            throw new IllegalArgumentException("not in the config file: " + left.keySet());
        }
        return out.substring(0, out.length() - 1);
    }
}
