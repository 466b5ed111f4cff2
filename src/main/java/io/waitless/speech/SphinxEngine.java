package io.waitless.speech;

import edu.cmu.sphinx.api.Configuration;
import edu.cmu.sphinx.api.Context;
import edu.cmu.sphinx.api.SpeechResult;
import edu.cmu.sphinx.frontend.FrontEnd;
import edu.cmu.sphinx.recognizer.Recognizer;
import edu.cmu.sphinx.result.Result;
import edu.cmu.sphinx.result.WordResult;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One allocated Sphinx4 decoder (acoustic model, dictionary, grammar, front end) that decodes one
 * stream at a time. Allocated once and reused: unlike {@code StreamSpeechRecognizer}, which
 * allocates (reloads the model) on every {@code startRecognition}, this keeps the
 * {@link Recognizer} allocated and only resets the front end between streams, so the endpointer's
 * background level and the cepstral mean of one caller never carry over to the next.
 *
 * <p><b>Threading:</b> not thread-safe; a pool hands it to one session at a time.
 */
final class SphinxEngine {

    static final String ACOUSTIC_MODEL = "resource:/edu/cmu/sphinx/models/en-us/en-us";
    static final String DICTIONARY = "resource:/edu/cmu/sphinx/models/en-us/cmudict-en-us.dict";
    static final int SAMPLE_RATE = 16_000;

    private static final String DEFAULT_CONFIG = "/edu/cmu/sphinx/api/default.config.xml";
    private static final String CONFIG_FILE = "sphinx.config.xml";
    /**
     * The parent of every Sphinx component logger: named after the config file. Held strongly
     * (JUL forgets the level of an unreferenced logger) and set to WARNING before any component
     * exists, because Sphinx skips its own {@code logLevel} when a JUL config property is set.
     */
    private static final Logger SPHINX_LOGS = Logger.getLogger("sphinx.config");

    /**
     * Global Sphinx properties that may be overridden with {@code -Dwaitless.speech.NAME=VALUE}
     * (e.g. through {@code WAITLESS_JAVA_OPTS}) to measure alternatives with {@code speech eval}.
     */
    private static final List<String> TUNABLE = List.of("absoluteBeamWidth", "relativeBeamWidth",
            "absoluteWordBeamWidth", "relativeWordBeamWidth", "wordInsertionProbability",
            "silenceInsertionProbability", "fillerInsertionProbability", "languageWeight", "phoneticBeam");

    /**
     * Beams for the lex-tree (n-gram) search instead of Sphinx's defaults (20000, 1e-60, 200, phonetic 1e-12),
     * which decode at about 1 CPU s per audio s. Measured with {@code speech eval} on galil-cable.csv (100 lines,
     * FreeTTS kevin, adapted): {@code ACCURATE} keeps the word error rate at 0.19-0.20 (Sphinx's defaults: 0.20)
     * at half the CPU; {@code FAST} costs some words (0.26) for about half again; 1000 / 1e-80 / 20 cost them
     * dearly (0.37), and a phonetic beam of 1e-4 lost words (0.30).
     */
    static java.util.Map<String, String> beams(EmbeddedSpeechRecognizer.Search search) {
        return switch (search) {
            case ACCURATE -> java.util.Map.of("absoluteBeamWidth", "5000", "relativeBeamWidth", "1e-45",
                    "absoluteWordBeamWidth", "100", "phoneticBeam", "1e-6");
            case FAST -> java.util.Map.of("absoluteBeamWidth", "2000", "relativeBeamWidth", "1e-60",
                    "absoluteWordBeamWidth", "40", "phoneticBeam", "1e-6");
        };
    }

    /** One decoded utterance: text without fillers, mean word posterior in 0..1. */
    record Segment(String text, double confidence) { }

    private final Context context;
    private final Recognizer recognizer;
    private final FrontEnd frontEnd;

    private SphinxEngine(Context context) {
        this.context = context;
        this.recognizer = context.getInstance(Recognizer.class);
        this.frontEnd = context.getInstance(FrontEnd.class);
        recognizer.allocate();
    }

    /**
     * Loads the model and grammar, or the language model when {@code languageModel} is not null (about a second
     * and some tens of MB of heap), and adapts the acoustic model with {@code adaptation} when given.
     */
    static SphinxEngine allocate(Path grammarDir, String grammarName, Path languageModel, double speechThreshold,
                                 java.util.Optional<Path> adaptation) {
        Path sphinxConfig = grammarDir.resolve(CONFIG_FILE);
        Configuration config = new Configuration();
        config.setAcousticModelPath(ACOUSTIC_MODEL);
        config.setDictionaryPath(DICTIONARY);
        if (languageModel == null) {
            config.setGrammarPath(grammarDir.toUri().toString());
            config.setGrammarName(grammarName);
            config.setUseGrammar(true);
        } else {
            config.setLanguageModelPath(languageModel.toUri().toString());
            config.setUseGrammar(false);
        }
        config.setSampleRate(SAMPLE_RATE);
        Level rootLevel = Logger.getLogger("").getLevel();
        SPHINX_LOGS.setLevel(Level.WARNING);
        try {
            Context context = new Context(sphinxConfig.toUri().toString(), config);
            context.setLocalProperty("speechClassifier->threshold", speechThreshold);
            SphinxEngine engine = new SphinxEngine(context);
            adaptation.ifPresent(a -> Adaptation.apply(context.getLoader(), a));
            return engine;
        } catch (IOException | RuntimeException e) {
            throw new SpeechException("cannot load the Sphinx4 model or grammar " + grammarName + ": " + e.getMessage(), e);
        } finally {
            Logger.getLogger("").setLevel(rootLevel); // Sphinx sets the JUL root to its logLevel
        }
    }

    /**
     * Writes Sphinx's default configuration with {@code logLevel} WARNING into {@code dir}: its
     * configuration manager sets the JUL root logger and its own loggers (units, timers, memory)
     * to that level while it is being built, which INFO would flood. Also swaps live for batch CMN and,
     * for the lex tree ({@code search} present), sets its {@link #beams}.
     */
    static void writeQuietConfig(Path dir, java.util.Optional<EmbeddedSpeechRecognizer.Search> search) {
        try (InputStream in = SphinxEngine.class.getResourceAsStream(DEFAULT_CONFIG)) {
            if (in == null) {
                throw new SpeechException("Sphinx4 is not on the class path: " + DEFAULT_CONFIG);
            }
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String quiet = xml.replace("<property name=\"logLevel\" value=\"INFO\"/>",
                    "<property name=\"logLevel\" value=\"WARNING\"/>");
            if (quiet.equals(xml)) {
                throw new SpeechException("Sphinx4's default config has no logLevel INFO to lower: " + DEFAULT_CONFIG);
            }
            // The model was trained with the cepstral mean of each whole utterance ("-cmn current" in its
            // feat.params); segments are decoded whole, so the batch mean matches it (live CMN starts from a
            // prior and lags on short answers).
            String batch = quiet.replace("<item>liveCMN </item>", "<item>batchCMN </item>");
            if (batch.equals(quiet)) {
                throw new SpeechException("Sphinx4's default config has no liveCMN step to replace: " + DEFAULT_CONFIG);
            }
            quiet = batch;
            if (search.isPresent()) {
                for (var beam : beams(search.get()).entrySet()) {
                    quiet = withProperty(quiet, beam.getKey(), beam.getValue());
                }
            }
            for (String name : TUNABLE) {
                String value = System.getProperty("waitless.speech." + name);
                if (value != null) { // for measuring alternatives only
                    quiet = withProperty(quiet, name, value);
                }
            }
            Files.writeString(dir.resolve(CONFIG_FILE), quiet);
        } catch (IOException e) {
            throw new SpeechException("cannot write the Sphinx4 config to " + dir, e);
        }
    }

    private static String withProperty(String xml, String name, String value) {
        String out = xml.replaceFirst("<property name=\"" + name + "\"\\s+value=\"[^\"]*\"/>",
                "<property name=\"" + name + "\" value=\"" + value + "\"/>");
        if (out.equals(xml) && !xml.contains("<property name=\"" + name + "\" value=\"" + value + "\"/>")) {
            throw new SpeechException("Sphinx4's default config has no global property " + name);
        }
        return out;
    }

    /**
     * Decodes 16 kHz little-endian 16-bit audio until {@code audio} ends, calling {@code onSegment}
     * for each utterance. Blocks on {@code audio}.
     */
    void decode(InputStream audio, java.util.function.Consumer<Segment> onSegment) {
        // Reset per stream (each is one session's segment): endpointer background, cepstral mean.
        // Sphinx's own endpointer then drops the silence around the speech before it is scored.
        frontEnd.initialize();
        context.setSpeechSource(audio);
        for (Result result; (result = recognizer.recognize()) != null; ) {
            String text = PhraseGrammar.normalise(result.getBestFinalResultNoFiller().replace("<unk>", " "));
            onSegment.accept(new Segment(text, text.isEmpty() ? 0 : confidence(result)));
        }
    }

    private static double confidence(Result result) {
        List<WordResult> words = new SpeechResult(result).getWords().stream().filter(w -> !w.isFiller()).toList();
        if (words.isEmpty()) {
            return 0;
        }
        double sum = 0;
        for (WordResult w : words) {
            double c = w.getConfidence();
            sum += c <= 0 ? result.getLogMath().logToLinear((float) c) : Math.min(1, c);
        }
        return Math.max(0, Math.min(1, sum / words.size()));
    }

    /** The acoustic model loader: what adaptation statistics are collected against. */
    edu.cmu.sphinx.linguist.acoustic.tiedstate.Loader loader() {
        return context.getLoader();
    }

    /** Decodes one whole utterance of 16 kHz audio, returning Sphinx's results (for adaptation). */
    List<Result> results(InputStream audio) {
        frontEnd.initialize();
        context.setSpeechSource(audio);
        List<Result> out = new java.util.ArrayList<>();
        for (Result result; (result = recognizer.recognize()) != null; ) {
            out.add(result);
        }
        return out;
    }

    void deallocate() {
        recognizer.deallocate();
    }
}
