package io.waitless.speech;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Callers with espeak-ng voices (formant synthesis, 22 kHz, resampled to the 8 kHz phone band): this acoustic
 * model recognises them poorly (see the README), so these tests hold the engine to robustness — their speech
 * is heard as speech, decoding ends in time, and they never spoil the next caller on the same engine.
 */
class EspeakCallersIT {

    private static EmbeddedSpeechRecognizer recognizer;

    @BeforeAll
    static void start() {
        recognizer = new EmbeddedSpeechRecognizer(EmbeddedSpeechRecognizer.Settings.defaults().withEngines(1)
                .withDeadline(Duration.ofSeconds(30)));
    }

    @AfterAll
    static void stop() {
        recognizer.close();
    }

    /** espeak-ng's WAV for {@code text} as 8 kHz phone-band audio with quiet before and after. */
    static short[] espeak(String voice, String text) throws Exception {
        Process p = new ProcessBuilder("espeak-ng", "-v", voice, "--stdout", text).start();
        byte[] wav = p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).as("espeak-ng (apt-get install espeak-ng)").isZero();
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(4, wav.length - 8); // espeak-ng streams with unknown sizes; Java Sound wants them
        b.putInt(40, wav.length - 44);
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
            byte[] pcm = in.readAllBytes();
            short[] s = new short[pcm.length / 2];
            for (int i = 0; i < s.length; i++) {
                s[i] = (short) ((pcm[2 * i] & 0xff) | pcm[2 * i + 1] << 8);
            }
            short[] phone = PhoneLine.bandLimit(Resampler.convert(s, Math.round(in.getFormat().getSampleRate()), 8000));
            java.util.Random rnd = new java.util.Random(text.hashCode());
            return SpeechFixtures.concat(SpeechFixtures.noise(4000, 30, rnd), phone, SpeechFixtures.noise(6000, 30, rnd));
        }
    }

    private static Transcript recognise(short[] audio) {
        try (SpeechSession s = recognizer.open(SpeechFixtures.PHRASES)) {
            SpeechFixtures.feed(s, audio);
            return s.end();
        }
    }

    @Test
    void espeak_voices_are_heard_as_speech_and_decoded_within_the_deadline() throws Exception {
        for (String voice : List.of("en-us", "en-gb", "en-us+f3")) {
            Transcript t = recognise(espeak(voice, "I want to pay my bill"));

            assertThat(t.text()).as(voice).isNotBlank();
            assertThat(t.audio()).isGreaterThan(Duration.ofMillis(1500));
        }
    }

    @Test
    void an_espeak_caller_never_spoils_the_next_caller_on_the_same_engine() throws Exception {
        short[] kevin = SpeechFixtures.utterances().get("my internet is down");
        String before = recognise(kevin).text();

        recognise(espeak("en-us", "what time does the football game start tonight"));
        recognise(espeak("en-gb", "um"));

        assertThat(recognise(kevin).text()).isEqualTo(before).isEqualTo("my internet is down");
    }

    @Test
    void a_noisy_espeak_caller_ends_with_a_transcript_of_all_their_audio_not_an_error() throws Exception {
        short[] noisy = SpeechFixtures.withNoise(espeak("en-us", "I am moving to a new apartment"), 10, 5);

        Transcript t = recognise(noisy);

        assertThat(t.audio()).isEqualTo(Duration.ofNanos(noisy.length * 125_000L));
        assertThat(t.confidence()).isBetween(0.0, 1.0);
    }
}
