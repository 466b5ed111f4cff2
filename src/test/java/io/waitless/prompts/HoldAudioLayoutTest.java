package io.waitless.prompts;

import io.waitless.config.WaitlessConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HoldAudioLayoutTest {

    @TempDir
    Path root;

    private final HoldAudioLayout layout = new HoldAudioLayout();

    /** Promotion clips stand in for FreeTTS output here (the no-offer clip one second longer). */
    private void fakeClips(WaitlessConfig cfg, int seconds) {
        for (var p : cfg.promotions()) {
            Wav.write(root.resolve("prompts/en/waitless/promo-" + p.id() + ".wav"), new ToneGenerator()
                    .generate(Duration.ofSeconds(seconds)));
            Wav.write(root.resolve("prompts/en/waitless/promo-" + p.id() + "-nooffer.wav"), new ToneGenerator()
                    .generate(Duration.ofSeconds(seconds + 1)));
        }
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void each_promotion_gets_an_offer_and_a_no_offer_class_folder_with_music_then_its_clip_in_alpha_order()
            throws Exception {
        WaitlessConfig cfg = PromptFixtures.config(root);
        fakeClips(cfg, 3);

        List<ClipSchedule> schedules = layout.layOut(cfg);

        assertThat(names(root.resolve("moh"))).containsExactly("waitless-move", "waitless-move-nooffer",
                "waitless-pay-in-app", "waitless-pay-in-app-nooffer");
        Path dir = root.resolve("moh/waitless-pay-in-app");
        assertThat(names(dir)).containsExactly("10-music.wav", "20-promo.wav");
        assertThat(Wav.duration(dir.resolve("10-music.wav"))).isEqualTo(cfg.prompts().musicBetween());
        assertThat(Files.readAllBytes(dir.resolve("20-promo.wav")))
                .isEqualTo(Files.readAllBytes(root.resolve("prompts/en/waitless/promo-pay-in-app.wav")));
        Path quiet = root.resolve("moh/waitless-pay-in-app-nooffer");
        assertThat(names(quiet)).containsExactly("10-music.wav", "20-promo.wav");
        assertThat(Files.readAllBytes(quiet.resolve("20-promo.wav")))
                .isEqualTo(Files.readAllBytes(root.resolve("prompts/en/waitless/promo-pay-in-app-nooffer.wav")));
        assertThat(schedules).containsExactly(
                new ClipSchedule("waitless-pay-in-app", Duration.ofSeconds(2), Duration.ofSeconds(3)),
                new ClipSchedule("waitless-move", Duration.ofSeconds(2), Duration.ofSeconds(3)));
        assertThat(HoldAudioLayout.schedules(cfg)).isEqualTo(schedules);
    }

    @Test
    void operator_hold_music_is_copied_in_name_order_and_leftovers_of_an_earlier_layout_are_removed() throws Exception {
        Path music = Files.createDirectories(root.resolve("music"));
        Wav.write(music.resolve("b-second.wav"), new short[16_000]);
        Wav.write(music.resolve("a-first.wav"), new short[8_000]);
        Files.writeString(music.resolve("README.txt"), "not audio");
        WaitlessConfig cfg = PromptFixtures.config(root, PromptFixtures.TEXTS, PromptFixtures.PROMOTIONS,
                Optional.of(music));
        fakeClips(cfg, 4);
        Wav.write(root.resolve("moh/waitless-move/10-music.wav"), new short[8]); // from a tone layout before

        List<ClipSchedule> schedules = layout.layOut(cfg);

        Path dir = root.resolve("moh/waitless-move");
        assertThat(names(dir)).containsExactly("10-music-01.wav", "10-music-02.wav", "20-promo.wav");
        assertThat(Wav.read(dir.resolve("10-music-01.wav"))).hasSize(8_000);
        assertThat(schedules.get(1)).isEqualTo(new ClipSchedule("waitless-move", Duration.ofSeconds(3), Duration.ofSeconds(4)));
    }

    @Test
    void hold_music_with_the_wrong_sample_rate_is_refused_with_a_message_naming_the_file() throws Exception {
        Path music = Files.createDirectories(root.resolve("music"));
        Wav.write(music.resolve("good.wav"), new short[8_000]);
        byte[] cd = Wav.encode(new short[44_100]);
        ByteBuffer.wrap(cd).order(ByteOrder.LITTLE_ENDIAN).putInt(24, 44_100).putInt(28, 88_200);
        Files.write(music.resolve("jingle.wav"), cd);
        WaitlessConfig cfg = PromptFixtures.config(root, PromptFixtures.TEXTS, PromptFixtures.PROMOTIONS,
                Optional.of(music));
        fakeClips(cfg, 2);

        assertThatThrownBy(() -> layout.layOut(cfg))
                .isInstanceOf(AudioFormatException.class)
                .hasMessageContaining(music.resolve("jingle.wav").toString())
                .hasMessageContaining("44100 Hz");
        assertThat(root.resolve("moh")).doesNotExist(); // nothing half laid out
    }

    @Test
    void a_promotion_whose_clip_was_not_built_is_named() {
        WaitlessConfig cfg = PromptFixtures.config(root);
        assertThatThrownBy(() -> layout.layOut(cfg)).isInstanceOf(PromptException.class)
                .hasMessageContaining("promotion 'pay-in-app'").hasMessageContaining("build the prompts first");
    }

    @Test
    void the_generated_musiconhold_conf_lists_every_promotion_and_says_it_is_generated() {
        WaitlessConfig cfg = PromptFixtures.config(root);
        String conf = layout.musicOnHoldConf(cfg);

        assertThat(conf).contains("; GENERATED from " + cfg.source() + " by 'waitless prompts build'");
        assertThat(conf).contains("#include \"waitless/musiconhold-waitless.conf\"");
        assertThat(conf).contains("""
                [waitless-pay-in-app]
                mode=files
                directory=/var/lib/asterisk/waitless/moh/waitless-pay-in-app
                sort=alpha
                """);
        assertThat(conf).contains("""
                [waitless-move]
                mode=files
                directory=/var/lib/asterisk/waitless/moh/waitless-move
                sort=alpha
                """);
        assertThat(conf).contains("""
                [waitless-move-nooffer]
                mode=files
                directory=/var/lib/asterisk/waitless/moh/waitless-move-nooffer
                sort=alpha
                """);
        assertThat(conf.lines().filter(l -> !l.isEmpty() && !l.startsWith(";"))).hasSize(16);
    }

    @Test
    void folders_of_promotions_no_longer_configured_are_reported_not_deleted() throws Exception {
        WaitlessConfig cfg = PromptFixtures.config(root);
        Files.createDirectories(root.resolve("moh/waitless-old-promo"));
        Files.createDirectories(root.resolve("moh/default"));
        Files.createDirectories(root.resolve("moh/waitless-move-nooffer"));
        assertThat(HoldAudioLayout.staleClassDirectories(cfg)).containsExactly(root.resolve("moh/waitless-old-promo"));
        assertThat(root.resolve("moh/waitless-old-promo")).exists();
    }

    @Test
    void a_clip_schedule_counts_offers_heard_to_the_end() {
        ClipSchedule s = new ClipSchedule("waitless-x", Duration.ofSeconds(30), Duration.ofSeconds(10));
        assertThat(s.offersPlayed(Duration.ofSeconds(39))).isZero();
        assertThat(s.offersPlayed(Duration.ofSeconds(40))).isEqualTo(1);
        assertThat(s.offersPlayed(Duration.ofSeconds(125))).isEqualTo(3);
    }
}
