package io.waitless.prompts;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ToneGeneratorTest {

    private final ToneGenerator tone = new ToneGenerator();

    @Test
    void the_tone_has_exactly_the_requested_length() {
        assertThat(tone.generate(Duration.ofSeconds(30))).hasSize(240_000);
        assertThat(tone.generate(Duration.ofMillis(2_345))).hasSize(18_760);
    }

    @Test
    void the_tone_fades_in_and_out_so_a_loop_never_clicks() {
        short[] s = tone.generate(Duration.ofSeconds(10));
        assertThat(Math.abs(s[0])).isLessThanOrEqualTo(1);
        assertThat(Math.abs(s[s.length - 1])).isLessThanOrEqualTo(1);
        for (int i = 0; i < 40; i++) { // the first and last 5 ms stay very quiet
            assertThat(Math.abs(s[i])).isLessThan(50);
            assertThat(Math.abs(s[s.length - 1 - i])).isLessThan(50);
        }
    }

    @Test
    void the_tone_peaks_at_minus_18_dbfs() {
        short[] s = tone.generate(Duration.ofSeconds(20));
        int peak = 0;
        for (short v : s) {
            peak = Math.max(peak, Math.abs(v));
        }
        double dbfs = 20 * Math.log10(peak / 32767.0);
        assertThat(dbfs).isCloseTo(-18.0, within(1.0));
    }

    @Test
    void the_tone_is_not_silent_between_chimes() {
        short[] s = tone.generate(Duration.ofSeconds(10));
        // 3.5–3.9 s: after the chime has decayed, the pad keeps the line audibly alive
        double rms = AudioChecks.rms(s, 28_000, 31_200);
        assertThat(rms).isGreaterThan(100);
    }
}
