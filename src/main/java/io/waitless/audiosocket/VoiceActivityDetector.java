package io.waitless.audiosocket;

/**
 * A plain energy check for barge-in: speech has started once {@code framesToTrigger} audio frames in a row
 * have an RMS level at or above {@code rmsThreshold} (in sample units, 0..32767). Line noise and comfort
 * noise stay far below the default of 500 (about -36 dBFS); speech on the Asterisk captures is well above it.
 * Not thread-safe: one detector per listening loop.
 */
public final class VoiceActivityDetector {
    public static final double DEFAULT_RMS_THRESHOLD = 500;
    public static final int DEFAULT_FRAMES_TO_TRIGGER = 3;

    private final double rmsThreshold;
    private final int framesToTrigger;
    private int loudInARow;

    public VoiceActivityDetector() {
        this(DEFAULT_RMS_THRESHOLD, DEFAULT_FRAMES_TO_TRIGGER);
    }

    public VoiceActivityDetector(double rmsThreshold, int framesToTrigger) {
        if (rmsThreshold <= 0 || framesToTrigger < 1) {
            throw new IllegalArgumentException("threshold must be > 0 and framesToTrigger >= 1");
        }
        this.rmsThreshold = rmsThreshold;
        this.framesToTrigger = framesToTrigger;
    }

    /** Feeds one frame; true once the caller is speaking (and for every further loud frame). */
    public boolean speaking(Frame.Audio frame) {
        loudInARow = rms(frame.samples()) >= rmsThreshold ? loudInARow + 1 : 0;
        return loudInARow >= framesToTrigger;
    }

    /** Forgets the frames seen so far. */
    public void reset() {
        loudInARow = 0;
    }

    /** Root mean square of the samples; 0 for none. */
    public static double rms(short[] samples) {
        if (samples.length == 0) {
            return 0;
        }
        double sum = 0;
        for (short s : samples) {
            sum += (double) s * s;
        }
        return Math.sqrt(sum / samples.length);
    }
}
