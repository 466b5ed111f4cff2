package io.waitless.speech;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded engine on real synthesized speech, fed as 20 ms slin frames. */
class SpeechRecognitionTest {

    static EmbeddedSpeechRecognizer recognizer;
    static Map<String, short[]> utterances;

    @BeforeAll
    static void start() {
        // The whole-phrase grammar: these tests hold it to exact transcripts (the default, NGRAM, is
        // held to intents by SpeechNgramTest and the intent eval).
        recognizer = new EmbeddedSpeechRecognizer(EmbeddedSpeechRecognizer.Settings.defaults().withDeadline(Duration.ofSeconds(20))
                .withGrammar(EmbeddedSpeechRecognizer.Grammar.PHRASES));
        utterances = SpeechFixtures.utterances();
    }

    @AfterAll
    static void stop() {
        recognizer.close();
    }

    private static Transcript recognise(short[] audio) {
        try (SpeechSession s = recognizer.open(SpeechFixtures.PHRASES)) {
            SpeechFixtures.feed(s, audio);
            return s.end();
        }
    }

    private static String expected(String phrase) {
        return PhraseGrammar.normalise(phrase);
    }

    @Test
    void clean_phrases_are_recognised() {
        List<String> report = new ArrayList<>();
        int right = 0;
        Duration audio = Duration.ZERO, cpu = Duration.ZERO;
        for (var e : utterances.entrySet()) {
            Transcript t = recognise(e.getValue());
            report.add(e.getKey() + " -> '" + t.text() + "' conf=" + String.format("%.2f", t.confidence())
                    + " rtf=" + String.format("%.3f", t.realTimeFactor()));
            right += t.text().equals(expected(e.getKey())) ? 1 : 0;
            audio = audio.plus(t.audio());
            cpu = cpu.plus(t.cpu());
        }
        System.out.println("[speech] clean: " + right + "/" + utterances.size() + " exact; CPU s per audio s "
                + String.format("%.3f", cpu.toNanos() / (double) audio.toNanos()) + "\n  " + String.join("\n  ", report));
        assertThat(right).as(String.join("; ", report)).isGreaterThanOrEqualTo(4);
    }

    @Test
    void phrases_with_noise_at_15_db_snr_are_mostly_recognised() {
        List<String> report = new ArrayList<>();
        int right = 0;
        long seed = 1;
        for (var e : utterances.entrySet()) {
            Transcript t = recognise(SpeechFixtures.withNoise(e.getValue(), 15, seed++));
            report.add(e.getKey() + " -> '" + t.text() + "'");
            right += t.text().equals(expected(e.getKey())) ? 1 : 0;
        }
        System.out.println("[speech] 15 dB SNR: " + right + "/" + utterances.size() + "\n  " + String.join("\n  ", report));
        assertThat(right).as(String.join("; ", report)).isGreaterThanOrEqualTo(3);
    }

    @Test
    void a_silent_caller_gets_an_empty_transcript_and_never_affects_the_next_caller() {
        String phrase = "I want to pay my bill";
        Transcript before = recognise(utterances.get(phrase));

        // Engines are reused: several silent callers in a row, so every pooled engine sees silence.
        for (int i = 0; i < 3; i++) {
            Transcript silent = recognise(SpeechFixtures.noise(8000 * 5, 2, new java.util.Random(i)));
            assertThat(silent.text()).isEmpty();
            assertThat(recognise(new short[8000 * 3]).text()).as("digital silence").isEmpty();
        }
        // A caller that starts with long silence, then speaks.
        Transcript lateSpeaker = recognise(SpeechFixtures.concat(new short[8000 * 4], utterances.get(phrase)));
        Transcript after = recognise(utterances.get(phrase));

        assertThat(after.text()).isEqualTo(before.text()).isEqualTo(expected(phrase));
        assertThat(lateSpeaker.text()).isEqualTo(expected(phrase));
    }

    @Test
    void segments_reach_the_listener_and_the_session_reports_audio_and_cpu() {
        List<Transcript> segments = new ArrayList<>();
        short[] audio = utterances.get("no thanks");
        Transcript t;
        try (SpeechSession s = recognizer.open(SpeechFixtures.PHRASES, segments::add)) {
            SpeechFixtures.feed(s, audio);
            t = s.end();
        }
        assertThat(segments).extracting(Transcript::text).contains("no thanks");
        assertThat(t.audio()).isEqualTo(Duration.ofNanos(audio.length * 125_000L));
        assertThat(t.cpu()).isPositive();
        assertThat(t.confidence()).isBetween(0.0, 1.0);
    }

    @Test
    void two_engines_serve_six_concurrent_sessions_fed_in_real_time() throws Exception {
        String phrase = "I am moving to a new apartment";
        short[] audio = utterances.get(phrase);
        List<SpeechSession> sessions = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            sessions.add(recognizer.open(SpeechFixtures.PHRASES));
        }
        // Interleaved 20 ms frames, as six AudioSocket calls would deliver them.
        for (int at = 0; at < audio.length; at += 160) {
            short[] frame = java.util.Arrays.copyOfRange(audio, at, Math.min(audio.length, at + 160));
            for (SpeechSession s : sessions) {
                s.accept(frame);
            }
        }
        for (SpeechSession s : sessions) {
            try (s) {
                assertThat(s.end().text()).isEqualTo(expected(phrase));
            }
        }
    }
}
