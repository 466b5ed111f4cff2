package io.waitless.config;

import io.waitless.config.WaitlessConfig.Intents;
import io.waitless.deflect.Flow;
import io.waitless.intent.Evaluation;
import io.waitless.intent.Intent;
import io.waitless.intent.IntentClassifier;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the {@code intents} section: the classifier threshold and the intents, each with an optional flow
 * (which must be a configured flow), its example phrases (at least one, each with a content word) and its
 * synonyms. Every problem is reported with its line.
 */
final class IntentsReader {

    private static final String ID_RULE = "an id (1 to 40 of a-z, 0-9 and -, starting with a letter or digit)";

    private IntentsReader() {
    }

    /** Reads {@code s} (absent: {@link Intents#NONE}) against the configured flows. */
    static Intents read(Section s, List<Flow> flows) {
        if (!s.present()) {
            return Intents.NONE;
        }
        // read as a float; rounded so 0.45 stays 0.45, not 0.44999998
        double threshold = Math.round(Values.number(s, "threshold", (float) IntentClassifier.DEFAULT_THRESHOLD, 0f, 1f)
                * 10_000) / 10_000.0;
        Set<String> flowIds = flows.stream().map(Flow::id).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<Intent> items = new ArrayList<>();
        List<Section> sections = s.sections("items");
        if (sections.isEmpty()) {
            s.problems().error(s.lineOf("items"), s.key("items"), "has no intents; give at least one, or remove the intents section");
        }
        for (Section i : sections) {
            Optional<String> id = i.required("id").flatMap(v -> {
                if (!Values.ID.matcher(v.value()).matches()) {
                    s.problems().error(v.line(), v.key(), v.shown() + " is not " + ID_RULE);
                    return Optional.empty();
                }
                if (seen.containsKey(v.value())) {
                    s.problems().error(v.line(), v.key(), "intent \"" + v.value() + "\" is given twice (first at line "
                            + seen.get(v.value()) + ")");
                    return Optional.empty();
                }
                seen.put(v.value(), v.line());
                return Optional.of(v.value());
            });
            Optional<String> flow = i.scalar("flow").filter(f -> !f.value().isBlank()).map(f -> {
                if (!flowIds.contains(f.value())) {
                    s.problems().error(f.line(), f.key(), "names flow \"" + f.value() + "\", which is not configured"
                            + Suggestions.didYouMean(f.value(), flowIds) + " (flows: " + String.join(", ", flowIds) + ")");
                }
                return f.value();
            });
            List<String> phrases = phrases(i);
            Map<String, List<String>> synonyms = new LinkedHashMap<>();
            i.scalarListMap("synonyms").forEach((word, alternatives) ->
                    synonyms.put(word, alternatives.stream().map(Scalar::value).toList()));
            if (id.isPresent() && !phrases.isEmpty()) {
                items.add(new Intent(id.get(), flow, phrases, synonyms));
            }
        }
        Optional<Scalar> file = s.scalar("examples").filter(v -> !v.value().isBlank());
        List<Evaluation.Example> examples = file.map(f -> examples(s, f, seen.keySet())).orElse(List.of());
        return new Intents(threshold, items, file.map(f -> Path.of(f.value())), examples);
    }

    /**
     * Reads the examples file ({@code text,intent} lines with a header; relative to the working directory):
     * every label must be a configured intent or {@code unknown}; each problem names the file's line.
     */
    private static List<Evaluation.Example> examples(Section s, Scalar file, Set<String> ids) {
        Path path = Path.of(file.value());
        List<Evaluation.Line> read;
        try {
            read = Evaluation.readLines(path);
        } catch (java.io.UncheckedIOException e) {
            s.problems().error(file.line(), file.key(), "cannot read " + path + " (relative paths start at the working"
                    + " directory " + Path.of("").toAbsolutePath() + "): " + e.getCause().getMessage());
            return List.of();
        } catch (IllegalArgumentException e) {
            s.problems().error(file.line(), file.key(), e.getMessage());
            return List.of();
        }
        List<Evaluation.Example> out = new ArrayList<>();
        for (Evaluation.Line l : read) {
            Evaluation.Example e = l.example();
            if (!e.label().equals(IntentClassifier.UNKNOWN) && !ids.contains(e.label())) {
                s.problems().error(file.line(), file.key(), path + ":" + l.number() + ": \"" + e.text() + "\" names intent \"" + e.label()
                        + "\", which is not configured" + Suggestions.didYouMean(e.label(), ids)
                        + " (intents: " + String.join(", ", ids) + ", or unknown)");
            } else if (e.text().isBlank() || !e.text().matches("(?s).*\\p{L}.*")) {
                s.problems().error(file.line(), file.key(), path + ":" + l.number() + ": the example has no words");
            } else {
                out.add(e);
            }
        }
        if (read.isEmpty()) {
            s.problems().error(file.line(), file.key(), path + " has no examples (expected a header line, then text,intent lines)");
        }
        return out;
    }

    private static List<String> phrases(Section i) {
        List<Scalar> written = i.scalars("phrases");
        if (written.isEmpty()) {
            if (i.has("phrases")) {
                i.problems().error(i.lineOf("phrases"), i.key("phrases"), "is empty; give at least one example phrase");
            } else {
                i.missing("phrases");
            }
        }
        List<String> out = new ArrayList<>();
        for (Scalar p : written) {
            if (p.value().isBlank() || !p.value().matches("(?s).*\\p{L}.*")) {
                i.problems().error(p.line(), p.key(), "is empty; a phrase needs words");
            } else {
                out.add(p.value());
            }
        }
        return out;
    }
}
