package io.waitless.speech;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResamplerTest {

    static short[] tone(double hz, int rate, double seconds, double amplitude) {
        short[] s = new short[(int) (rate * seconds)];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return s;
    }

    /** Amplitude of the {@code hz} component (Goertzel over a Hann window, skipping the filter's start-up). */
    static double amplitude(short[] s, int rate, double hz) {
        int from = s.length / 10, to = s.length - s.length / 10, n = to - from;
        double re = 0, im = 0, wsum = 0;
        for (int i = 0; i < n; i++) {
            double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1));
            double a = 2 * Math.PI * hz * (from + i) / rate;
            re += w * s[from + i] * Math.cos(a);
            im += w * s[from + i] * Math.sin(a);
            wsum += w;
        }
        return 2 * Math.hypot(re, im) / wsum;
    }

    private static short[] upsampleInFrames(short[] in) {
        Resampler r = Resampler.upsampler();
        short[] out = new short[in.length * 2];
        for (int i = 0; i + 160 <= in.length; i += 160) {
            short[] frame = java.util.Arrays.copyOfRange(in, i, i + 160);
            System.arraycopy(r.upsample(frame), 0, out, 2 * i, 320);
        }
        return out;
    }

    @Test
    void a_1khz_tone_keeps_its_frequency_and_amplitude_when_upsampled_in_20ms_frames() {
        short[] out = upsampleInFrames(tone(1000, 8000, 1.0, 10_000));

        assertThat(out).hasSize(16_000);
        assertThat(amplitude(out, 16_000, 1000)).isCloseTo(10_000, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(amplitude(out, 16_000, 7000)).as("image of 1 kHz at 7 kHz").isLessThan(10);
    }

    @Test
    void a_3900hz_tone_makes_no_strong_image_near_4100hz() {
        short[] out = upsampleInFrames(tone(3900, 8000, 1.0, 10_000));

        double image = amplitude(out, 16_000, 4100);
        assertThat(20 * Math.log10(image / 10_000)).as("image at 4.1 kHz, dB below the input tone").isLessThan(-40);
    }

    @Test
    void flush_returns_the_filter_tail_so_a_whole_signal_keeps_its_length_plus_the_delay() {
        Resampler r = Resampler.upsampler();
        assertThat(r.upsample(new short[160]).length + r.flush().length).isEqualTo(320 + Resampler.UPSAMPLER_TAPS / 2);
    }

    @Test
    void converting_44100_to_8000_keeps_a_1khz_tone_and_removes_a_6khz_one() {
        short[] in = new short[44_100];
        short[] a = tone(1000, 44_100, 1.0, 8000), b = tone(6000, 44_100, 1.0, 8000);
        for (int i = 0; i < in.length; i++) {
            in[i] = (short) (a[i] + b[i]);
        }
        short[] out = Resampler.convert(in, 44_100, 8000);

        assertThat(out).hasSize(8000);
        assertThat(amplitude(out, 8000, 1000)).isCloseTo(8000, org.assertj.core.data.Percentage.withPercentage(2));
        assertThat(amplitude(out, 8000, 2000)).as("6 kHz would alias to 2 kHz").isLessThan(8);
    }

    @Test
    void converting_16000_to_8000_and_back_keeps_speech_band_tones() {
        short[] in = tone(440, 16_000, 0.5, 12_000);
        short[] down = Resampler.convert(in, 16_000, 8000);
        assertThat(amplitude(down, 8000, 440)).isCloseTo(12_000, org.assertj.core.data.Percentage.withPercentage(1));
    }
}
