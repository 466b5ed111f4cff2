package io.waitless.cli;

import io.waitless.WaitlessException;
import io.waitless.config.WaitlessConfig;
import io.waitless.intent.Classification;
import io.waitless.intent.Evaluation;
import io.waitless.intent.IntentClassifier;
import io.waitless.intent.RecognitionErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** {@code waitless intent test|eval}: tries the configured intents on a sentence or on a labelled CSV. */
@Command(name = "intent", mixinStandardHelpOptions = true,
        description = "Tries the configured intents (intents: in the config) on what callers say.")
public final class IntentCommand implements Runnable {

    private static final String DEFAULT_CONFIG = "config/waitless.yaml";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Function<Path, WaitlessConfig> loader;

    public IntentCommand() {
        this(ConfigLoaderBridge::load);
    }

    IntentCommand(Function<Path, WaitlessConfig> loader) {
        this.loader = loader;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Classifies one sentence: prints the intent (or unknown), its probability, the nearest example and every class's probability.")
    int test(@Parameters(paramLabel = "TEXT", description = "what the caller said") String text,
             @Option(names = "--config", paramLabel = "FILE", defaultValue = DEFAULT_CONFIG,
                     description = "config file (default: ${DEFAULT-VALUE})") Path config) {
        PrintWriter out = spec.commandLine().getOut();
        try {
            IntentClassifier classifier = classifier(config);
            Classification c = classifier.classify(text);
            out.printf(Locale.ROOT, "intent:  %s%s%n", c.label(),
                    c.intent().flatMap(classifier::flowOf).map(f -> " (flow " + f + ")").orElse(""));
            out.printf(Locale.ROOT, "score:   %.3f (threshold %.2f)%n", c.score(), classifier.threshold());
            out.printf(Locale.ROOT, "nearest: %s%n", c.matched().isEmpty() ? "-" : "\"" + c.matched() + "\"");
            out.printf(Locale.ROOT, "scores:  %s%n", String.join(" ", classifier.scores(text)));
            return 0;
        } catch (WaitlessException e) {
            return fail(e.getMessage());
        } finally {
            out.flush();
        }
    }

    @Command(name = "eval", mixinStandardHelpOptions = true,
            description = {"Classifies every line of a text,intent CSV (intent 'unknown' for out-of-domain) and",
                    "prints accuracy, per-intent precision and recall, unknown rejection and the confusion matrix."})
    int eval(@Parameters(paramLabel = "FILE.csv", description = "labelled utterances, header text,intent") Path csv,
             @Option(names = "--config", paramLabel = "FILE", defaultValue = DEFAULT_CONFIG,
                     description = "config file (default: ${DEFAULT-VALUE})") Path config,
             @Option(names = "--min-accuracy", paramLabel = "0..1",
                     description = "exit 1 when the accuracy is below this") Double minAccuracy,
             @Option(names = "--recognition-errors", paramLabel = "RATE",
                     description = "garble the texts first (dropped and misspelt words) at this rate, 0..1, seed 4")
             Double errorRate,
             @Option(names = "--show-mistakes", description = "list each misclassified line") boolean showMistakes) {
        PrintWriter out = spec.commandLine().getOut();
        try {
            IntentClassifier classifier = classifier(config);
            List<Evaluation.Example> examples = Evaluation.read(csv);
            if (errorRate != null) {
                examples = new RecognitionErrors(4, errorRate).apply(examples);
            }
            Evaluation e = Evaluation.run(examples, t -> classifier.classify(t).label());
            print(e, out);
            if (showMistakes) {
                e.mistakes().forEach(m -> out.println("  mistake: " + m));
            }
            if (minAccuracy != null && e.accuracy() < minAccuracy) {
                return fail(String.format(Locale.ROOT, "accuracy %.3f is below --min-accuracy %.3f", e.accuracy(), minAccuracy));
            }
            return 0;
        } catch (WaitlessException | UncheckedIOException | IllegalArgumentException e) {
            return fail(e.getMessage());
        } finally {
            out.flush();
        }
    }

    private IntentClassifier classifier(Path config) {
        WaitlessConfig.Intents intents = loader.apply(config).intents();
        if (intents.items().isEmpty()) {
            throw new WaitlessException(config + " has no intents: section");
        }
        return intents.classifier();
    }

    private static void print(Evaluation e, PrintWriter out) {
        out.printf(Locale.ROOT, "utterances:        %d%n", e.examples().size());
        out.printf(Locale.ROOT, "accuracy:          %.3f%n", e.accuracy());
        out.printf(Locale.ROOT, "unknown rejection: %.3f%n", e.unknownRejection());
        out.printf(Locale.ROOT, "%-14s %7s %9s %7s%n", "intent", "support", "precision", "recall");
        for (String label : e.labels()) {
            Evaluation.Rates r = e.rates(label);
            out.printf(Locale.ROOT, "%-14s %7d %9.3f %7.3f%n", label, r.support(), r.precision(), r.recall());
        }
        out.println("confusion (rows expected, columns predicted):");
        List<String> labels = e.labels();
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-14s", ""));
        labels.forEach(l -> header.append(String.format(Locale.ROOT, " %11s", l)));
        out.println(header);
        Map<String, Map<String, Integer>> confusion = e.confusion();
        for (String expected : labels) {
            Map<String, Integer> row = confusion.getOrDefault(expected, Map.of());
            if (row.isEmpty()) {
                continue;
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-14s", expected));
            labels.forEach(l -> line.append(String.format(Locale.ROOT, " %11d", row.getOrDefault(l, 0))));
            out.println(line);
        }
    }

    private int fail(String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("waitless intent: " + message);
        err.flush();
        return 1;
    }
}
