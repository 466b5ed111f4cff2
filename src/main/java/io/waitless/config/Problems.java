package io.waitless.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Errors and warnings found while loading one file, each written as {@code file:line: key: message}.
 * Not thread-safe: one instance per load.
 */
final class Problems {

    private record Entry(int line, String text) {}

    private final String file;
    private final List<Entry> errors = new ArrayList<>();
    private final List<Entry> warnings = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    /** Records an error at a 1-based line; {@code key} is the dotted path, or empty for the file itself. */
    void error(int line, String key, String message) {
        errors.add(new Entry(line, format(line, key, message)));
    }

    void warning(int line, String key, String message) {
        warnings.add(new Entry(line, format(line, key, message)));
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** How many errors so far: a reader compares counts to tell whether a getter already reported one. */
    int errorCount() {
        return errors.size();
    }

    /** Throws one exception listing every error in line order, after a one-line summary. */
    void throwIfAny() {
        if (errors.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder()
                .append(errors.size()).append(errors.size() == 1 ? " error in " : " errors in ").append(file);
        sorted(errors).forEach(line -> text.append('\n').append(line));
        throw new ConfigException(text.toString());
    }

    List<String> warnings() {
        return sorted(warnings);
    }

    private static List<String> sorted(List<Entry> entries) {
        return entries.stream().sorted(Comparator.comparingInt(Entry::line)).map(Entry::text).toList();
    }

    /** Records an error about the whole file, which has no line (it cannot be read at all). */
    void fileError(String message) {
        errors.add(new Entry(0, file + ": " + message));
    }

    private String format(int line, String key, String message) {
        return file + ":" + line + ": " + (key.isEmpty() ? "" : key + ": ") + message;
    }
}
