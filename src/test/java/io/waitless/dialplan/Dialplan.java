package io.waitless.dialplan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code extensions.conf} file as pbx_config builds it: contexts of extensions, each a list of numbered
 * steps. {@code exten => pattern,priority[(label)],App(args)} starts or extends an extension;
 * {@code same => …} continues the last one; priority {@code n} is the previous one plus one. App arguments are
 * split the way {@code ast_app_separate_args} splits them: on commas outside parentheses, {@code [...]} and
 * double quotes, with {@code \} escaping the next character.
 */
record Dialplan(AsteriskConfig config, Map<String, Map<String, List<Step>>> contexts, Map<String, String> globals) {
    private static final Pattern PRIORITY = Pattern.compile("(n|\\d+|hint)(?:\\+\\d+)?(?:\\(([^)]*)\\))?");

    /** One priority of one extension. */
    record Step(String context, String exten, int priority, String label, String app, String rawArgs,
                AsteriskConfig.Line line) {
        List<String> args() {
            return splitArgs(rawArgs, ',');
        }

        String where() {
            return line.where();
        }

        @Override
        public String toString() {
            return where() + " " + context + "," + exten + "," + priority + " " + app + "(" + rawArgs + ")";
        }
    }

    static Dialplan of(AsteriskConfig config) {
        Map<String, Map<String, List<Step>>> contexts = new LinkedHashMap<>();
        Map<String, String> globals = new LinkedHashMap<>();
        for (AsteriskConfig.Section s : config.sections()) {
            if (s.name().equals("globals")) {
                s.entries().forEach(e -> globals.put(e.key(), e.value()));
                continue;
            }
            if (s.name().equals("general")) {
                continue;
            }
            Map<String, List<Step>> extens = contexts.computeIfAbsent(s.name(), k -> new LinkedHashMap<>());
            String lastExten = null;
            int lastPriority = 0;
            for (AsteriskConfig.Entry e : s.entries()) {
                List<String> parts = splitArgs(e.value(), ',');
                String exten;
                int at;
                if (e.key().equals("exten")) {
                    exten = parts.getFirst().strip();
                    at = 1;
                } else if (e.key().equals("same")) {
                    if (lastExten == null) {
                        throw new IllegalArgumentException(e.line().where() + ": 'same =>' before any 'exten =>'");
                    }
                    exten = lastExten;
                    at = 0;
                } else {
                    continue; // include =>, switch =>, ignorepat => …: not used here
                }
                if (parts.size() < at + 2) {
                    throw new IllegalArgumentException(e.line().where() + ": expected priority and application: "
                            + e.value());
                }
                Matcher p = PRIORITY.matcher(parts.get(at).strip());
                if (!p.matches()) {
                    throw new IllegalArgumentException(e.line().where() + ": bad priority '" + parts.get(at) + "'");
                }
                int priority = p.group(1).equals("n") ? (exten.equals(lastExten) ? lastPriority + 1 : 1)
                        : p.group(1).equals("hint") ? -1 : Integer.parseInt(p.group(1));
                String app = e.value().substring(offsetOfPart(e.value(), at + 1)).strip();
                int open = app.indexOf('(');
                String name = open < 0 ? app : app.substring(0, open).strip();
                String args = "";
                if (open >= 0) {
                    if (!app.endsWith(")")) {
                        throw new IllegalArgumentException(e.line().where() + ": application without closing ')': " + app);
                    }
                    args = app.substring(open + 1, app.length() - 1);
                }
                extens.computeIfAbsent(exten, k -> new ArrayList<>())
                        .add(new Step(s.name(), exten, priority, p.group(2), name, args, e.line()));
                lastExten = exten;
                lastPriority = priority;
            }
        }
        return new Dialplan(config, contexts, globals);
    }

    /** Index in {@code s} where its {@code n}-th top-level comma-separated part begins. */
    private static int offsetOfPart(String s, int n) {
        int part = 0;
        int depth = 0;
        for (int i = 0; i < s.length() && part < n; i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                part++;
                if (part == n) {
                    return i + 1;
                }
            }
        }
        throw new IllegalArgumentException("no part " + n + " in " + s);
    }

    /** {@code ast_app_separate_args}: split on {@code delim} outside (), [] and "", honouring {@code \}. */
    static List<String> splitArgs(String s, char delim) {
        List<String> out = new ArrayList<>();
        if (s.isEmpty()) {
            return out;
        }
        StringBuilder cur = new StringBuilder();
        int paren = 0;
        int bracket = 0;
        boolean quote = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                cur.append(c).append(s.charAt(++i));
                continue;
            }
            if (c == '(') {
                paren++;
            } else if (c == ')') {
                paren = Math.max(0, paren - 1);
            } else if (c == '[') {
                bracket++;
            } else if (c == ']') {
                bracket = Math.max(0, bracket - 1);
            } else if (c == '"') {
                quote = !quote;
            } else if (c == delim && paren == 0 && bracket == 0 && !quote) {
                out.add(cur.toString());
                cur.setLength(0);
                continue;
            }
            cur.append(c);
        }
        out.add(cur.toString());
        return out;
    }

    List<Step> steps() {
        return contexts.values().stream().flatMap(m -> m.values().stream()).flatMap(List::stream).toList();
    }

    /** The extension of {@code context} that {@code dialed} would run: an exact name first, then a pattern. */
    Optional<String> match(String context, String dialed) {
        Map<String, List<Step>> extens = contexts.get(context);
        if (extens == null) {
            return Optional.empty();
        }
        if (extens.containsKey(dialed)) {
            return Optional.of(dialed);
        }
        return extens.keySet().stream().filter(x -> x.startsWith("_") && patternMatches(x, dialed)).findFirst();
    }

    /** The step of {@code context,exten} at a numeric priority or label. */
    Optional<Step> step(String context, String exten, String priorityOrLabel) {
        List<Step> steps = contexts.getOrDefault(context, Map.of()).get(exten);
        if (steps == null) {
            return Optional.empty();
        }
        return steps.stream().filter(st -> priorityOrLabel.equals(st.label())
                || priorityOrLabel.equals(Integer.toString(st.priority()))).findFirst();
    }

    /** Asterisk extension pattern ({@code _}: X Z N, [set], . one or more, ! zero or more). */
    static boolean patternMatches(String pattern, String dialed) {
        StringBuilder re = new StringBuilder();
        for (int i = 1; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            switch (Character.toUpperCase(c)) {
                case 'X' -> re.append("[0-9]");
                case 'Z' -> re.append("[1-9]");
                case 'N' -> re.append("[2-9]");
                case '.' -> re.append(".+");
                case '!' -> re.append(".*");
                case '[' -> {
                    int close = pattern.indexOf(']', i);
                    re.append('[').append(pattern, i + 1, close).append(']');
                    i = close;
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return dialed.matches(re.toString());
    }
}
