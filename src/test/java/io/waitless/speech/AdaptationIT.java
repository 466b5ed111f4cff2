package io.waitless.speech;

import io.waitless.prompts.FreeTtsSynthesizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * MLLR adaptation on real synthesized phone audio: estimated from a few sentences, stored, loaded by every
 * engine; bad files and too little speech are refused with a clear message.
 */
class AdaptationIT {

    private static final List<String> SENTENCES = List.of(
            "The thick fog rolled over the hills before dawn",
            "A sharp gust of wind shook the old barn door",
            "She packed a lunch of bread cheese and green apples",
            "The children chased the bright kite across the field",
            "Seven ships sailed north through the freezing water",
            "He judged the pie contest at the village fair",
            "The zebra stood still beside the muddy river",
            "Thunder rumbled while the farmer closed the gate",
            "Please measure the flour before you start the dough",
            "The choir sang three songs in the stone chapel");

    @TempDir
    Path dir;

    private static List<Adaptation.Recording> recordings(List<String> texts) {
        List<Adaptation.Recording> out = new ArrayList<>();
        try (FreeTtsSynthesizer tts = FreeTtsSynthesizer.open("kevin", 150, 100)) {
            Random rnd = new Random(3);
            for (String t : texts) {
                short[] speech = SpeechFixtures.concat(SpeechFixtures.noise(2400, 30, rnd), tts.speak(t),
                        SpeechFixtures.noise(4000, 30, rnd));
                out.add(new Adaptation.Recording(PhoneLine.bandLimit(speech), t));
            }
        }
        return out;
    }

    @Test
    void a_transform_is_estimated_from_recordings_stored_and_used_by_the_engines() throws Exception {
        Path out = dir.resolve("line.mllr");

        Adaptation.Estimate e = Adaptation.estimate(recordings(SENTENCES), Optional.empty(), out);

        assertThat(e.recordings()).isEqualTo(SENTENCES.size());
        assertThat(e.frames()).isGreaterThan(Adaptation.MIN_FRAMES);
        assertThat(e.alignmentWordErrorRate()).isBetween(0.0, 0.6);
        assertThat(Files.readString(out)).isNotBlank();

        EmbeddedSpeechRecognizer.Settings settings = EmbeddedSpeechRecognizer.Settings.defaults().withEngines(1)
                .withDeadline(Duration.ofSeconds(30)).withAdaptation(Optional.of(out));
        try (EmbeddedSpeechRecognizer r = new EmbeddedSpeechRecognizer(settings);
             SpeechSession s = r.open(SpeechFixtures.PHRASES)) {
            SpeechFixtures.feed(s, PhoneLine.bandLimit(SpeechFixtures.utterances().get("my internet is down")));
            assertThat(s.end().text()).isEqualTo("my internet is down");
        }
    }

    @Test
    void a_missing_transform_file_is_a_clear_error_naming_it() {
        Path missing = dir.resolve("nope.mllr");
        EmbeddedSpeechRecognizer.Settings settings = EmbeddedSpeechRecognizer.Settings.defaults().withEngines(1)
                .withAdaptation(Optional.of(missing));

        assertThatThrownBy(() -> new EmbeddedSpeechRecognizer(settings)).isInstanceOf(SpeechException.class)
                .hasMessageContaining(missing.toAbsolutePath().toString())
                .hasMessageContaining("waitless speech adapt");
    }

    @Test
    void a_file_that_is_not_a_transform_is_refused() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.mllr"), "this is not\na transform\n");
        EmbeddedSpeechRecognizer.Settings settings = EmbeddedSpeechRecognizer.Settings.defaults().withEngines(1)
                .withAdaptation(Optional.of(garbage));
        try (EmbeddedSpeechRecognizer r = new EmbeddedSpeechRecognizer(settings);
             SpeechSession s = r.open(SpeechFixtures.PHRASES)) {
            SpeechFixtures.feed(s, SpeechFixtures.utterances().get("no thanks"));
            assertThatThrownBy(s::end).isInstanceOf(SpeechException.class).hasMessageContaining("not an MLLR transform");
        }
    }

    @Test
    void too_little_speech_is_refused_and_no_file_is_written() {
        Path out = dir.resolve("short.mllr");

        assertThatThrownBy(() -> Adaptation.estimate(recordings(List.of("Yes")), Optional.empty(), out))
                .isInstanceOf(SpeechException.class).hasMessageContaining("too little speech");
        assertThat(out).doesNotExist();
    }
}
