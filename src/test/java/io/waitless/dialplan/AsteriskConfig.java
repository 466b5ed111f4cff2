package io.waitless.dialplan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An Asterisk {@code .conf} file read the way Asterisk's config parser reads it (main/config.c), enough for our
 * files: {@code ;} starts a comment unless escaped as {@code \;}; {@code [name]} (optionally followed by
 * {@code (options)}) starts a section; {@code key = value} and {@code key => value} are entries, with blanks
 * around key and value dropped. Every entry keeps its file and line, so a check can name {@code file:line}.
 * Test code; not a full parser ({@code #include}, templates and {@code ;--  --;} block comments are not needed).
 */
record AsteriskConfig(String file, List<Section> sections, List<Line> lines) {

    /** One non-blank line after comment removal. */
    record Line(String file, int number, String text) {
        String where() {
            return file + ":" + number;
        }
    }

    record Entry(String key, String value, boolean arrow, Line line) {}

    record Section(String name, Line line, List<Entry> entries) {
        Optional<Entry> first(String key) {
            return entries.stream().filter(e -> e.key().equals(key)).findFirst();
        }

        Map<String, String> values() {
            Map<String, String> m = new LinkedHashMap<>();
            entries.forEach(e -> m.putIfAbsent(e.key(), e.value()));
            return m;
        }
    }

    static AsteriskConfig read(Path file) throws IOException {
        return parse(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    static AsteriskConfig parse(String file, String text) {
        List<Section> sections = new ArrayList<>();
        List<Line> lines = new ArrayList<>();
        Section current = null;
        String[] raw = text.split("\n", -1);
        for (int i = 0; i < raw.length; i++) {
            String body = stripComment(raw[i]).strip();
            if (body.isEmpty()) {
                continue;
            }
            Line line = new Line(file, i + 1, body);
            lines.add(line);
            if (body.startsWith("[")) {
                int close = body.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException(line.where() + ": section header without ']': " + body);
                }
                current = new Section(body.substring(1, close).strip(), line, new ArrayList<>());
                sections.add(current);
                continue;
            }
            int eq = body.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(line.where() + ": neither [section] nor key=value: " + body);
            }
            if (current == null) {
                throw new IllegalArgumentException(line.where() + ": entry before any [section]: " + body);
            }
            boolean arrow = eq + 1 < body.length() && body.charAt(eq + 1) == '>';
            String key = body.substring(0, eq).strip();
            String value = body.substring(eq + (arrow ? 2 : 1)).strip();
            current.entries().add(new Entry(key, value, arrow, line));
        }
        return new AsteriskConfig(file, List.copyOf(sections), List.copyOf(lines));
    }

    Optional<Section> section(String name) {
        return sections.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The line without its comment: from the first {@code ;} not escaped by a backslash. */
    static String stripComment(String line) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == ';') {
                out.append(';');
                i++;
            } else if (c == ';') {
                break;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
