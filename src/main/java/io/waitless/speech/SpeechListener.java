package io.waitless.speech;

/**
 * Receives results while a session runs. Called on the session's engine thread, never
 * concurrently for one session; must return quickly and must not call back into the session.
 */
@FunctionalInterface
public interface SpeechListener {
    /** An utterance (speech between two pauses) was decoded; {@code segment.text()} may be empty. */
    void onSegment(Transcript segment);

    SpeechListener NONE = segment -> { };
}
