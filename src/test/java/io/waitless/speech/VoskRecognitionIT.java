package io.waitless.speech;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Vosk on real synthesized speech (FreeTTS kevin at 8 kHz, 20 ms frames). Needs a model:
 * {@code -Dwaitless.vosk.model=/path/to/vosk-model-small-en-us-0.15} or {@code WAITLESS_VOSK_MODEL};
 * skipped without one.
 */
class VoskRecognitionIT {

    static Path model;
    static VoskSpeechRecognizer grammar;
    static VoskSpeechRecognizer dictation;
    static Map<String, short[]> utterances;

    @BeforeAll
    static void start() {
        String path = System.getProperty("waitless.vosk.model", System.getenv("WAITLESS_VOSK_MODEL"));
        if (path == null || path.isBlank()) {
            return; // every test is skipped by needs_a_model
        }
        model = Path.of(path);
        grammar = VoskSpeechRecognizer.load(new VoskSpeechRecognizer.Settings(model, true, Duration.ofSeconds(20)));
        dictation = VoskSpeechRecognizer.load(new VoskSpeechRecognizer.Settings(model, false, Duration.ofSeconds(20)));
        utterances = SpeechFixtures.utterances();
    }

    @BeforeEach
    void needs_a_model() {
        assumeTrue(model != null, "no Vosk model given: set -Dwaitless.vosk.model=/path/to/model "
                + "or WAITLESS_VOSK_MODEL (e.g. vosk-model-small-en-us-0.15 from https://alphacephei.com/vosk/models)");
    }

    @AfterAll
    static void stop() {
        if (grammar != null) {
            grammar.close();
        }
        if (dictation != null) {
            dictation.close();
        }
    }

    private static Transcript recognise(SpeechRecognizer r, List<String> phrases, short[] audio) {
        try (SpeechSession s = r.open(phrases)) {
            SpeechFixtures.feed(s, audio);
            return s.end();
        }
    }

    private static String expected(String phrase) {
        return PhraseGrammar.normalise(phrase);
    }

    @Test
    void grammar_mode_recognises_the_configured_phrases() {
        List<String> report = new ArrayList<>();
        int right = 0;
        for (var e : utterances.entrySet()) {
            Transcript t = recognise(grammar, SpeechFixtures.PHRASES, e.getValue());
            report.add(e.getKey() + " -> '" + t.text() + "' conf=" + String.format("%.2f", t.confidence())
                    + " rtf=" + String.format("%.3f", t.realTimeFactor()));
            right += t.text().equals(expected(e.getKey())) ? 1 : 0;
            assertThat(t.text()).doesNotContain("[unk]");
            assertThat(t.audio()).isEqualTo(Duration.ofNanos(e.getValue().length * 125_000L));
        }
        System.out.println("[vosk] grammar: " + right + "/" + utterances.size() + "\n  " + String.join("\n  ", report));
        assertThat(right).as(String.join("; ", report)).isGreaterThanOrEqualTo(4);
    }

    @Test
    void free_dictation_hears_most_words_of_each_phrase() {
        List<String> report = new ArrayList<>();
        int said = 0, heard = 0;
        for (var e : utterances.entrySet()) {
            Transcript t = recognise(dictation, SpeechFixtures.PHRASES, e.getValue());
            List<String> got = Arrays.asList(t.text().split(" "));
            for (String w : expected(e.getKey()).split(" ")) {
                said++;
                heard += got.contains(w) ? 1 : 0;
            }
            report.add(e.getKey() + " -> '" + t.text() + "' conf=" + String.format("%.2f", t.confidence()));
        }
        System.out.println("[vosk] dictation: " + heard + "/" + said + " words\n  " + String.join("\n  ", report));
        assertThat(heard).as(String.join("; ", report)).isGreaterThanOrEqualTo(said * 6 / 10);
    }

    @Test
    void out_of_grammar_speech_scores_below_in_grammar_speech_and_never_shows_unk() {
        List<String> narrow = List.of("yes please text me", "no thanks");
        Transcript in = recognise(grammar, narrow, utterances.get("no thanks"));
        Transcript out = recognise(grammar, narrow, utterances.get("I am moving to a new apartment"));
        System.out.println("[vosk] in grammar: '" + in.text() + "' " + in.confidence()
                + "; out of grammar: '" + out.text() + "' " + out.confidence());
        assertThat(in.text()).isEqualTo("no thanks");
        assertThat(out.text()).doesNotContain("[unk]").isNotEqualTo("no thanks");
        assertThat(out.confidence()).isLessThan(in.confidence());
    }

    @Test
    void a_pause_ends_a_segment_which_reaches_the_listener() {
        Random rnd = new Random(3);
        short[] audio = SpeechFixtures.concat(utterances.get("no thanks"), SpeechFixtures.noise(12_000, 30, rnd),
                utterances.get("yes please text me"));
        List<Transcript> segments = new CopyOnWriteArrayList<>();
        Transcript t;
        try (SpeechSession s = grammar.open(SpeechFixtures.PHRASES, segments::add)) {
            SpeechFixtures.feed(s, audio);
            t = s.end();
        }
        assertThat(segments).extracting(Transcript::text).contains("no thanks");
        assertThat(t.text()).isEqualTo("no thanks yes please text me");
    }

    @Test
    void sessions_share_one_model_concurrently() throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<String>> results = new ArrayList<>();
            List<String> phrases = new ArrayList<>(utterances.keySet());
            for (int i = 0; i < 8; i++) {
                String p = phrases.get(i % phrases.size());
                results.add(pool.submit(() -> recognise(grammar, SpeechFixtures.PHRASES, utterances.get(p)).text()));
            }
            int right = 0;
            for (int i = 0; i < results.size(); i++) {
                right += results.get(i).get().equals(expected(phrases.get(i % phrases.size()))) ? 1 : 0;
            }
            assertThat(right).isGreaterThanOrEqualTo(6);
        }
    }

    @Test
    void closing_the_recognizer_keeps_the_model_for_a_session_still_open() {
        VoskSpeechRecognizer r = VoskSpeechRecognizer.load(VoskSpeechRecognizer.Settings.of(model));
        SpeechSession s = r.open(SpeechFixtures.PHRASES);
        r.close();
        assertThatThrownBy(() -> r.open(SpeechFixtures.PHRASES)).isInstanceOf(IllegalStateException.class);
        SpeechFixtures.feed(s, utterances.get("no thanks"));
        assertThat(s.end().text()).isEqualTo("no thanks");
        s.close();
        r.close();
        assertThat(r.openSessions()).isZero();
    }
}
