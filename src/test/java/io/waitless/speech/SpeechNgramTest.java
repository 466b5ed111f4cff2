package io.waitless.speech;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The default grammar (NGRAM with narrowed lex-tree beams): fast, mostly exact, silent callers empty. */
class SpeechNgramTest {

    static EmbeddedSpeechRecognizer recognizer;
    static Map<String, short[]> utterances;

    @BeforeAll
    static void start() {
        recognizer = new EmbeddedSpeechRecognizer(EmbeddedSpeechRecognizer.Settings.defaults().withDeadline(Duration.ofSeconds(20)));
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

    @Test
    void the_default_is_the_ngram_grammar() {
        assertThat(EmbeddedSpeechRecognizer.Settings.defaults().grammar()).isEqualTo(EmbeddedSpeechRecognizer.Grammar.NGRAM);
        assertThat(recognizer.settings().grammar()).isEqualTo(EmbeddedSpeechRecognizer.Grammar.NGRAM);
    }

    @Test
    void clean_phrases_are_mostly_exact() {
        List<String> report = new ArrayList<>();
        int right = 0;
        Duration audio = Duration.ZERO, cpu = Duration.ZERO;
        for (var e : utterances.entrySet()) {
            Transcript t = recognise(e.getValue());
            report.add(e.getKey() + " -> '" + t.text() + "'");
            right += t.text().equals(PhraseGrammar.normalise(e.getKey())) ? 1 : 0;
            audio = audio.plus(t.audio());
            cpu = cpu.plus(t.cpu());
        }
        double rtf = cpu.toNanos() / (double) audio.toNanos();
        System.out.println("[speech] ngram clean: " + right + "/" + utterances.size() + " exact; rtf "
                + String.format("%.3f", rtf) + "\n  " + String.join("\n  ", report));
        assertThat(right).as(String.join("; ", report)).isGreaterThanOrEqualTo(3);
    }

    @Test
    void silent_callers_get_empty_transcripts() {
        for (int i = 0; i < 2; i++) {
            assertThat(recognise(SpeechFixtures.noise(8000 * 5, 2, new java.util.Random(i))).text()).isEmpty();
            assertThat(recognise(new short[8000 * 3]).text()).as("digital silence").isEmpty();
        }
    }
}
