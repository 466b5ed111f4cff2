package io.waitless.voice;

import io.waitless.audiosocket.AudioSocketRegistry;
import io.waitless.audiosocket.AudioSocketSession;
import io.waitless.audiosocket.Frame;
import io.waitless.audiosocket.Playback;
import io.waitless.audiosocket.VoiceActivityDetector;
import io.waitless.speech.SpeechException;
import io.waitless.speech.SpeechRecognizer;
import io.waitless.speech.SpeechSession;
import io.waitless.speech.Transcript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Asks a caller one or more questions over a single AudioSocket connection and returns what they answered.
 *
 * <p>The AGI side registers a handler under a fresh UUID, then runs {@code EXEC AudioSocket <uuid>,<address>}
 * (which blocks until the AudioSocket ends); Asterisk connects to this node's AudioSocket server, and the
 * handler plays each question's prompt, feeds the caller's audio to a speech session from the first frame
 * (so the caller may barge in: speech stops the prompt), and ends the answer at the first of: a key press
 * (it counts as the answer), {@link Settings#endSilence} of quiet after speech, {@link Settings#maxUtterance}
 * of speech, {@link Settings#noSpeech} of silence after the prompt, the caller hanging up, or the overall
 * deadline. Audio flows back the whole time (the prompt, then comfort silence) because Asterisk gives up on a
 * silent server after 2 s. When the handler returns, the server sends the hangup frame and {@code EXEC}
 * returns, so the script keeps control and the call goes on.
 *
 * <p>Nothing here blocks the call for long or throws at it: a missing AudioSocket connection, a failing
 * recognizer or an overrun deadline all end as {@link Answer.Kind#NO_AUDIO}. Thread-safe.
 */
public final class VoiceDialog {
    private static final Logger log = LoggerFactory.getLogger(VoiceDialog.class);
    private static final Duration POLL = Duration.ofMillis(20);

    /**
     * @param address      what Asterisk connects to, {@code host:port} of this node's AudioSocket server as
     *                     Asterisk can reach it
     * @param noSpeech     give up on a question when the caller has not started speaking this long after its
     *                     prompt ended
     * @param endSilence   quiet after speech that ends the answer
     * @param maxUtterance longest answer; it is cut there
     * @param connect      how long after {@code EXEC} returns the handler's answer is still awaited (Asterisk
     *                     closes the socket just before it answers the AGI command)
     */
    public record Settings(String address, Duration noSpeech, Duration endSilence, Duration maxUtterance,
                           Duration connect) {
        public Settings {
            Objects.requireNonNull(address, "address");
            if (!address.matches("[^,\\s]+:\\d{1,5}")) {
                throw new IllegalArgumentException("AudioSocket address must be host:port, got '" + address + "'");
            }
            for (Duration d : List.of(noSpeech, endSilence, maxUtterance, connect)) {
                if (d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("durations must be positive: " + d);
                }
            }
        }
    }

    /** A prompt to play and the phrases the recognizer should expect in reply. */
    public record Question(String id, short[] prompt, List<String> phrases) {
        public Question {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(prompt, "prompt");
            phrases = List.copyOf(phrases);
        }
    }

    /**
     * The caller's answer to one question.
     *
     * @param transcript what was recognised (lower case; empty unless {@link Kind#SPOKE})
     * @param digit      the key pressed, for {@link Kind#DTMF}
     * @param took       from the start of the prompt to the end of the answer
     * @param detail     why, for {@link Kind#NO_AUDIO}
     */
    public record Answer(Kind kind, String transcript, double confidence, Optional<Character> digit,
                         Duration took, String detail) {
        public enum Kind { SPOKE, DTMF, SILENT, HANGUP, NO_AUDIO }

        static Answer of(Kind kind, Duration took) {
            return new Answer(kind, "", 0, Optional.empty(), took, "");
        }

        static Answer noAudio(String why) {
            return new Answer(Kind.NO_AUDIO, "", 0, Optional.empty(), Duration.ZERO, why);
        }
    }

    /** How the AGI script runs AudioSocket; blocks until Asterisk's {@code AudioSocket} returns. */
    @FunctionalInterface
    public interface AudioSocketExec {
        /** @return Asterisk's result code: 0 after a clean end, -1 on error (not answered, no connection…) */
        int run(UUID id, String address) throws Exception;
    }

    private final AudioSocketRegistry registry;
    private final SpeechRecognizer recognizer;
    private final Settings settings;

    public VoiceDialog(AudioSocketRegistry registry, SpeechRecognizer recognizer, Settings settings) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.recognizer = Objects.requireNonNull(recognizer, "recognizer");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Asks {@code questions} in turn until {@code enough} accepts an answer, the caller hangs up or presses a
     * key, or the questions run out; all within {@code deadline}.
     *
     * @return one answer per question asked; a single {@link Answer.Kind#NO_AUDIO} when the audio path failed
     */
    public List<Answer> ask(AudioSocketExec exec, List<Question> questions, Predicate<Answer> enough,
                            Duration deadline) {
        if (questions.isEmpty()) {
            return List.of();
        }
        UUID id = UUID.randomUUID();
        long until = System.nanoTime() + deadline.toNanos();
        CompletableFuture<List<Answer>> answers = new CompletableFuture<>();
        try (AudioSocketRegistry.Registration ignored = registry.register(id,
                session -> answers.complete(converse(session, questions, enough, until)))) {
            int result;
            try {
                result = exec.run(id, settings.address());
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                log.warn("AudioSocket {}: EXEC failed: {}", id, e.toString());
                answers.complete(List.of(Answer.noAudio("exec-failed")));
                throw new VoiceException("EXEC AudioSocket failed", e);
            }
            try {
                return answers.get(settings.connect().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                log.warn("AudioSocket {}: Asterisk returned {} without a usable connection", id, result);
                return List.of(Answer.noAudio(result < 0 ? "audiosocket-failed" : "no-connection"));
            } catch (ExecutionException e) {
                log.warn("AudioSocket {}: listening failed: {}", id, e.getCause().toString(), e.getCause());
                return List.of(Answer.noAudio("listening-failed"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of(Answer.noAudio("interrupted"));
            }
        }
    }

    /** The same dialogue (server, settings) listening through another recognizer, e.g. one tuned for short answers. */
    public VoiceDialog withRecognizer(SpeechRecognizer other) {
        return new VoiceDialog(registry, other, settings);
    }

    /**
     * Decodes {@code speech} (real speech, e.g. a built prompt) against {@code phrases} on a background thread,
     * so the recognizer loads its model and grammar before the first caller rather than while that caller
     * waits (the embedded engine takes seconds for it). Failures are only logged. A synthetic signal is not
     * used: a buzz was measured to leave the embedded engine's n-gram search worse for the next callers.
     */
    public void warmUp(List<String> phrases, short[] speech) {
        short[] audio = speech.clone();
        Thread.ofVirtual().name("speech-warm-up").start(() -> {
            long t0 = System.nanoTime();
            try (SpeechSession s = recognizer.open(phrases)) {
                for (int off = 0; off < audio.length; off += 160) {
                    s.accept(java.util.Arrays.copyOfRange(audio, off, Math.min(audio.length, off + 160)));
                }
                s.accept(new short[8000]);
                s.end();
                log.info("speech recognizer ready in {} ms", (System.nanoTime() - t0) / 1_000_000);
            } catch (RuntimeException e) {
                log.warn("speech warm-up failed (the first caller will wait for the model instead): {}", e.toString());
            }
        });
    }

    private List<Answer> converse(AudioSocketSession session, List<Question> questions, Predicate<Answer> enough,
                                  long until) throws InterruptedException {
        List<Answer> out = new ArrayList<>();
        for (Question q : questions) {
            Answer a = listen(session, q, until);
            out.add(a);
            if (a.kind() != Answer.Kind.SPOKE && a.kind() != Answer.Kind.SILENT || enough.test(a)
                    || System.nanoTime() >= until) {
                break;
            }
        }
        return out;
    }

    private Answer listen(AudioSocketSession session, Question q, long until) throws InterruptedException {
        long start = System.nanoTime();
        SpeechSession speech;
        try {
            speech = recognizer.open(q.phrases());
        } catch (SpeechException e) {
            log.warn("AudioSocket {}: no recognizer for '{}': {}", session.id(), q.id(), e.getMessage());
            return Answer.noAudio("recognizer-unavailable");
        }
        try (speech; Playback prompt = session.playing(q.prompt())) {
            VoiceActivityDetector vad = new VoiceActivityDetector();
            long promptDone = 0;
            long speechStart = 0;
            long lastVoice = 0;
            while (true) {
                long now = System.nanoTime();
                if (now >= until) {
                    log.info("AudioSocket {}: '{}' cut at the script deadline", session.id(), q.id());
                    return speechStart > 0 ? spoke(speech, start) : Answer.of(Answer.Kind.SILENT, since(start));
                }
                if (promptDone == 0 && prompt.isDone()) {
                    promptDone = now;
                }
                if (speechStart == 0 && promptDone > 0 && now - promptDone >= settings.noSpeech().toNanos()) {
                    return Answer.of(Answer.Kind.SILENT, since(start));
                }
                if (speechStart > 0 && (now - lastVoice >= settings.endSilence().toNanos()
                        || now - speechStart >= settings.maxUtterance().toNanos())) {
                    return spoke(speech, start);
                }
                Optional<Frame> next = session.next(POLL);
                if (next.isEmpty()) {
                    continue;
                }
                switch (next.get()) {
                    case Frame.Audio audio -> {
                        speech.accept(audio.samples());
                        if (vad.speaking(audio)) {
                            if (speechStart == 0) {
                                speechStart = System.nanoTime();
                                prompt.stop(); // barge-in
                            }
                            lastVoice = System.nanoTime();
                        }
                    }
                    case Frame.Dtmf dtmf -> {
                        prompt.stop();
                        return new Answer(Answer.Kind.DTMF, "", 1, Optional.of(dtmf.digit()), since(start), "");
                    }
                    case Frame.Hangup h -> {
                        return Answer.of(Answer.Kind.HANGUP, since(start));
                    }
                    case Frame.Error e -> {
                        log.info("AudioSocket {}: Asterisk reported an error frame", session.id());
                        return Answer.of(Answer.Kind.HANGUP, since(start));
                    }
                    default -> {
                        // a second UUID frame: nothing to do
                    }
                }
            }
        }
    }

    private Answer spoke(SpeechSession speech, long start) {
        try {
            Transcript t = speech.end();
            if (t.text().isBlank()) {
                return Answer.of(Answer.Kind.SILENT, since(start));
            }
            return new Answer(Answer.Kind.SPOKE, t.text(), t.confidence(), Optional.empty(), since(start), "");
        } catch (SpeechException e) {
            log.warn("recognition failed: {}", e.getMessage());
            return Answer.noAudio("recognizer-failed");
        }
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
