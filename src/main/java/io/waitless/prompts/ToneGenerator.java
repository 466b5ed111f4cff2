package io.waitless.prompts;

import java.time.Duration;

/**
 * Gentle hold audio for when the operator supplies no music: a soft, low drone (two sine tones a
 * fifth apart, slowly breathing) under a two-note chime every few seconds, so a caller hears that
 * the line is alive without a melody that grates on the tenth loop.
 *
 * <p>The result is 8 kHz 16-bit mono, exactly as many samples as the requested length (rounded to
 * the nearest sample), normalised to a peak of {@link #PEAK_DBFS}, with raised-cosine fades at both
 * ends so a loop or a cut never clicks. Stateless and thread-safe; the output is deterministic.
 */
public final class ToneGenerator {

    /** Peak level of the generated audio, dB relative to full scale. */
    public static final double PEAK_DBFS = -18.0;

    private static final double RATE = Wav.SAMPLE_RATE;
    private static final double FADE_SECONDS = 0.5;
    private static final double CHIME_EVERY = 4.0;               // seconds between chime starts
    private static final double[] CHIME_NOTES = {659.26, 523.25}; // E5 then C5: "ding-dong"
    private static final double NOTE_GAP = 0.6;                   // seconds between the two notes
    private static final double NOTE_DECAY = 0.7;                 // seconds, exponential time constant
    private static final double NOTE_ATTACK = 0.02;               // seconds, no click on the strike
    private static final double[] PAD_NOTES = {220.0, 329.63};    // A3 and E4

    /**
     * Generates {@code length} of hold tone.
     *
     * @param length positive, at most a few minutes (the samples are held in memory)
     */
    public short[] generate(Duration length) {
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("tone length must be positive, was " + length);
        }
        int n = Wav.samples(length);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double t = i / RATE;
            x[i] = pad(t) + chime(t);
        }
        fade(x);
        return normalise(x, Math.pow(10, PEAK_DBFS / 20));
    }

    private static double pad(double t) {
        double breathe = 0.75 + 0.25 * Math.sin(2 * Math.PI * t / 8.0); // 8 s swell
        double s = 0;
        for (double f : PAD_NOTES) {
            s += Math.sin(2 * Math.PI * f * t);
        }
        return 0.12 * breathe * s;
    }

    private static double chime(double t) {
        double local = t % CHIME_EVERY;
        double s = 0;
        for (int k = 0; k < CHIME_NOTES.length; k++) {
            double u = local - k * NOTE_GAP;
            if (u >= 0) {
                double attack = Math.min(1.0, u / NOTE_ATTACK);
                double envelope = attack * Math.exp(-u / NOTE_DECAY);
                double f = CHIME_NOTES[k];
                // a bell-ish partial an octave up, quieter and quicker to die away
                s += envelope * (Math.sin(2 * Math.PI * f * u) + 0.2 * Math.exp(-u / 0.2) * Math.sin(4 * Math.PI * f * u));
            }
        }
        return 0.5 * s;
    }

    private static void fade(double[] x) {
        int fade = (int) Math.min(FADE_SECONDS * RATE, x.length / 4.0);
        for (int i = 0; i < fade; i++) {
            double g = 0.5 - 0.5 * Math.cos(Math.PI * i / fade); // 0 → 1, raised cosine
            x[i] *= g;
            x[x.length - 1 - i] *= g;
        }
    }

    private static short[] normalise(double[] x, double peak) {
        double max = 0;
        for (double v : x) {
            max = Math.max(max, Math.abs(v));
        }
        double gain = max == 0 ? 0 : peak * Short.MAX_VALUE / max;
        short[] out = new short[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (short) Math.round(x[i] * gain);
        }
        return out;
    }
}
