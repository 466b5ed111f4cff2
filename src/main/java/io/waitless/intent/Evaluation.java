package io.waitless.intent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Measures a classifier on labelled utterances: accuracy, per-label precision and recall, the share of
 * out-of-domain utterances rejected as unknown, and the confusion matrix. Immutable once built.
 *
 * @param examples  the utterances with their expected labels
 * @param predicted the label given to each example, in the same order
 */
public record Evaluation(List<Example> examples, List<String> predicted) {

    /** One labelled utterance; {@code label} is an intent id or {@code unknown}. */
    public record Example(String text, String label) {}

    /** Precision and recall of one label. */
    public record Rates(String label, int support, double precision, double recall) {}

    public Evaluation {
        examples = List.copyOf(examples);
        predicted = List.copyOf(predicted);
    }

    /** Runs {@code classifier} (text → label) over the examples. */
    public static Evaluation run(List<Example> examples, Function<String, String> classifier) {
        return new Evaluation(examples, examples.stream().map(e -> classifier.apply(e.text())).toList());
    }

    /** One labelled line of a CSV file and its line number (1-based, counting the header). */
    public record Line(int number, Example example) {}

    /**
     * Reads a {@code text,label} CSV with a header line; a text may be quoted ("a, b"). Blank lines are skipped.
     *
     * @throws UncheckedIOException when the file cannot be read
     * @throws IllegalArgumentException naming the line when a line has no label
     */
    public static List<Example> read(Path csv) {
        return readLines(csv).stream().map(Line::example).toList();
    }

    /** Like {@link #read}, keeping each example's line number for error messages. */
    public static List<Line> readLines(Path csv) {
        try {
            return parse(Files.readAllLines(csv, StandardCharsets.UTF_8), csv.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv + ": " + e.getMessage(), e);
        }
    }

    static List<Line> parse(List<String> lines, String source) {
        List<Line> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            int comma = line.lastIndexOf(',');
            if (comma <= 0 || comma == line.length() - 1) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": expected text,label");
            }
            String text = line.substring(0, comma).strip();
            if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
                text = text.substring(1, text.length() - 1).replace("\"\"", "\"");
            }
            out.add(new Line(i + 1, new Example(text, line.substring(comma + 1).strip())));
        }
        return out;
    }

    public double accuracy() {
        if (examples.isEmpty()) {
            return 0;
        }
        int right = 0;
        for (int i = 0; i < examples.size(); i++) {
            right += examples.get(i).label().equals(predicted.get(i)) ? 1 : 0;
        }
        return (double) right / examples.size();
    }

    /** Share of the examples labelled {@code unknown} that were classified unknown; 1 when there are none. */
    public double unknownRejection() {
        return rates(IntentClassifier.UNKNOWN).recall();
    }

    /** Precision and recall of a label; 1 when the label is never predicted (precision) or never expected (recall). */
    public Rates rates(String label) {
        int truePositive = 0;
        int predictedCount = 0;
        int support = 0;
        for (int i = 0; i < examples.size(); i++) {
            boolean expected = examples.get(i).label().equals(label);
            boolean got = predicted.get(i).equals(label);
            support += expected ? 1 : 0;
            predictedCount += got ? 1 : 0;
            truePositive += expected && got ? 1 : 0;
        }
        return new Rates(label, support, predictedCount == 0 ? 1 : (double) truePositive / predictedCount,
                support == 0 ? 1 : (double) truePositive / support);
    }

    /** Every label expected or predicted, expected ones first in order of appearance. */
    public List<String> labels() {
        Set<String> labels = new LinkedHashSet<>();
        examples.forEach(e -> labels.add(e.label()));
        labels.addAll(predicted);
        return List.copyOf(labels);
    }

    /** Expected label → predicted label → count. */
    public Map<String, Map<String, Integer>> confusion() {
        Map<String, Map<String, Integer>> out = new TreeMap<>();
        for (int i = 0; i < examples.size(); i++) {
            out.computeIfAbsent(examples.get(i).label(), k -> new TreeMap<>()).merge(predicted.get(i), 1, Integer::sum);
        }
        return out;
    }

    /** The examples classified wrongly, as {@code text (expected → predicted)}. */
    public List<String> mistakes() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            if (!examples.get(i).label().equals(predicted.get(i))) {
                out.add(examples.get(i).text() + " (" + examples.get(i).label() + " → " + predicted.get(i) + ")");
            }
        }
        return out;
    }
}
