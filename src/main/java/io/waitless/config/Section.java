package io.waitless.config;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.Optional;
import java.util.Set;

/**
 * One YAML mapping of the config ({@code sms}, {@code flows[2]}) read key by key. Every key read is
 * remembered, so {@link #finish()} can refuse the keys nobody read: a typo is an error, never ignored.
 * Problems go to the shared {@link Problems} with the key's line; a getter that found a problem
 * returns an empty {@link Optional}, and the loader throws before such a config is built.
 */
final class Section {

    private final String path;
    private final int line;
    private final boolean present;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> known = new LinkedHashSet<>();
    private final List<Section> children = new ArrayList<>();
    private final Problems problems;
    private final EnvSubstitution env;

    private Section(String path, Node node, int line, Problems problems, EnvSubstitution env) {
        this.path = path;
        this.problems = problems;
        this.env = env;
        this.present = node instanceof MappingNode;
        this.line = line;
        if (node instanceof MappingNode mapping) {
            index(mapping);
        } else if (node != null && !isNull(node)) {
            problems.error(this.line, path.isEmpty() ? "" : path, "expected a mapping of keys to values, found " + kind(node));
        }
    }

    static Section root(Node node, Problems problems, EnvSubstitution env) {
        return new Section("", node, YamlDocument.line(node), problems, env);
    }

    String path() {
        return path;
    }

    int line() {
        return line;
    }

    boolean present() {
        return present;
    }

    Problems problems() {
        return problems;
    }

    String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** Whether the key is written (with a non-null value); counts as reading it. */
    boolean has(String name) {
        known.add(name);
        NodeTuple t = entries.get(name);
        return t != null && !isNull(t.getValueNode());
    }

    /** The scalar at {@code name} after {@code ${NAME}} substitution; empty when absent, null or wrong. */
    Optional<Scalar> scalar(String name) {
        known.add(name);
        NodeTuple t = entries.get(name);
        if (t == null || isNull(t.getValueNode())) {
            return Optional.empty();
        }
        return toScalar(key(name), t.getValueNode());
    }

    /** A required scalar: a missing or blank value is an error. */
    Optional<Scalar> required(String name) {
        Optional<Scalar> s = scalar(name);
        if (s.isEmpty() && !has(name)) {
            missing(name);
        } else if (s.isPresent() && s.get().value().isBlank()) {
            problems.error(s.get().line(), s.get().key(), "is empty; a value is required");
            return Optional.empty();
        }
        return s;
    }

    /** The line of the key {@code name} when written, else the line of this section. */
    int lineOf(String name) {
        NodeTuple t = entries.get(name);
        return t == null ? line : YamlDocument.line(t.getKeyNode());
    }

    void missing(String name) {
        problems.error(line, key(name), "is missing; it is required");
    }

    /** The mapping at {@code name}; an absent one reads as empty (every key then takes its default). */
    Section section(String name) {
        known.add(name);
        NodeTuple t = entries.get(name);
        Section child = t == null
                ? new Section(key(name), null, line, problems, env)
                : new Section(key(name), t.getValueNode(), YamlDocument.line(t.getKeyNode()), problems, env);
        children.add(child);
        return child;
    }

    /** The list of mappings at {@code name} ({@code flows}); absent reads as empty. */
    List<Section> sections(String name) {
        List<Section> out = new ArrayList<>();
        sequence(name).ifPresent(seq -> {
            List<Node> items = seq.getValue();
            for (int i = 0; i < items.size(); i++) {
                Section child = new Section(key(name) + "[" + i + "]", items.get(i), YamlDocument.line(items.get(i)), problems, env);
                if (!child.present()) {
                    problems.error(YamlDocument.line(items.get(i)), child.path(), "expected a mapping of keys to values");
                    continue;
                }
                children.add(child);
                out.add(child);
            }
        });
        return out;
    }

    /** The list of scalars at {@code name} ({@code allow}); absent reads as empty. */
    List<Scalar> scalars(String name) {
        List<Scalar> out = new ArrayList<>();
        sequence(name).ifPresent(seq -> {
            List<Node> items = seq.getValue();
            for (int i = 0; i < items.size(); i++) {
                toScalar(key(name) + "[" + i + "]", items.get(i)).ifPresent(out::add);
            }
        });
        return out;
    }

    /** The mapping of names to scalars at {@code name} ({@code sms.templates}); absent reads as empty. */
    Map<String, Scalar> scalarMap(String name) {
        known.add(name);
        Map<String, Scalar> out = new LinkedHashMap<>();
        NodeTuple t = entries.get(name);
        if (t == null || isNull(t.getValueNode())) {
            return out;
        }
        if (!(t.getValueNode() instanceof MappingNode mapping)) {
            problems.error(YamlDocument.line(t.getValueNode()), key(name), "expected a mapping of names to texts, found " + kind(t.getValueNode()));
            return out;
        }
        for (NodeTuple entry : mapping.getValue()) {
            keyText(entry.getKeyNode()).ifPresent(k -> {
                if (out.containsKey(k)) {
                    duplicate(key(name) + "." + k, entry.getKeyNode(), out.get(k).line());
                } else {
                    toScalar(key(name) + "." + k, entry.getValueNode()).ifPresent(s -> out.put(k, s));
                }
            });
        }
        return out;
    }

    /**
     * The mapping of names to lists of scalars at {@code name} ({@code synonyms: {bill: [invoice, statement]}});
     * a single scalar reads as a one-item list. Absent reads as empty; duplicates and other shapes are errors.
     */
    Map<String, List<Scalar>> scalarListMap(String name) {
        return mappingOf(name, "a mapping of words to lists", (entryKey, value) -> {
            List<Scalar> items = new ArrayList<>();
            if (value instanceof SequenceNode seq) {
                List<Node> nodes = seq.getValue();
                for (int i = 0; i < nodes.size(); i++) {
                    toScalar(entryKey + "[" + i + "]", nodes.get(i)).ifPresent(items::add);
                }
            } else {
                toScalar(entryKey, value).ifPresent(items::add);
            }
            return items;
        });
    }

    /**
     * The mapping at {@code name} whose values are each a scalar or a mapping of names to scalars
     * ({@code sms.templates}: {@code en: "text"} or {@code he: {default: "text", pay-bill: "text"}}). A scalar
     * reads as a one-entry map under {@code scalarKey}. Absent reads as empty; duplicates and other shapes are
     * errors at their line.
     */
    Map<String, Map<String, Scalar>> scalarOrMappingMap(String name, String scalarKey) {
        return mappingOf(name, "a mapping of names to texts", (entryKey, value) -> {
            Map<String, Scalar> inner = new LinkedHashMap<>();
            if (value instanceof MappingNode nested) {
                for (NodeTuple n : nested.getValue()) {
                    keyText(n.getKeyNode()).ifPresent(nk -> {
                        if (inner.containsKey(nk)) {
                            duplicate(entryKey + "." + nk, n.getKeyNode(), inner.get(nk).line());
                        } else {
                            toScalar(entryKey + "." + nk, n.getValueNode()).ifPresent(v -> inner.put(nk, v));
                        }
                    });
                }
            } else {
                // a plain text keeps the language's own key, as before flow templates existed
                toScalar(entryKey, value).ifPresent(v -> inner.put(scalarKey, v));
            }
            return inner;
        });
    }

    /**
     * Walks the mapping at {@code name}: each key once (a repeated key is an error at its line, naming the
     * first), its value read by {@code read(entryKey, valueNode)}. Absent reads as empty; anything but a mapping
     * is an error saying {@code expected}.
     */
    private <V> Map<String, V> mappingOf(String name, String expected, BiFunction<String, Node, V> read) {
        known.add(name);
        Map<String, V> out = new LinkedHashMap<>();
        Map<String, Integer> firstLines = new LinkedHashMap<>();
        NodeTuple t = entries.get(name);
        if (t == null || isNull(t.getValueNode())) {
            return out;
        }
        if (!(t.getValueNode() instanceof MappingNode mapping)) {
            problems.error(YamlDocument.line(t.getValueNode()), key(name), "expected " + expected + ", found "
                    + kind(t.getValueNode()));
            return out;
        }
        for (NodeTuple entry : mapping.getValue()) {
            keyText(entry.getKeyNode()).ifPresent(k -> {
                String entryKey = key(name) + "." + k;
                if (firstLines.containsKey(k)) {
                    duplicate(entryKey, entry.getKeyNode(), firstLines.get(k));
                    return;
                }
                firstLines.put(k, YamlDocument.line(entry.getKeyNode()));
                out.put(k, read.apply(entryKey, entry.getValueNode()));
            });
        }
        return out;
    }

    /** Refuses every key no getter asked for, here and in every section read from this one. */
    void finish() {
        entries.forEach((name, tuple) -> {
            if (!known.contains(name)) {
                problems.error(YamlDocument.line(tuple.getKeyNode()), key(name),
                        "unknown key" + Suggestions.didYouMean(name, known) + " (allowed here: " + String.join(", ", known) + ")");
            }
        });
        children.forEach(Section::finish);
    }

    private Optional<SequenceNode> sequence(String name) {
        known.add(name);
        NodeTuple t = entries.get(name);
        if (t == null || isNull(t.getValueNode())) {
            return Optional.empty();
        }
        if (t.getValueNode() instanceof SequenceNode seq) {
            return Optional.of(seq);
        }
        problems.error(YamlDocument.line(t.getValueNode()), key(name), "expected a list, found " + kind(t.getValueNode()));
        return Optional.empty();
    }

    private Optional<Scalar> toScalar(String key, Node node) {
        if (!(node instanceof ScalarNode scalar)) {
            problems.error(YamlDocument.line(node), key, "expected a single value, found " + kind(node));
            return Optional.empty();
        }
        int at = YamlDocument.line(node);
        String written = isNull(node) ? "" : scalar.getValue();
        EnvSubstitution.Outcome sub = env.apply(written);
        for (String variable : sub.missing()) {
            problems.error(at, key, "environment variable " + variable + " is not set"
                    + " (set it, or give a default: ${" + variable + ":-default})");
        }
        return sub.missing().isEmpty()
                ? Optional.of(new Scalar(key, sub.value(), written, at, sub.defaulted()))
                : Optional.empty();
    }

    private void index(MappingNode mapping) {
        for (NodeTuple tuple : mapping.getValue()) {
            keyText(tuple.getKeyNode()).ifPresent(k -> {
                NodeTuple first = entries.get(k);
                if (first != null) {
                    duplicate(key(k), tuple.getKeyNode(), YamlDocument.line(first.getKeyNode()));
                } else {
                    entries.put(k, tuple);
                }
            });
        }
    }

    private Optional<String> keyText(Node keyNode) {
        if (keyNode instanceof ScalarNode s) {
            return Optional.of(s.getValue());
        }
        problems.error(YamlDocument.line(keyNode), path, "a key must be a plain name, found " + kind(keyNode));
        return Optional.empty();
    }

    private void duplicate(String key, Node keyNode, int firstLine) {
        problems.error(YamlDocument.line(keyNode), key, "is written twice (first at line " + firstLine + ")");
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    private static String kind(Node node) {
        return switch (node.getNodeType()) {
            case MAPPING -> "a mapping";
            case SEQUENCE -> "a list";
            default -> "a single value";
        };
    }
}
