package io.waitless.speech;

import java.util.Random;

/**
 * What a telephone line does to 8 kHz audio, for evaluating recognition on synthesized speech:
 * band-limiting to the 300–3400 Hz voice band and additive white or pink noise at a given SNR.
 * Stateless helpers.
 */
public final class PhoneLine {

    /** The kind of additive noise. */
    public enum Noise { WHITE, PINK }

    private PhoneLine() {
    }

    /** Band-passes 8 kHz audio to 300–3400 Hz (two second-order high-passes, two low-passes). */
    public static short[] bandLimit(short[] slin8k) {
        double[] x = new double[slin8k.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = slin8k[i];
        }
        for (int pass = 0; pass < 2; pass++) {
            x = biquad(x, 300, true);
            x = biquad(x, 3400, false);
        }
        return clip(x);
    }

    /**
     * Adds noise so that the speech's RMS (over the frames above 1 % of the peak energy, i.e. the
     * speech itself, not the padding) stands {@code snrDb} above the noise's.
     */
    public static short[] addNoise(short[] slin8k, double snrDb, Noise kind, long seed) {
        double sum = 0;
        int n = 0;
        double peak = 0;
        for (int i = 0; i + 160 <= slin8k.length; i += 160) {
            peak = Math.max(peak, frameEnergy(slin8k, i));
        }
        for (int i = 0; i + 160 <= slin8k.length; i += 160) {
            double e = frameEnergy(slin8k, i);
            if (e >= peak / 100) {
                sum += e;
                n++;
            }
        }
        double speechRms = Math.sqrt(n == 0 ? 0 : sum / n);
        double noiseRms = speechRms / Math.pow(10, snrDb / 20);
        Random rnd = new Random(seed);
        double[] noise = new double[slin8k.length];
        double[] b = new double[7];
        for (int i = 0; i < noise.length; i++) {
            double w = rnd.nextGaussian();
            if (kind == Noise.PINK) { // Paul Kellet's pink filter
                b[0] = 0.99886 * b[0] + w * 0.0555179;
                b[1] = 0.99332 * b[1] + w * 0.0750759;
                b[2] = 0.96900 * b[2] + w * 0.1538520;
                b[3] = 0.86650 * b[3] + w * 0.3104856;
                b[4] = 0.55000 * b[4] + w * 0.5329522;
                b[5] = -0.7616 * b[5] - w * 0.0168980;
                noise[i] = b[0] + b[1] + b[2] + b[3] + b[4] + b[5] + b[6] + w * 0.5362;
                b[6] = w * 0.115926;
            } else {
                noise[i] = w;
            }
        }
        double ms = 0;
        for (double v : noise) {
            ms += v * v;
        }
        double scale = noiseRms / Math.sqrt(Math.max(1e-12, ms / Math.max(1, noise.length)));
        double[] out = new double[slin8k.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = slin8k[i] + noise[i] * scale;
        }
        return clip(out);
    }

    private static double frameEnergy(short[] s, int at) {
        double e = 0;
        for (int k = at; k < at + 160; k++) {
            e += (double) s[k] * s[k];
        }
        return e / 160;
    }

    /** RBJ cookbook biquad, Q = 1/sqrt(2), at 8 kHz. */
    private static double[] biquad(double[] x, double cutoff, boolean highPass) {
        double w0 = 2 * Math.PI * cutoff / 8000;
        double alpha = Math.sin(w0) / (2 * Math.sqrt(0.5));
        double cos = Math.cos(w0);
        double b0 = highPass ? (1 + cos) / 2 : (1 - cos) / 2;
        double b1 = highPass ? -(1 + cos) : 1 - cos;
        double b2 = b0;
        double a0 = 1 + alpha, a1 = -2 * cos, a2 = 1 - alpha;
        double[] y = new double[x.length];
        double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
        for (int i = 0; i < x.length; i++) {
            double v = (b0 * x[i] + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2) / a0;
            x2 = x1;
            x1 = x[i];
            y2 = y1;
            y1 = v;
            y[i] = v;
        }
        return y;
    }

    private static short[] clip(double[] x) {
        short[] out = new short[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(x[i])));
        }
        return out;
    }
}
