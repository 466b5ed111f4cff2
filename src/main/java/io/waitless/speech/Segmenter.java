package io.waitless.speech;

/**
 * A light energy voice-activity detector that cuts one caller's 8 kHz audio into segments for
 * decoding: a segment ends once speech has been followed by {@link #PAUSE_FRAMES} of silence, or at
 * {@link #MAX_FRAMES}. Silence before any speech is kept only for its last second (Sphinx's
 * endpointer wants some background before speech), so a silent caller costs a bounded buffer.
 *
 * <p>Energy is judged against a noise floor that falls at once and rises 1 dB per second, so the
 * floor follows the line's background through speech. A segment is worth decoding when some frame
 * stood {@link #SPEECH_DB} above the floor and above {@link #MIN_DB} absolute; this is judged
 * again at the end with the floor then known, so speech at the very start is not lost.
 *
 * <p>Not thread-safe: the session calls it under its lock.
 */
final class Segmenter {

    static final int FRAME = 160;
    static final int PAUSE_FRAMES = 35;           // 700 ms
    static final int MAX_FRAMES = 50 * 15;        // 15 s
    static final int KEEP_SILENCE_FRAMES = 50;    // 1 s
    static final double SPEECH_DB = 10;
    static final double MIN_DB = 36;              // RMS about 63 of 32767
    static final double RISE_DB_PER_FRAME = 0.02;

    private short[] buffer = new short[FRAME * 50];
    private int length;
    private float[] energies = new float[50];
    private int frames;
    private final short[] partial = new short[FRAME];
    private int partialLength;
    private double floor = Double.NaN;
    private boolean speechSeen;
    private int silenceRun;

    /** Adds samples; returns a completed segment or {@code null}. At most one per call per frame. */
    java.util.List<short[]> add(short[] samples) {
        java.util.List<short[]> out = null;
        int i = 0;
        while (i < samples.length) {
            int n = Math.min(FRAME - partialLength, samples.length - i);
            System.arraycopy(samples, i, partial, partialLength, n);
            partialLength += n;
            i += n;
            if (partialLength == FRAME) {
                short[] seg = frame(partial, FRAME);
                partialLength = 0;
                if (seg != null) {
                    if (out == null) {
                        out = new java.util.ArrayList<>(1);
                    }
                    out.add(seg);
                }
            }
        }
        return out == null ? java.util.List.of() : out;
    }

    /** The rest of the audio as a last segment, or {@code null} when it holds no speech. */
    short[] finish() {
        if (partialLength > 0) {
            append(partial, partialLength, energy(partial, partialLength));
            partialLength = 0;
        }
        boolean speech = speechSeen || hasSpeech();
        short[] rest = speech ? java.util.Arrays.copyOf(buffer, length) : null;
        reset();
        return rest;
    }

    /** Samples held now (for the heap figure). */
    int buffered() {
        return length;
    }

    private short[] frame(short[] f, int n) {
        double e = energy(f, n);
        if (Double.isNaN(floor) || e < floor) {
            floor = e;
        } else {
            floor += Math.min(RISE_DB_PER_FRAME, e - floor);
        }
        append(f, n, e);
        if (isSpeech(e)) {
            speechSeen = true;
            silenceRun = 0;
        } else {
            silenceRun++;
        }
        if (speechSeen && silenceRun >= PAUSE_FRAMES || frames >= MAX_FRAMES && (speechSeen || hasSpeech())) {
            short[] seg = java.util.Arrays.copyOf(buffer, length);
            reset();
            return seg;
        }
        if (!speechSeen && frames > 2 * KEEP_SILENCE_FRAMES && !hasSpeech()) {
            drop(frames - KEEP_SILENCE_FRAMES);
        }
        return null;
    }

    private boolean isSpeech(double e) {
        return e > floor + SPEECH_DB && e > MIN_DB;
    }

    private boolean hasSpeech() {
        for (int k = 0; k < frames; k++) {
            if (isSpeech(energies[k])) {
                return true;
            }
        }
        return false;
    }

    private void append(short[] f, int n, double e) {
        if (length + n > buffer.length) {
            buffer = java.util.Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + n));
        }
        System.arraycopy(f, 0, buffer, length, n);
        length += n;
        if (frames == energies.length) {
            energies = java.util.Arrays.copyOf(energies, frames * 2);
        }
        energies[frames++] = (float) e;
    }

    private void drop(int dropFrames) {
        int samples = dropFrames * FRAME;
        System.arraycopy(buffer, samples, buffer, 0, length - samples);
        length -= samples;
        System.arraycopy(energies, dropFrames, energies, 0, frames - dropFrames);
        frames -= dropFrames;
    }

    private void reset() {
        length = 0;
        frames = 0;
        speechSeen = false;
        silenceRun = 0;
        if (buffer.length > FRAME * 500) {
            buffer = new short[FRAME * 50];
            energies = new float[50];
        }
    }

    /** Mean energy of a frame in dB (0 for digital silence). */
    static double energy(short[] f, int n) {
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += (double) f[k] * f[k];
        }
        return 10 * Math.log10(1 + sum / Math.max(1, n));
    }
}
