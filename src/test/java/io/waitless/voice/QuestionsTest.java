package io.waitless.voice;

import io.waitless.config.WaitlessConfig;

import io.waitless.audiosocket.AudioSocketRegistry;
import io.waitless.deflect.SpokenIntent;
import io.waitless.intent.Consent;
import io.waitless.intent.ConsentClassifier;
import io.waitless.intent.Intent;
import io.waitless.intent.IntentClassifier;
import io.waitless.speech.SpeechRecognizer;
import io.waitless.voice.VoiceDialog.Answer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** How the intent and offer questions read the dialogue's answers. */
class QuestionsTest {
    private static final List<Intent> INTENTS = List.of(
            new Intent("billing", Optional.of("pay-bill"), List.of("I want to pay my bill", "why is my bill so high"),
                    Map.of("bill", List.of("invoice"))),
            new Intent("outage", Optional.of("check-outage"), List.of("my internet is not working"), Map.of()));
    private static final SpeechRecognizer NONE = new SpeechRecognizer() {
        @Override
        public io.waitless.speech.SpeechSession open(List<String> phrases, io.waitless.speech.SpeechListener listener) {
            throw new AssertionError("not used");
        }

        @Override
        public void close() {
        }
    };
    private final VoiceDialog dialog = new VoiceDialog(new AudioSocketRegistry(), NONE,
            new VoiceDialog.Settings("127.0.0.1:9092", Duration.ofSeconds(1), Duration.ofSeconds(1),
                    Duration.ofSeconds(1), Duration.ofSeconds(1)));
    private final IntentQuestion intents = new IntentQuestion(dialog,
            new IntentClassifier(INTENTS, IntentClassifier.DEFAULT_THRESHOLD),
            new WaitlessConfig.Intents(IntentClassifier.DEFAULT_THRESHOLD, INTENTS).vocabulary(), new PromptAudio(Path.of("nowhere")));
    private final OfferQuestion offers = new OfferQuestion(dialog, new ConsentClassifier());

    @Test
    void a_clear_answer_names_the_intent_and_its_flow() {
        SpokenIntent s = intents.judge(List.of(spoke("my internet is not working")), Duration.ofSeconds(3));
        assertThat(s.outcome()).isEqualTo(SpokenIntent.Outcome.RECOGNIZED);
        assertThat(s.intent()).contains("outage");
        assertThat(s.flow()).contains("check-outage");
    }

    @Test
    void an_unclear_first_answer_then_silence_is_unclear_with_what_was_heard() {
        SpokenIntent s = intents.judge(List.of(spoke("the football game tonight"), Answer.of(Answer.Kind.SILENT,
                Duration.ofSeconds(2))), Duration.ofSeconds(6));
        assertThat(s.outcome()).isEqualTo(SpokenIntent.Outcome.UNCLEAR);
        assertThat(s.intent()).isEmpty();
        assertThat(s.transcript()).isEqualTo("the football game tonight");
        assertThat(s.attempts()).isEqualTo(2);
    }

    @Test
    void keys_hang_ups_and_a_missing_audio_path_are_told_apart() {
        assertThat(intents.judge(List.of(new Answer(Answer.Kind.DTMF, "", 1, Optional.of('0'), Duration.ZERO, "")),
                Duration.ZERO).outcome()).isEqualTo(SpokenIntent.Outcome.DTMF);
        assertThat(intents.judge(List.of(Answer.of(Answer.Kind.HANGUP, Duration.ZERO)), Duration.ZERO).outcome())
                .isEqualTo(SpokenIntent.Outcome.HANGUP);
        assertThat(intents.judge(List.of(), Duration.ZERO).outcome()).isEqualTo(SpokenIntent.Outcome.NO_AUDIO);
    }

    @Test
    void without_the_prompt_clips_nobody_is_asked() {
        SpokenIntent s = intents.ask((id, address) -> {
            throw new AssertionError("must not run AudioSocket without a prompt");
        }, "en", Duration.ofSeconds(5));
        assertThat(s.outcome()).isEqualTo(SpokenIntent.Outcome.NO_AUDIO);
    }

    @Test
    void an_offer_is_accepted_by_a_spoken_yes_or_key_1_only() {
        assertThat(offers.reply(spoke("yes please text me")).accepted()).isTrue();
        assertThat(offers.reply(spoke("yes please text me")).via()).isEqualTo("speech");
        assertThat(offers.reply(new Answer(Answer.Kind.DTMF, "", 1, Optional.of('1'), Duration.ZERO, "")).accepted())
                .isTrue();
        assertThat(offers.reply(new Answer(Answer.Kind.DTMF, "", 1, Optional.of('2'), Duration.ZERO, "")).accepted())
                .isFalse();
        assertThat(offers.reply(spoke("no thanks")).answer()).isEqualTo("no");
        assertThat(offers.reply(spoke("no I want a person")).consent()).isEqualTo(Consent.AGENT);
        assertThat(offers.reply(Answer.of(Answer.Kind.SILENT, Duration.ZERO)).answer()).isEqualTo("silent");
        assertThat(offers.reply(Answer.of(Answer.Kind.SILENT, Duration.ZERO)).accepted()).isFalse();
    }

    private static Answer spoke(String text) {
        return new Answer(Answer.Kind.SPOKE, text, 0.9, Optional.empty(), Duration.ofSeconds(2), "");
    }
}
