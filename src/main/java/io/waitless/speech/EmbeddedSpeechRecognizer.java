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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The embedded engine: CMU Sphinx4 in grammar mode with the en-US acoustic model and CMU
 * dictionary bundled in {@code sphinx4-data}; no model on disk, no network.
 *
 * <p><b>Grammar:</b> by default {@link Grammar#NGRAM}, a bigram model of the phrases decoded with
 * narrowed lex-tree beams (measured on galil-cable.csv, 305 lines: intent accuracy 0.65, unknown
 * rejection 0.56, real-time factor 0.08; {@link Grammar#PHRASES} 0.38 / 0.11 / 0.03).
 * {@link Grammar#WORDS} is a loop over the words of the phrases plus frequent English filler words
 * (measured: real-time factor 2, too slow); {@link Grammar#PHRASES} is the whole-phrase grammar,
 * which forces any speech onto some phrase (exact and fastest, but poor at paraphrases).
 *
 * <p><b>Concurrency:</b> sessions hold no engine. A session buffers its frames and cuts them at
 * pauses (an energy detector, {@link Segmenter}); each segment is decoded on one of
 * {@link Settings#engines()} shared decoder threads with an engine taken from the phrase set's pool
 * just for that segment. Decoding costs a few percent of real time, so two engines serve tens of
 * concurrent callers; {@link #open} never waits. Each engine (model, grammar, decoder) is
 * allocated once, on first need, and reused; its front end is reset per segment, so a silent
 * caller cannot bias the next one.
 *
 * <p>{@link #close} waits for nothing: it deallocates idle engines; busy ones are deallocated when
 * their segment is decoded.
 */
public final class EmbeddedSpeechRecognizer implements SpeechRecognizer {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedSpeechRecognizer.class);
    private static final String DICTIONARY_RESOURCE = "/edu/cmu/sphinx/models/en-us/cmudict-en-us.dict";

    /** The shape of the recognition grammar built from a session's phrases. */
    public enum Grammar {
        /** Exactly one of the phrases (any speech is forced onto one). */
        PHRASES,
        /** Any sequence of the phrases' words and frequent English filler words. */
        WORDS,
        /** A whole phrase, weighted by {@link Settings#phraseWeight}, or a sequence as in {@code WORDS}. */
        MIXED,
        /**
         * A bigram language model of the phrases with frequent English words as back-off fillers
         * ({@link Settings#fillerMass}), decoded by Sphinx's lex tree: any word sequence is possible.
         */
        NGRAM
    }

    /**
     * @param engines                  decoder threads, and engines per phrase set (each about 95 MB
     *                                 heap); sessions are not limited by it
     * @param deadline                 longest wait for a free engine, and for decoding to drain in {@code end}
     * @param speechThreshold          endpointer threshold, dB above background (Sphinx default 13 misses
     *                                 quiet telephone speech; 4 was measured to work)
     * @param grammar                  the grammar's shape
     * @param phraseWeight             weight of the whole-phrase branch against the word loop's 1 ({@code MIXED})
     * @param fillerMass               share of unigram probability given to filler words ({@code NGRAM})
     * @param oogProbability           Sphinx's out-of-grammar (phone loop) branch probability; 1e-30 is off
     * @param wordInsertionProbability Sphinx's word insertion probability (lower: fewer, longer words)
     */
    public record Settings(int engines, Duration deadline, double speechThreshold, Grammar grammar,
                           double phraseWeight, double fillerMass, double oogProbability, double wordInsertionProbability) {
        public Settings {
            if (engines < 1) {
                throw new IllegalArgumentException("engines must be at least 1: " + engines);
            }
            if (deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("deadline must be positive: " + deadline);
            }
            java.util.Objects.requireNonNull(grammar, "grammar");
            if (fillerMass < 0 || fillerMass >= 1) {
                throw new IllegalArgumentException("fillerMass must be in 0..1: " + fillerMass);
            }
            if (phraseWeight <= 0 || oogProbability <= 0 || oogProbability > 1
                    || wordInsertionProbability <= 0 || wordInsertionProbability > 1) {
                throw new IllegalArgumentException("weights and probabilities must be positive (probabilities at most 1)");
            }
        }

        /** The default grammar and tuning with these engines, deadline and threshold. */
        public Settings(int engines, Duration deadline, double speechThreshold) {
            this(engines, deadline, speechThreshold, DEFAULT_GRAMMAR, DEFAULT_PHRASE_WEIGHT, DEFAULT_FILLER_MASS,
                    DEFAULT_OOG_PROBABILITY, DEFAULT_WORD_INSERTION);
        }

        public static Settings defaults() {
            return new Settings(2, Duration.ofSeconds(10), 4);
        }

        public Settings withEngines(int n) {
            return new Settings(n, deadline, speechThreshold, grammar, phraseWeight, fillerMass, oogProbability, wordInsertionProbability);
        }

        public Settings withGrammar(Grammar g, double weight) {
            return new Settings(engines, deadline, speechThreshold, g, weight, fillerMass, oogProbability, wordInsertionProbability);
        }

        public Settings withDeadline(Duration d) {
            return new Settings(engines, d, speechThreshold, grammar, phraseWeight, fillerMass, oogProbability, wordInsertionProbability);
        }

        public Settings withFillerMass(double mass) {
            return new Settings(engines, deadline, speechThreshold, grammar, phraseWeight, mass, oogProbability, wordInsertionProbability);
        }

        public Settings withSphinx(double oog, double wordInsertion) {
            return new Settings(engines, deadline, speechThreshold, grammar, phraseWeight, fillerMass, oog, wordInsertion);
        }
    }

    static final Grammar DEFAULT_GRAMMAR = Grammar.NGRAM;
    static final double DEFAULT_PHRASE_WEIGHT = 1;
    static final double DEFAULT_FILLER_MASS = 0.2;
    static final double DEFAULT_OOG_PROBABILITY = 1e-30;
    static final double DEFAULT_WORD_INSERTION = 0.1;

    private final Settings settings;
    private final Path grammarDir;
    private final Set<String> dictionary;
    private final Map<List<String>, Pool> pools = new ConcurrentHashMap<>();
    private final AtomicInteger sessions = new AtomicInteger();
    private final ExecutorService decoders;
    private volatile boolean closed;

    public EmbeddedSpeechRecognizer(Settings settings) {
        this.settings = settings;
        AtomicInteger threads = new AtomicInteger();
        this.decoders = Executors.newFixedThreadPool(settings.engines(),
                r -> Thread.ofPlatform().name("speech-decoder-" + threads.incrementAndGet()).daemon().unstarted(r));
        this.dictionary = PhraseGrammar.dictionaryWords(DICTIONARY_RESOURCE);
        try {
            this.grammarDir = Files.createTempDirectory("waitless-speech-");
            SphinxEngine.writeQuietConfig(grammarDir, settings.grammar() == Grammar.NGRAM);
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

    private Pool newPool(List<String> phrases) {
        PhraseGrammar grammar = PhraseGrammar.of(phrases, dictionary);
        if (!grammar.dropped().isEmpty()) {
            log.warn("Speech grammar drops words missing from the dictionary: {}", grammar.dropped());
        }
        String name = "phrases" + pools.size();
        if (settings.grammar() == Grammar.NGRAM) {
            return new Pool(name, PhraseLanguageModel.write(grammarDir, name, grammar.phrases(), dictionary, settings.fillerMass()));
        }
        grammar.write(grammarDir, name, settings.grammar(), settings.phraseWeight(), dictionary);
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
                            settings.oogProbability(), settings.wordInsertionProbability());
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
