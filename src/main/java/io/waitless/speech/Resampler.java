package io.waitless.speech;

/**
 * Windowed-sinc (Kaiser) sample-rate conversion with a proper anti-aliasing low-pass, instead of
 * {@code javax.sound}'s converter, which interpolates without filtering and so aliases.
 *
 * <p>Two uses: a streaming 8 → 16 kHz {@linkplain #upsampler() upsampler} (160-tap polyphase FIR,
 * pass-band to about 3.5 kHz, at least 70 dB down from 4 kHz, so the images of telephone audio
 * above 4 kHz are removed), and {@link #convert}, an offline converter between any two rates
 * (used to bring 16/44.1/48 kHz files to 8 kHz), whose cut-off is 90 % of the lower Nyquist rate.
 *
 * <p><b>Threading:</b> an upsampler keeps the last input samples between calls and belongs to one
 * stream; {@link #convert} is stateless.
 */
public final class Resampler {

    static final int UPSAMPLER_TAPS = 160;
    private static final double KAISER_BETA = 8.0;

    private final double[][] phases; // phases[p][k]: tap k of output phase p
    private final double[] history;  // the last taps-per-phase input samples, oldest first

    private Resampler(double[][] phases) {
        this.phases = phases;
        this.history = new double[phases[0].length];
    }

    /** A new streaming 8 kHz → 16 kHz upsampler with its own history (starts from silence). */
    public static Resampler upsampler() {
        // Designed at 16 kHz: cut-off 3.75 kHz, Kaiser transition about 3.5–4.0 kHz.
        double fc = 3750.0 / 16000.0;
        double[] h = new double[UPSAMPLER_TAPS];
        double mid = (UPSAMPLER_TAPS - 1) / 2.0;
        for (int n = 0; n < UPSAMPLER_TAPS; n++) {
            double x = n - mid;
            h[n] = 2 * fc * sinc(2 * fc * x) * kaiser(x / (mid + 1)) * 2; // x2: zero-stuffing gain
        }
        int perPhase = UPSAMPLER_TAPS / 2;
        double[][] phases = new double[2][perPhase];
        for (int k = 0; k < perPhase; k++) {
            phases[0][k] = h[2 * k];
            phases[1][k] = h[2 * k + 1];
        }
        return new Resampler(phases);
    }

    /**
     * Upsamples the next block of 8 kHz samples to twice as many 16 kHz samples. The filter delays
     * the signal by {@value #UPSAMPLER_TAPS}/2 output samples (5 ms); callers feeding a whole
     * utterance should end with {@link #flush()}.
     */
    public short[] upsample(short[] in) {
        short[] out = new short[in.length * 2];
        int taps = history.length;
        for (int i = 0; i < in.length; i++) {
            System.arraycopy(history, 1, history, 0, taps - 1);
            history[taps - 1] = in[i];
            for (int p = 0; p < 2; p++) {
                double[] c = phases[p];
                double acc = 0;
                for (int k = 0; k < taps; k++) {
                    acc += c[k] * history[taps - 1 - k];
                }
                out[2 * i + p] = clip(acc);
            }
        }
        return out;
    }

    /** The filter's tail: upsamples half a filter length of silence. */
    public short[] flush() {
        return upsample(new short[history.length / 2]);
    }

    /**
     * Converts a whole signal from {@code fromRate} to {@code toRate} (Hz) with a Kaiser-windowed
     * sinc of 32 zero crossings each side, scaled to the lower rate, so down-sampling is
     * anti-aliased and up-sampling removes images. Output length is {@code in.length * to / from}.
     */
    public static short[] convert(short[] in, int fromRate, int toRate) {
        if (fromRate <= 0 || toRate <= 0) {
            throw new IllegalArgumentException("rates must be positive: " + fromRate + " -> " + toRate);
        }
        if (fromRate == toRate) {
            return in.clone();
        }
        double step = fromRate / (double) toRate;           // input samples per output sample
        double cutoff = 0.9 * Math.min(fromRate, toRate) / 2 / fromRate; // cycles per input sample
        int half = (int) Math.ceil(16 / (2 * cutoff));      // 16 zero crossings each side
        int outLength = (int) ((long) in.length * toRate / fromRate);
        short[] out = new short[outLength];
        for (int i = 0; i < outLength; i++) {
            double t = i * step;
            int centre = (int) Math.floor(t);
            double acc = 0;
            for (int j = centre - half + 1; j <= centre + half; j++) {
                if (j < 0 || j >= in.length) {
                    continue;
                }
                double x = t - j;
                acc += in[j] * 2 * cutoff * sinc(2 * cutoff * x) * kaiser(x / half);
            }
            out[i] = clip(acc);
        }
        return out;
    }

    private static double sinc(double x) {
        if (x == 0) {
            return 1;
        }
        double px = Math.PI * x;
        return Math.sin(px) / px;
    }

    /** Kaiser window at {@code r} in [-1, 1]; 0 outside. */
    private static double kaiser(double r) {
        if (r <= -1 || r >= 1) {
            return 0;
        }
        return besselI0(KAISER_BETA * Math.sqrt(1 - r * r)) / besselI0(KAISER_BETA);
    }

    private static double besselI0(double x) {
        double sum = 1, term = 1, q = x * x / 4;
        for (int k = 1; k < 50; k++) {
            term *= q / (k * (double) k);
            sum += term;
            if (term < 1e-12 * sum) {
                break;
            }
        }
        return sum;
    }

    private static short clip(double v) {
        long r = Math.round(v);
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, r));
    }
}
