package io.waitless.speech;

import java.util.List;

/**
 * The speech port: opens a streaming session that recognises one of the given phrases.
 * Implementations are thread-safe and may serve several sessions at once; {@link #close} releases
 * models and engines, after which {@link #open} fails.
 */
public interface SpeechRecognizer extends AutoCloseable {
    /**
     * Opens a session constrained to {@code phrases}. May block until an engine is free, bounded by
     * the implementation's deadline.
     *
     * @param phrases  what callers may say; at least one with a known word
     * @param listener receives segment results as they are decoded
     * @throws SpeechException if no engine became free in time or the phrases are unusable
     */
    SpeechSession open(List<String> phrases, SpeechListener listener);

    default SpeechSession open(List<String> phrases) {
        return open(phrases, SpeechListener.NONE);
    }

    @Override
    void close();
}
