package io.waitless.reload;

import org.apache.commons.codec.digest.DigestUtils;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What changes between two versions of {@code waitless.yaml}, by meaning rather than by line: comments, key
 * order and quoting do not count, list entries with an {@code id} (or {@code name}) are matched by it (so
 * {@code promotions[pay-in-app].variants[b].weight} changed, not "line 412"), and an entry that appears or
 * disappears is one change. Values of secret keys written in the file are never shown (a 24-bit fingerprint shows they changed). Each change says
 * whether a running node takes it on reload or only at a restart.
 */
public final class ConfigDiff {

    /** What happened to a key or a list entry. */
    public enum Kind { ADDED, REMOVED, CHANGED }

    /**
     * One change.
     *
     * @param path       {@code company.name}, {@code promotions[pay-in-app]}, {@code agi.port}
     * @param before     the old value ({@code ""} when added; masked for secrets)
     * @param after      the new value ({@code ""} when removed; masked for secrets)
     * @param reloadable whether a running node applies it on reload; otherwise it waits for a restart
     */
    public record Change(String path, Kind kind, String before, String after, boolean reloadable) {
        /** {@code ~ promotions[x].text: "old" -> "new"}, {@code + promotions[y]}, {@code - flows[z]}. */
        public String describe() {
            String what = switch (kind) {
                case ADDED -> "+ " + path + (after.isEmpty() ? "" : ": " + after);
                case REMOVED -> "- " + path;
                case CHANGED -> "~ " + path + ": " + before + " -> " + after;
            };
            return what + (reloadable ? "" : "   (needs a restart)");
        }
    }

    /**
     * Paths a running node takes on reload: what callers hear and are sent (promotions, variants, texts,
     * templates), where links lead, which channels exist and how they are checked. The rest (listeners, Redis,
     * gateways, budgets, callers' rules, queues, intents, speech, secrets) is read once at start.
     */
    private static final List<String> RELOADABLE = List.of("company.", "channels[", "flows[", "promotions[",
            "sms.templates.", "links.ttl", "prompts.texts.", "prompts.languages");

    private static final Pattern SECRET = Pattern.compile("(?i).*(password|secret|token|-key|keys|-hash)$");

    private ConfigDiff() {
    }

    /** Whether a running node applies a change at this path on reload. */
    public static boolean reloadable(String path) {
        if (path.matches("queues\\[[^\\]]+]\\.language") || path.equals("prompts.languages")) {
            return true; // callers' languages are part of what a reload swaps
        }
        return RELOADABLE.stream().anyMatch(p -> path.startsWith(p) || path.equals(p.replaceAll("[.\\[]$", "")));
    }

    /**
     * The changes from {@code before} to {@code after}, in the order of {@code after}'s keys (removals last).
     *
     * @throws IllegalArgumentException when either text is not YAML
     */
    public static List<Change> between(String before, String after) {
        return between(flatten(before), flatten(after));
    }

    /** The changes between two flattened versions (see {@link #flatten}). */
    public static List<Change> between(Map<String, String> before, Map<String, String> after) {
        List<Change> out = new ArrayList<>();
        Set<String> entriesBefore = entries(before.keySet());
        Set<String> entriesAfter = entries(after.keySet());
        Set<String> reported = new LinkedHashSet<>();
        for (Map.Entry<String, String> e : after.entrySet()) {
            String path = e.getKey();
            String added = outermost(path, entriesAfter, entriesBefore);
            if (added != null) {
                if (reported.add(added)) {
                    out.add(new Change(added, Kind.ADDED, "", "", reloadable(added)));
                }
                continue;
            }
            String old = before.get(path);
            if (old == null) {
                out.add(new Change(path, Kind.ADDED, "", e.getValue(), reloadable(path)));
            } else if (!old.equals(e.getValue())) {
                out.add(new Change(path, Kind.CHANGED, old, e.getValue(), reloadable(path)));
            }
        }
        for (Map.Entry<String, String> e : before.entrySet()) {
            String path = e.getKey();
            if (after.containsKey(path)) {
                continue;
            }
            String removed = outermost(path, entriesBefore, entriesAfter);
            if (removed != null) {
                if (reported.add(removed)) {
                    out.add(new Change(removed, Kind.REMOVED, "", "", reloadable(removed)));
                }
            } else {
                out.add(new Change(path, Kind.REMOVED, e.getValue(), "", reloadable(path)));
            }
        }
        return out;
    }

    /** The outermost list entry containing {@code path} that is in {@code here} but not in {@code there}. */
    private static String outermost(String path, Set<String> here, Set<String> there) {
        for (String entry : here) {
            if ((path.equals(entry) || path.startsWith(entry + ".")) && !there.contains(entry)) {
                String outer = entry;
                for (String e : here) {
                    if (outer.startsWith(e + ".") && !there.contains(e)) {
                        outer = e;
                    }
                }
                return outer;
            }
        }
        return null;
    }

    /** Every list-entry prefix ({@code promotions[x]}, {@code promotions[x].variants[a]}) among the paths. */
    private static Set<String> entries(Set<String> paths) {
        Set<String> out = new LinkedHashSet<>();
        for (String p : paths) {
            int i = p.indexOf(']');
            while (i > 0) {
                out.add(p.substring(0, i + 1));
                i = p.indexOf(']', i + 1);
            }
        }
        return out;
    }

    /**
     * The file as {@code path -> value}: mappings by key, lists of mappings by each entry's {@code id} (or
     * {@code name}, else its position), lists of plain values as one value {@code [a, b]}. Secrets written in the
     * file are masked; {@code ${NAME}} references are kept as written.
     *
     * @throws IllegalArgumentException when the text is not YAML
     */
    public static Map<String, String> flatten(String yaml) {
        Object root;
        try {
            root = new Load(LoadSettings.builder().build()).loadFromString(yaml);
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException("not YAML: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        walk("", root, out);
        return out;
    }

    private static void walk(String path, Object node, Map<String, String> out) {
        if (node instanceof Map<?, ?> map) {
            if (map.isEmpty() && !path.isEmpty()) {
                out.put(path, "{}");
            }
            map.forEach((k, v) -> walk(path.isEmpty() ? String.valueOf(k) : path + "." + k, v, out));
        } else if (node instanceof List<?> list) {
            if (!list.isEmpty() && list.stream().allMatch(i -> i instanceof Map<?, ?>)) {
                for (int i = 0; i < list.size(); i++) {
                    Map<?, ?> item = (Map<?, ?>) list.get(i);
                    Object id = item.containsKey("id") ? item.get("id") : item.get("name");
                    String entry = path + "[" + (id == null ? String.valueOf(i) : String.valueOf(id)) + "]";
                    Map<Object, Object> rest = new LinkedHashMap<>(item);
                    if (id != null) {
                        rest.remove(item.containsKey("id") ? "id" : "name");
                    }
                    if (rest.isEmpty()) {
                        out.put(entry, "{}");
                    }
                    rest.forEach((k, v) -> walk(entry + "." + k, v, out));
                }
            } else {
                out.put(path, secret(path, String.valueOf(list)) ? mask(String.valueOf(list)) : String.valueOf(list));
            }
        } else if (node != null || !path.isEmpty()) {
            String value = node == null ? "null" : String.valueOf(node);
            out.put(path, secret(path, value) ? mask(value) : quote(node, withoutPassword(value)));
        }
    }

    /**
     * A secret as {@code (secret #1a2b3c)}: 24 bits of its SHA-256, enough to see that it changed, far too few to
     * recover it or confirm a guess of a long one.
     */
    private static String mask(String secret) {
        return "(secret #" + DigestUtils.sha256Hex(secret).substring(0, 6) + ")";
    }

    /** A URL's {@code user:password@} as {@code user:(secret #…)@}, so a password inside a URI is never shown. */
    private static String withoutPassword(String value) {
        Matcher m = URL_PASSWORD.matcher(value);
        return m.find() ? value.substring(0, m.start(2)) + mask(m.group(2)) + value.substring(m.end(2)) : value;
    }

    private static final Pattern URL_PASSWORD = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://([^/@:\\s]*):([^/@\\s]+)@");

    private static String quote(Object node, String value) {
        return node instanceof String ? "\"" + value + "\"" : value;
    }

    private static boolean secret(String path, String value) {
        String last = path.substring(path.lastIndexOf('.') + 1);
        return SECRET.matcher(last).matches() && !value.strip().startsWith("${") && !value.contains("[${");
    }
}
