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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The embedded engine: CMU Sphinx4 in grammar mode with the en-US acoustic model and CMU
 * dictionary bundled in {@code sphinx4-data}; no model on disk, no network.
 *
 * <p><b>Concurrency:</b> a small pool per phrase set. Each engine (model, grammar, decoder) is
 * allocated once, on first need, and serves one session at a time; up to
 * {@link Settings#engines()} sessions of one phrase set decode concurrently, further
 * {@link #open} calls wait up to {@link Settings#deadline()} for a free engine. Each session
 * decodes on its own platform thread. The front end is reset per session, so a silent caller
 * cannot bias the next one.
 *
 * <p>{@link #close} waits for nothing: it deallocates idle engines; busy ones are deallocated when
 * their session ends.
 */
public final class EmbeddedSpeechRecognizer implements SpeechRecognizer {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedSpeechRecognizer.class);
    private static final String DICTIONARY_RESOURCE = "/edu/cmu/sphinx/models/en-us/cmudict-en-us.dict";

    /**
     * @param engines         decoders per phrase set, i.e. concurrent sessions (each costs heap)
     * @param deadline        longest wait for a free engine in {@code open}, and for draining in {@code end}
     * @param speechThreshold endpointer threshold, dB above background (Sphinx default 13 misses
     *                        quiet telephone speech; 4 was measured to work)
     */
    public record Settings(int engines, Duration deadline, double speechThreshold) {
        public Settings {
            if (engines < 1) {
                throw new IllegalArgumentException("engines must be at least 1: " + engines);
            }
            if (deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("deadline must be positive: " + deadline);
            }
        }

        public static Settings defaults() {
            return new Settings(2, Duration.ofSeconds(10), 4);
        }
    }

    private final Settings settings;
    private final Path grammarDir;
    private final Set<String> dictionary;
    private final Map<List<String>, Pool> pools = new ConcurrentHashMap<>();
    private final AtomicInteger sessions = new AtomicInteger();
    private volatile boolean closed;

    public EmbeddedSpeechRecognizer(Settings settings) {
        this.settings = settings;
        this.dictionary = PhraseGrammar.dictionaryWords(DICTIONARY_RESOURCE);
        try {
            this.grammarDir = Files.createTempDirectory("waitless-speech-");
            SphinxEngine.writeQuietConfig(grammarDir);
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
        SphinxEngine engine = pool.acquire();
        return new EmbeddedSession(engine, pool, listener, "speech-" + sessions.incrementAndGet(),
                settings.deadline());
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
        grammar.write(grammarDir, name);
        return new Pool(name);
    }

    @Override
    public void close() {
        closed = true;
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

        Pool(String grammarName) {
            this.grammarName = grammarName;
        }

        SphinxEngine acquire() {
            SphinxEngine e = idle.poll();
            if (e != null) {
                return e;
            }
            synchronized (this) {
                if (all.size() < settings.engines()) {
                    SphinxEngine created = SphinxEngine.allocate(grammarDir, grammarName, settings.speechThreshold());
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
