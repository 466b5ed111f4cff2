package io.waitless.speech;

import java.time.Duration;
import java.util.Objects;

/**
 * What a caller said.
 *
 * @param text       lower-case words, single spaces; empty when nothing was recognised (never null)
 * @param confidence 0..1; 0 when {@code text} is empty. For the embedded engine this is the mean
 *                   word posterior of the grammar lattice, which is optimistic: a grammar always
 *                   picks some phrase, so callers must still judge out-of-grammar speech
 * @param audio      audio fed to the session so far (at 8 kHz)
 * @param cpu        CPU time the engine spent on this session's audio
 */
public record Transcript(String text, double confidence, Duration audio, Duration cpu) {
    public Transcript {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(cpu, "cpu");
        if (confidence < 0 || confidence > 1) {
            throw new IllegalArgumentException("confidence out of 0..1: " + confidence);
        }
    }

    public boolean isEmpty() {
        return text.isEmpty();
    }

    /** CPU seconds per audio second; 0 for no audio. */
    public double realTimeFactor() {
        return audio.isZero() ? 0 : cpu.toNanos() / (double) audio.toNanos();
    }
}
