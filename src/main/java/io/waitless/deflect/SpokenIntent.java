package io.waitless.deflect;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What came of asking the caller "in a few words, what are you calling about?".
 *
 * @param outcome    how the asking ended
 * @param intent     the recognised intent's id; present only for {@link Outcome#RECOGNIZED}
 * @param flow       the self-service flow that intent maps to, if it names one
 * @param score      the classifier's confidence, 0..1 (0 when nothing was heard)
 * @param transcript what the recognizer heard, lower case; empty when nothing was
 * @param attempts   how many times the question was asked (1 or 2)
 * @param listened   how long the whole exchange took, prompts included
 */
public record SpokenIntent(Outcome outcome, Optional<String> intent, Optional<String> flow, double score,
                           String transcript, int attempts, Duration listened) {
    public SpokenIntent {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(intent, "intent");
        Objects.requireNonNull(flow, "flow");
        transcript = transcript == null ? "" : transcript;
        Objects.requireNonNull(listened, "listened");
        if (outcome == Outcome.RECOGNIZED && intent.isEmpty()) {
            throw new IllegalArgumentException("a recognised intent needs its id");
        }
        if (outcome != Outcome.RECOGNIZED && intent.isPresent()) {
            throw new IllegalArgumentException("only a recognised outcome carries an intent: " + outcome);
        }
    }

    public static SpokenIntent recognized(String intent, Optional<String> flow, double score, String transcript,
                                          int attempts, Duration listened) {
        return new SpokenIntent(Outcome.RECOGNIZED, Optional.of(intent), flow, score, transcript, attempts, listened);
    }

    public static SpokenIntent notRecognized(Outcome outcome, double score, String transcript, int attempts,
                                             Duration listened) {
        return new SpokenIntent(outcome, Optional.empty(), Optional.empty(), score, transcript, attempts, listened);
    }

    /** How asking ended. */
    public enum Outcome {
        /** An intent above the classifier's threshold. */
        RECOGNIZED,
        /** Speech was heard, but no intent reached the threshold (the classifier never guesses). */
        UNCLEAR,
        /** The caller said nothing within the listening window. */
        SILENT,
        /** The caller pressed a key instead of speaking. */
        DTMF,
        /** The caller hung up while being asked. */
        HANGUP,
        /** No audio path: AudioSocket did not connect, or the recognizer failed; the call went on without it. */
        NO_AUDIO;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
