package io.waitless.speech;

/**
 * One caller's audio stream. Feed frames with {@link #accept} from one thread, then call
 * {@link #end} once; {@link #close} without {@link #end} abandons the audio (e.g. on hang-up) and
 * returns the engine to its pool.
 */
public interface SpeechSession extends AutoCloseable {
    /**
     * Queues 8 kHz 16-bit mono samples (any length; 160 samples is a 20 ms frame). Does not block
     * on decoding; the array is copied.
     *
     * @throws IllegalStateException after {@link #end} or {@link #close}
     */
    void accept(short[] slin8k);

    /**
     * Ends the audio, waits for decoding to drain (bounded by the recognizer's deadline) and
     * returns what was said over the whole session.
     *
     * @throws SpeechException if the engine failed or missed its deadline
     */
    Transcript end();

    /** Releases the engine; idempotent, never throws. */
    @Override
    void close();
}
