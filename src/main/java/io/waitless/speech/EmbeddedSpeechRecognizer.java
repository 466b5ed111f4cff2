package io.waitless.speech;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The embedded engine: CMU Sphinx4 with the en-US acoustic model and CMU dictionary bundled in
 * {@code sphinx4-data}; no model on disk, no network.
 *
 * <p><b>Grammar:</b> by default {@link Grammar#NGRAM}, a trigram model of the phrases (for intents: the
 * phrases, synonyms and example utterances) decoded by the lex tree with the beams of its {@link Search};
 * {@link Grammar#PHRASES} is the whole-phrase grammar, which forces any speech onto one phrase: exact and
 * fast on short closed answers (yes / no / a person), poor at paraphrases.
 *
 * <p><b>Adaptation:</b> an optional MLLR transform ({@link Adaptation}) moves the acoustic model to the line.
 *
 * <p><b>Concurrency:</b> sessions hold no engine. A session buffers its frames and cuts them at
 * pauses (an energy detector, {@link Segmenter}); each segment is decoded on one of
 * {@link Settings#engines()} shared decoder threads with an engine taken from the phrase set's pool
 * just for that segment, so a few engines serve many concurrent callers; {@link #open} never waits. Each
 * engine (model, grammar, decoder) is allocated once, on first need, and reused; its front end is reset per
 * segment, so a silent caller cannot bias the next one.
 *
 * <p>{@link #close} waits for nothing: it deallocates idle engines; busy ones are deallocated when
 * their segment is decoded.
 */
public final class EmbeddedSpeechRecognizer implements SpeechRecognizer {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedSpeechRecognizer.class);
    private static final String DICTIONARY_RESOURCE = "/edu/cmu/sphinx/models/en-us/cmudict-en-us.dict";
    /** Endpointer threshold, dB above background: Sphinx's default 13 misses quiet telephone speech. */
    static final double DEFAULT_SPEECH_THRESHOLD = 4;

    /** The shape of the recognition grammar built from a session's phrases. */
    public enum Grammar {
        /** Exactly one of the phrases (any speech is forced onto one). */
        PHRASES,
        /** A trigram language model of the phrases, decoded by Sphinx's lex tree: any word sequence is possible. */
        NGRAM
    }

    /**
     * How hard the n-gram search looks: the accuracy/CPU trade of its beams (see the README for the measured
     * accuracy and streams per core of each).
     */
    public enum Search {
        /** Wide beams: the best accuracy, about 0.6-0.7 CPU s per second of speech. */
        ACCURATE,
        /** Narrower beams: some accuracy lost for about half again the callers per core. */
        FAST
    }

    /**
     * @param engines         decoder threads, and engines per phrase set (each about 95 MB heap); sessions
     *                        are not limited by it
     * @param deadline        longest wait for a free engine, and for decoding to drain in {@code end}
     * @param speechThreshold endpointer threshold, dB above background
     * @param grammar         the grammar's shape
     * @param adaptation      an MLLR transform file to adapt the acoustic model with ({@link Adaptation})
     * @param search          the n-gram search's beams
     */
    public record Settings(int engines, Duration deadline, double speechThreshold, Grammar grammar,
                           Optional<Path> adaptation, Search search) {
        public Settings {
            if (engines < 1) {
                throw new IllegalArgumentException("engines must be at least 1: " + engines);
            }
            if (deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("deadline must be positive: " + deadline);
            }
            java.util.Objects.requireNonNull(grammar, "grammar");
            java.util.Objects.requireNonNull(adaptation, "adaptation");
            java.util.Objects.requireNonNull(search, "search");
        }

        /** Two engines, a 10 s deadline, the n-gram grammar searched accurately, no adaptation. */
        public static Settings defaults() {
            return new Settings(2, Duration.ofSeconds(10), DEFAULT_SPEECH_THRESHOLD, Grammar.NGRAM, Optional.empty(),
                    Search.ACCURATE);
        }

        public Settings withSearch(Search s) {
            return new Settings(engines, deadline, speechThreshold, grammar, adaptation, s);
        }

        public Settings withEngines(int n) {
            return new Settings(n, deadline, speechThreshold, grammar, adaptation, search);
        }

        public Settings withGrammar(Grammar g) {
            return new Settings(engines, deadline, speechThreshold, g, adaptation, search);
        }

        public Settings withDeadline(Duration d) {
            return new Settings(engines, d, speechThreshold, grammar, adaptation, search);
        }

        public Settings withAdaptation(Optional<Path> a) {
            return new Settings(engines, deadline, speechThreshold, grammar, a, search);
        }
    }

    private final Settings settings;
    private final Path grammarDir;
    private final Set<String> dictionary;
    private final Map<List<String>, Pool> pools = new ConcurrentHashMap<>();
    private final AtomicInteger sessions = new AtomicInteger();
    private final ExecutorService decoders;
    private volatile boolean closed;

    /**
     * @throws SpeechException when the adaptation file does not exist (its content is checked when the first
     *                         engine is allocated)
     */
    public EmbeddedSpeechRecognizer(Settings settings) {
        settings.adaptation().filter(a -> !Files.isRegularFile(a)).ifPresent(a -> {
            throw new SpeechException("speech adaptation file " + a.toAbsolutePath() + " does not exist"
                    + " (make one with 'waitless speech adapt', or remove speech.adaptation)");
        });
        this.settings = settings;
        AtomicInteger threads = new AtomicInteger();
        this.decoders = Executors.newFixedThreadPool(settings.engines(),
                r -> Thread.ofPlatform().name("speech-decoder-" + threads.incrementAndGet()).daemon().unstarted(r));
        this.dictionary = dictionary();
        try {
            this.grammarDir = Files.createTempDirectory("waitless-speech-");
            SphinxEngine.writeQuietConfig(grammarDir, settings.grammar() == Grammar.NGRAM
                    ? Optional.of(settings.search()) : Optional.empty());
        } catch (IOException e) {
            throw new SpeechException("cannot create a directory for grammars", e);
        }
    }

    @Override
    public SpeechSession open(List<String> phrases, SpeechListener listener) {
        if (closed) {
            throw new IllegalStateException("recognizer is closed");
        }
        Pool pool = pools.computeIfAbsent(List.copyOf(phrases), this::newPool);
        return new EmbeddedSession(pool, decoders, listener, "speech-" + sessions.incrementAndGet(),
                settings.deadline());
    }

    public Settings settings() {
        return settings;
    }

    /** The phrases the grammar kept for {@code phrases}, after dropping unknown words. */
    public List<String> grammarPhrases(List<String> phrases) {
        return PhraseGrammar.of(phrases, dictionary).phrases();
    }

    /** The words of the bundled CMU dictionary (read once per call: keep the result). */
    static Set<String> dictionary() {
        return PhraseGrammar.dictionaryWords(DICTIONARY_RESOURCE);
    }

    private Pool newPool(List<String> phrases) {
        PhraseGrammar grammar = PhraseGrammar.of(phrases, dictionary);
        if (!grammar.dropped().isEmpty()) {
            log.warn("Speech grammar drops words missing from the dictionary: {}", grammar.dropped());
        }
        String name = "phrases" + pools.size();
        if (settings.grammar() == Grammar.NGRAM) {
            return new Pool(name, PhraseLanguageModel.write(grammarDir, name, grammar.phrases()));
        }
        grammar.write(grammarDir, name);
        return new Pool(name, null);
    }

    @Override
    public void close() {
        closed = true;
        decoders.shutdown();
        for (Pool p : pools.values()) {
            p.close();
        }
        try (var files = Files.list(grammarDir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(grammarDir);
        } catch (IOException e) {
            log.warn("Could not delete speech grammars in {}: {}", grammarDir, e.toString());
        }
    }

    /** Engines for one grammar: created on demand up to {@code settings.engines()}. */
    final class Pool {
        private final String grammarName;
        private final LinkedBlockingQueue<SphinxEngine> idle = new LinkedBlockingQueue<>();
        private final List<SphinxEngine> all = new ArrayList<>();
        private final Path languageModel;

        Pool(String grammarName, Path languageModel) {
            this.grammarName = grammarName;
            this.languageModel = languageModel;
        }

        SphinxEngine acquire() {
            SphinxEngine e = idle.poll();
            if (e != null) {
                return e;
            }
            synchronized (this) {
                if (all.size() < settings.engines()) {
                    SphinxEngine created = SphinxEngine.allocate(grammarDir, grammarName, languageModel, settings.speechThreshold(),
                            settings.adaptation());
                    all.add(created);
                    log.info("Speech engine {} of {} allocated for grammar {}", all.size(), settings.engines(), grammarName);
                    return created;
                }
            }
            try {
                e = idle.poll(settings.deadline().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new SpeechException("interrupted while waiting for a speech engine", ie);
            }
            if (e == null) {
                throw new SpeechException("no speech engine free within " + settings.deadline()
                        + " (" + settings.engines() + " busy)");
            }
            return e;
        }

        void release(SphinxEngine e) {
            if (closed) {
                e.deallocate();
            } else {
                idle.add(e);
            }
        }

        void close() {
            for (SphinxEngine e; (e = idle.poll()) != null; ) {
                e.deallocate();
            }
        }
    }
}
