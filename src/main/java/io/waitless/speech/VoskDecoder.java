package io.waitless.speech;

import org.vosk.Recognizer;

/**
 * What a {@link VoskSession} needs of one {@code org.vosk.Recognizer}; a seam so the session's
 * threading and bookkeeping are tested with a fake. Not thread-safe: one thread at a time.
 */
interface VoskDecoder {
    /** Feeds samples; true when an utterance ended and {@link #result} is ready. */
    boolean accept(short[] samples);

    /** The JSON result of the utterance that just ended. */
    String result();

    /** Flushes the audio and returns the JSON result of what is left. */
    String finalResult();

    /** Frees the native recognizer; called exactly once, after the last call above. */
    void free();

    static VoskDecoder of(Recognizer r) {
        return new VoskDecoder() {
            @Override
            public boolean accept(short[] samples) {
                return r.acceptWaveForm(samples, samples.length);
            }

            @Override
            public String result() {
                return r.getResult();
            }

            @Override
            public String finalResult() {
                return r.getFinalResult();
            }

            @Override
            public void free() {
                r.close();
            }
        };
    }
}
