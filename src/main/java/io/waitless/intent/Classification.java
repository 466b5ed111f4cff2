package io.waitless.intent;

import java.util.Optional;

/**
 * What a transcript was classified as.
 *
 * @param intent  the intent id; empty when the best score is below the threshold (unknown, never a guess)
 * @param score   the best intent's score in 0..1, reported even when unknown
 * @param matched the example phrase of the best intent that the transcript covers most; empty when nothing matched
 */
public record Classification(Optional<String> intent, double score, String matched) {

    /** Whether an intent was recognised. */
    public boolean known() {
        return intent.isPresent();
    }

    /** The intent id, or {@code unknown}. */
    public String label() {
        return intent.orElse(IntentClassifier.UNKNOWN);
    }
}
