package io.waitless.speech;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;
import org.vosk.Recognizer;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The production engine: Vosk (Kaldi) with a model folder on disk, one {@code org.vosk.Model} per
 * instance shared by all sessions, one native {@code Recognizer} at 8000 Hz per session.
 *
 * <p><b>Loading.</b> {@link #load} first checks the folder's layout in Java (missing, not a
 * folder, empty, required files missing), then calls libvosk; every refusal is a
 * {@link SpeechException} naming the folder, what is wrong and how to get a model. A folder with
 * the right names but broken contents does <em>not</em> take the JVM down, so a plain try/catch
 * is enough and no child-JVM probe is used. Evidence (libvosk 0.3.45 on linux-x86-64, each case in
 * a throwaway JVM): random bytes in every file, random bytes in {@code am/final.mdl} behind valid
 * conf files, a Kaldi binary header ({@code \0B<TransitionModel> <Topology>}) followed by random
 * bytes (15 lengths) or by a 2^31-element vector size, a text-mode header with a bad topology, and
 * empty files: each time Kaldi logs an ERROR to stderr, {@code vosk_model_new} catches it and
 * returns NULL, {@code new Model} throws {@code IOException("Failed to create a model")} and the
 * JVM carries on. Not covered: a valid acoustic model with a corrupt graph (no model was at hand).
 * A {@code Recognizer} is never built on a model that failed to load (that does crash).
 *
 * <p><b>Grammar.</b> With {@link Settings#grammar()} each session's recognizer is limited to the
 * lower-cased phrases plus {@code [unk]}; this needs a model with a runtime graph
 * ({@code graph/HCLr.fst} + {@code Gr.fst}, the "small" models); a model with only
 * {@code HCLG.fst} ignores the grammar (libvosk warns). Without it the phrases are ignored and
 * callers get free dictation. {@code [unk]} words never reach {@link Transcript#text()}; they
 * count as words of confidence 0 in {@link Transcript#confidence()}, so out-of-grammar speech
 * lowers it.
 *
 * <p><b>Threads.</b> Thread-safe; sessions run concurrently, each decoding on its own platform
 * thread ({@link SpeechSession#accept} only queues). {@link #open} builds the native recognizer on
 * the caller's thread (milliseconds; longer for a big grammar) and never waits for other sessions.
 * {@link Settings#deadline()} bounds {@link SpeechSession#end}'s wait for decoding to drain.
 *
 * <p><b>Closing.</b> {@link #close} refuses further sessions at once and frees the model when the
 * last open session has released its recognizer; it never frees a model a live recognizer uses.
 */
public final class VoskSpeechRecognizer implements SpeechRecognizer {

    private static final Logger log = LoggerFactory.getLogger(VoskSpeechRecognizer.class);
    private static final float SAMPLE_RATE = 8000f;

    /**
     * @param modelPath folder of an unpacked Vosk model (config key {@code speech.vosk.model-path})
     * @param grammar   limit recognition to the session's phrases plus {@code [unk]}
     * @param deadline  longest wait in {@link SpeechSession#end} for decoding to finish
     */
    public record Settings(Path modelPath, boolean grammar, Duration deadline) {
        public Settings {
            Objects.requireNonNull(modelPath, "modelPath");
            Objects.requireNonNull(deadline, "deadline");
            if (deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("deadline must be positive: " + deadline);
            }
        }

        /** Grammar mode, 10 s deadline. */
        public static Settings of(Path modelPath) {
            return new Settings(modelPath, true, Duration.ofSeconds(10));
        }
    }

    private final Settings settings;
    private final Path modelPath;
    private final Model model;
    private final AtomicInteger sessionIds = new AtomicInteger();
    private int openSessions; // guarded by this
    private boolean closed;   // guarded by this
    private boolean freed;    // guarded by this

    private VoskSpeechRecognizer(Settings settings, Path modelPath, Model model) {
        this.settings = settings;
        this.modelPath = modelPath;
        this.model = model;
    }

    /**
     * Checks the model folder, then loads the model (seconds for a small model, much longer for a
     * big one). Blocks the calling thread.
     *
     * @throws SpeechException if the folder is not a loadable Vosk model or libvosk cannot be loaded
     */
    public static VoskSpeechRecognizer load(Settings settings) {
        Path dir = VoskModelFolder.check(settings.modelPath());
        try {
            LibVosk.setLogLevel(LogLevel.WARNINGS);
        } catch (LinkageError e) {
            throw new SpeechException("libvosk cannot be loaded on " + System.getProperty("os.name") + "/"
                    + System.getProperty("os.arch") + " (is --enable-native-access=ALL-UNNAMED set?): " + e, e);
        }
        long t0 = System.nanoTime();
        Model model;
        try {
            model = new Model(dir.toString());
        } catch (IOException e) {
            throw VoskModelFolder.refuse(dir, "could not be loaded by libvosk (" + e.getMessage()
                    + "; its ERROR line on stderr says which file); it may be corrupt or incomplete", e);
        }
        log.info("Vosk model {} loaded in {} ms (grammar {})", dir, (System.nanoTime() - t0) / 1_000_000,
                settings.grammar() ? "on" : "off");
        return new VoskSpeechRecognizer(settings, dir, model);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException after {@link #close}
     */
    @Override
    public SpeechSession open(List<String> phrases, SpeechListener listener) {
        Objects.requireNonNull(listener, "listener");
        String grammar = settings.grammar() ? VoskJson.grammar(phrases) : null;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("Vosk recognizer for " + modelPath + " is closed");
            }
            openSessions++;
        }
        String name = "vosk-" + sessionIds.incrementAndGet();
        Recognizer recognizer;
        try {
            recognizer = newRecognizer(grammar);
        } catch (RuntimeException e) {
            release();
            throw e;
        }
        return new VoskSession(VoskDecoder.of(recognizer), listener, name, settings.deadline(), this::release);
    }

    private Recognizer newRecognizer(String grammar) {
        Recognizer r;
        try {
            r = grammar == null ? new Recognizer(model, SAMPLE_RATE) : new Recognizer(model, SAMPLE_RATE, grammar);
        } catch (IOException e) {
            throw new SpeechException("Vosk could not create a recognizer on " + modelPath + ": " + e.getMessage(), e);
        }
        if (r.getPointer() == null) { // the grammar constructor reports failure only this way
            throw new SpeechException("Vosk could not create a recognizer on " + modelPath + " for grammar " + grammar);
        }
        r.setWords(true);
        return r;
    }

    private synchronized void release() {
        openSessions--;
        freeIfDone();
    }

    /** Sessions opened and not yet released (their recognizer not yet freed). */
    synchronized int openSessions() {
        return openSessions;
    }

    /** Refuses new sessions; frees the model now, or when the last open session releases it. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            if (openSessions > 0) {
                log.info("Vosk recognizer closing; model {} freed after {} open session(s) end", modelPath, openSessions);
            }
            freeIfDone();
        }
    }

    private void freeIfDone() {
        if (closed && openSessions == 0 && !freed) {
            freed = true;
            model.close();
            log.info("Vosk model {} freed", modelPath);
        }
    }
}
