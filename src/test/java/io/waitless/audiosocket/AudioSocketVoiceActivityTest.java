package io.waitless.audiosocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.waitless.testing.AsteriskFixtures;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class AudioSocketVoiceActivityTest {
    private static List<Frame.Audio> callerAudio() throws IOException {
        return AudioSocketFrameCodecTest.decodeAll(AsteriskFixtures.bytes("audiosocket-speech-dtmf.from-asterisk.bin"))
                .stream().filter(f -> f instanceof Frame.Audio).map(f -> (Frame.Audio) f).toList();
    }

    @Test
    void the_captured_caller_is_heard_speaking_within_the_first_three_frames() throws IOException {
        VoiceActivityDetector vad = new VoiceActivityDetector();
        List<Frame.Audio> audio = callerAudio();
        int first = -1;
        for (int i = 0; i < audio.size() && first < 0; i++) {
            if (vad.speaking(audio.get(i))) {
                first = i;
            }
        }
        assertThat(first).isEqualTo(VoiceActivityDetector.DEFAULT_FRAMES_TO_TRIGGER - 1);
    }

    @Test
    void the_quiet_tail_of_the_capture_and_our_silence_never_trigger() throws IOException {
        VoiceActivityDetector vad = new VoiceActivityDetector();
        List<Frame.Audio> audio = callerAudio();
        // frames 88..111 of the capture (audio indexes 87..110) have |sample| <= 1
        for (Frame.Audio a : audio.subList(87, audio.size())) {
            assertThat(vad.speaking(a)).isFalse();
        }
        for (int i = 0; i < 50; i++) {
            assertThat(vad.speaking(Frame.Audio.silence())).isFalse();
        }
    }

    @Test
    void one_loud_click_is_not_speech() {
        VoiceActivityDetector vad = new VoiceActivityDetector();
        short[] loud = new short[160];
        java.util.Arrays.fill(loud, (short) 8000);
        assertThat(vad.speaking(Frame.Audio.of(loud))).isFalse();
        assertThat(vad.speaking(Frame.Audio.silence())).isFalse();
        assertThat(vad.speaking(Frame.Audio.of(loud))).isFalse();
        assertThat(VoiceActivityDetector.rms(loud)).isEqualTo(8000.0);
    }
}
