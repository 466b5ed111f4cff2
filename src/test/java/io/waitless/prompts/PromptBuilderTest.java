package io.waitless.prompts;

import io.waitless.config.WaitlessConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromptBuilderTest {

    @TempDir
    Path root;

    @Test
    void a_rendered_prompt_is_a_valid_8_khz_mono_16_bit_wav_of_plausible_length_loud_but_not_clipped() {
        WaitlessConfig cfg = PromptFixtures.config(root);
        try (PromptBuilder builder = new PromptBuilder(cfg.prompts())) {
            builder.build(PromptBuilder.prompts(cfg), false, r -> {});
            Path clip = root.resolve("prompts/en/waitless/reminder.wav");

            short[] samples = Wav.read(clip); // validates RIFF/WAVE, PCM, 8000 Hz, mono, 16-bit
            Duration d = Wav.duration(samples.length);
            assertThat(d).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(6));
            assertThat(AudioChecks.rms(samples)).as("RMS").isGreaterThan(500);
            assertThat(AudioChecks.longestClippedRun(samples)).as("clipped run").isLessThan(3);
            assertThat(Manifest.load(root.resolve("prompts"), "en").duration("reminder"))
                    .contains(Duration.ofMillis(d.toMillis()));
        }
    }

    @Test
    void every_text_and_every_promotion_gets_a_clip_ending_with_the_offer_and_one_ending_with_the_alternative() {
        WaitlessConfig cfg = PromptFixtures.config(root);
        List<Prompt> prompts = PromptBuilder.prompts(cfg);
        assertThat(prompts).extracting(Prompt::id)
                .containsExactly("alternative", "offer", "reminder", "sms-sent", "promo-pay-in-app",
                        "promo-pay-in-app-nooffer", "promo-move", "promo-move-nooffer");
        String promotion = "You can pay your bill in our app in under a minute. There is no fee when you pay in the app.";
        assertThat(prompts.get(4).text()).isEqualTo(promotion + " " + PromptFixtures.TEXTS.get("offer"));
        assertThat(prompts.get(5).text()).isEqualTo(promotion + " " + PromptFixtures.TEXTS.get("alternative"))
                .doesNotContainIgnoringCase("press");

        try (PromptBuilder builder = new PromptBuilder(cfg.prompts())) {
            BuildReport report = builder.build(prompts, false, r -> {});
            assertThat(report.renderedCount()).isEqualTo(8);
        }
        Path dir = root.resolve("prompts/en/waitless");
        assertThat(dir.resolve("promo-pay-in-app.wav")).exists();
        // the promotion clip holds the offer too, so it is longer than the offer alone
        assertThat(Wav.duration(dir.resolve("promo-pay-in-app.wav")))
                .isGreaterThan(Wav.duration(dir.resolve("offer.wav")).plusSeconds(2));
    }

    @Test
    void a_second_build_skips_unchanged_prompts_and_a_changed_text_re_renders_only_that_prompt() throws Exception {
        WaitlessConfig cfg = PromptFixtures.config(root);
        try (PromptBuilder builder = new PromptBuilder(cfg.prompts())) {
            builder.build(PromptBuilder.prompts(cfg), false, r -> {});
        }
        Path offer = root.resolve("prompts/en/waitless/offer.wav");
        var offerModified = Files.getLastModifiedTime(offer);

        List<PromptResult> seen = new ArrayList<>();
        try (PromptBuilder builder = new PromptBuilder(cfg.prompts())) {
            builder.build(PromptBuilder.prompts(cfg), false, seen::add);
        }
        assertThat(seen).allSatisfy(r -> assertThat(r.rendered()).isFalse());
        assertThat(seen.get(1).describe()).isEqualTo("unchanged offer");

        WaitlessConfig changed = PromptFixtures.config(root,
                PromptFixtures.with(PromptFixtures.TEXTS, "sms-sent", "Done. Check your phone for our text."),
                PromptFixtures.PROMOTIONS, Optional.empty());
        seen.clear();
        try (PromptBuilder builder = new PromptBuilder(changed.prompts())) {
            builder.build(PromptBuilder.prompts(changed), false, seen::add);
        }
        assertThat(seen).filteredOn(PromptResult::rendered).extracting(PromptResult::id).containsExactly("sms-sent");
        assertThat(seen.stream().filter(PromptResult::rendered).findFirst().orElseThrow().describe())
                .matches("rendered sms-sent \\(\\d+\\.\\d\\d s\\)");
        assertThat(Files.getLastModifiedTime(offer)).isEqualTo(offerModified);
        assertThat(Manifest.load(root.resolve("prompts"), "en").entry("sms-sent").orElseThrow().text())
                .isEqualTo("Done. Check your phone for our text.");
    }

    @Test
    void check_reports_outdated_and_missing_prompts_without_rendering() throws Exception {
        WaitlessConfig cfg = PromptFixtures.config(root);
        try (PromptBuilder builder = new PromptBuilder(cfg.prompts())) {
            builder.build(PromptBuilder.prompts(cfg), false, r -> {});
        }
        Files.delete(root.resolve("prompts/en/waitless/reminder.wav"));
        WaitlessConfig changed = PromptFixtures.config(root,
                PromptFixtures.with(PromptFixtures.TEXTS, "offer", "Press 1 for a text."),
                List.of(), Optional.empty());
        try (PromptBuilder builder = new PromptBuilder(changed.prompts())) {
            assertThat(builder.check(PromptBuilder.prompts(changed))).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "alternative", PromptState.UP_TO_DATE,
                    "offer", PromptState.OUTDATED,
                    "reminder", PromptState.MISSING,
                    "sms-sent", PromptState.UP_TO_DATE));
            // the promotions were dropped from the config: their clips are stale, and kept
            assertThat(builder.staleFiles(PromptBuilder.prompts(changed))).extracting(p -> p.getFileName().toString())
                    .containsExactly("promo-move-nooffer.wav", "promo-move.wav", "promo-pay-in-app-nooffer.wav",
                            "promo-pay-in-app.wav");
        }
        assertThat(root.resolve("prompts/en/waitless/reminder.wav")).doesNotExist();
        assertThat(root.resolve("prompts/en/waitless/promo-move.wav")).exists();
    }

    @Test
    void a_changed_rate_re_renders_and_a_faster_voice_speaks_a_shorter_clip() {
        Map<String, String> texts = Map.of("offer", PromptFixtures.TEXTS.get("offer"));
        WaitlessConfig slow = PromptFixtures.config(root.resolve("waitless.yaml"),
                PromptFixtures.prompts(root, texts, Optional.empty(), 120f, 100f), List.of());
        WaitlessConfig fast = PromptFixtures.config(root.resolve("waitless.yaml"),
                PromptFixtures.prompts(root, texts, Optional.empty(), 200f, 100f), List.of());
        Duration slowLength;
        try (PromptBuilder builder = new PromptBuilder(slow.prompts())) {
            slowLength = builder.build(PromptBuilder.prompts(slow), false, r -> {}).prompts().get(0).duration();
        }
        try (PromptBuilder builder = new PromptBuilder(fast.prompts())) {
            PromptResult r = builder.build(PromptBuilder.prompts(fast), false, x -> {}).prompts().get(0);
            assertThat(r.rendered()).isTrue();
            assertThat(r.duration().toMillis()).isLessThan(slowLength.toMillis() * 3 / 4);
        }
    }

    @Test
    void pitch_is_honoured_and_a_changed_pitch_re_renders() {
        Map<String, String> texts = Map.of("offer", "Press 1.");
        Path source = root.resolve("waitless.yaml");
        WaitlessConfig low = PromptFixtures.config(source, PromptFixtures.prompts(root, texts, Optional.empty(), 150f, 80f), List.of());
        WaitlessConfig high = PromptFixtures.config(source, PromptFixtures.prompts(root, texts, Optional.empty(), 150f, 140f), List.of());
        Path clip = root.resolve("prompts/en/waitless/offer.wav");
        short[] lowAudio;
        try (PromptBuilder builder = new PromptBuilder(low.prompts())) {
            builder.build(PromptBuilder.prompts(low), false, r -> {});
            lowAudio = Wav.read(clip);
        }
        try (PromptBuilder builder = new PromptBuilder(high.prompts())) {
            assertThat(builder.build(PromptBuilder.prompts(high), false, r -> {}).renderedCount()).isEqualTo(1);
        }
        assertThat(Wav.read(clip)).isNotEqualTo(lowAudio);
    }

    @Test
    void force_re_renders_every_prompt() {
        WaitlessConfig cfg = PromptFixtures.config(root, Map.of("offer", "Press 1.", "no-sms", "Sorry, no text today."),
                List.of(), Optional.empty());
        try (PromptBuilder builder = new PromptBuilder(cfg.prompts())) {
            builder.build(PromptBuilder.prompts(cfg), false, r -> {});
            assertThat(builder.build(PromptBuilder.prompts(cfg), true, r -> {}).renderedCount()).isEqualTo(2);
        }
    }

    @Test
    void a_voice_that_is_not_8_khz_is_refused_rather_than_resampled() {
        WaitlessConfig.Prompts p = new WaitlessConfig.Prompts(root, "kevin16", Map.of("offer", "Press 1."),
                Optional.empty(), root, root, Duration.ofSeconds(1), 150f, 100f);
        try (PromptBuilder builder = new PromptBuilder(p)) {
            assertThatThrownBy(() -> builder.render("Press 1.", root.resolve("x.wav")))
                    .isInstanceOf(PromptException.class)
                    .hasMessageContaining("16000")
                    .hasMessageContaining("use voice kevin");
        }
    }

    @Test
    void promotions_without_an_offer_text_are_refused() {
        WaitlessConfig cfg = PromptFixtures.config(root, Map.of("reminder", "Press 1."),
                PromptFixtures.PROMOTIONS, Optional.empty());
        assertThatThrownBy(() -> PromptBuilder.prompts(cfg)).isInstanceOf(PromptException.class)
                .hasMessageContaining("no 'offer' text");
    }
}
