package io.waitless.cli;

import io.waitless.config.ConfigException;
import io.waitless.config.WaitlessConfig;
import io.waitless.deflect.Promotion;
import io.waitless.prompts.PromptFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PromptsCommandTest {

    @TempDir
    Path root;

    private final Map<String, String> texts = new HashMap<>(Map.of(
            "reminder", "You keep your place in the queue.",
            "offer", "Press 1 and keep your place in the queue.",
            "alternative", "Or do it online."));
    private List<String> languages = List.of("en");
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cli = new CommandLine(new PromptsCommand(this::config));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    private WaitlessConfig config(Path file) {
        if (!file.equals(root.resolve("waitless.yaml"))) {
            throw new ConfigException(file + ": no such file");
        }
        var prompts = new WaitlessConfig.Prompts(root.resolve("prompts"), "kevin", texts, Optional.empty(),
                root.resolve("moh"), Path.of("/var/lib/asterisk/waitless/moh"), Duration.ofSeconds(1), 150f, 100f,
                languages);
        return PromptFixtures.config(file, prompts,
                List.of(new Promotion("pay-in-app", "pay", "Pay your bill in our app.", "", List.of(), 1)));
    }

    private String[] build(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("build", "--config", root.resolve("waitless.yaml").toString(),
                "--moh-conf", root.resolve("dialplans/musiconhold-waitless.conf").toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void build_prints_one_line_per_prompt_then_the_layout_and_a_summary() throws Exception {
        assertThat(run(build())).as(err.toString()).isZero();

        assertThat(out.toString()).containsPattern("(?m)^\\[[1-3]/5] rendered offer \\(\\d+\\.\\d\\d s\\)$")
                .containsPattern("(?m)^\\[[1-3]/5] rendered reminder \\(\\d+\\.\\d\\d s\\)$")
                .containsPattern("(?m)^\\[4/5] rendered promo-pay-in-app \\(\\d+\\.\\d\\d s\\)$")
                .contains("hold audio waitless-pay-in-app: 1.00 s music + ")
                .containsPattern("(?m)^\\[5/5] rendered promo-pay-in-app-nooffer \\(\\d+\\.\\d\\d s\\)$")
                .contains("5 prompts: 5 rendered, 0 unchanged, 0 stale; 2 hold-audio classes");
        assertThat(Files.readString(root.resolve("dialplans/musiconhold-waitless.conf"))).contains("[waitless-pay-in-app]",
                "[waitless-pay-in-app-nooffer]");

        assertThat(run(build())).isZero();
        assertThat(out.toString()).contains("] unchanged offer\n", "] unchanged reminder\n", "[4/5] unchanged promo-pay-in-app\n");
        assertThat(run(build("--check"))).as(out.toString()).isZero();
    }

    @Test
    void check_fails_with_exit_1_listing_a_stale_prompt_and_renders_nothing() {
        assertThat(run(build())).isZero();
        texts.put("offer", "Press 1 now.");

        assertThat(run(build("--check"))).isEqualTo(1);

        assertThat(out.toString()).contains("outdated offer\n", "up-to-date reminder\n", "outdated promo-pay-in-app\n")
                .contains("run 'waitless prompts build'").doesNotContain("rendered");
        assertThat(run(build())).isZero(); // and a build brings it back in line
        assertThat(out.toString()).contains("rendered offer", "unchanged reminder", "rendered promo-pay-in-app");
    }

    @Test
    void play_renders_one_prompt_to_a_preview_file_and_prints_its_length() {
        Path preview = root.resolve("preview.wav");
        assertThat(run("play", "pay-in-app", "--config", root.resolve("waitless.yaml").toString(),
                "--out", preview.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).matches("rendered promo-pay-in-app \\(\\d+\\.\\d\\d s\\) to .*preview.wav\\s*");
        assertThat(preview).exists();
        assertThat(root.resolve("prompts/en/waitless/manifest.tsv")).doesNotExist();
    }

    @Test
    void a_config_error_is_printed_and_exits_1() {
        assertThat(run("build", "--config", root.resolve("missing.yaml").toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith("error: ").contains("missing.yaml: no such file");
    }

    @Test
    void another_language_lists_its_missing_recordings_and_gets_its_classes_once_a_promotions_clips_are_recorded()
            throws Exception {
        languages = List.of("en", "he");
        assertThat(run(build())).as(err.toString()).isZero();
        Path he = root.resolve("prompts/he/waitless");
        assertThat(out.toString()).contains("he: 5 of 5 prompts not recorded yet (FreeTTS speaks English only")
                .contains("  missing " + he.resolve("promo-pay-in-app.wav"))
                .contains("(2 classes)");
        assertThat(run(build("--check"))).isEqualTo(1);

        // a recording studio's files: here, the English clips stand in for Hebrew recordings
        Files.createDirectories(he);
        for (String id : List.of("promo-pay-in-app", "promo-pay-in-app-nooffer", "offer")) {
            Files.copy(root.resolve("prompts/en/waitless/" + id + ".wav"), he.resolve(id + ".wav"));
        }
        assertThat(run(build())).isZero();
        assertThat(out.toString()).contains("he: 2 of 5 prompts not recorded yet")
                .contains("(4 classes, 2 of them in languages other than en)")
                .doesNotContain("missing " + he.resolve("offer.wav"));
        assertThat(root.resolve("moh/waitless-pay-in-app_he/20-promo.wav")).exists();
        assertThat(root.resolve("moh/waitless-pay-in-app-nooffer_he/20-promo.wav")).exists();
        assertThat(Files.readString(root.resolve("dialplans/musiconhold-waitless.conf")))
                .contains("[waitless-pay-in-app_he]", "[waitless-pay-in-app-nooffer_he]");

        for (String id : List.of("reminder", "alternative")) {
            Files.copy(root.resolve("prompts/en/waitless/" + id + ".wav"), he.resolve(id + ".wav"));
        }
        assertThat(run(build("--check"))).as(out.toString()).isZero();
        assertThat(out.toString()).contains("he: all 5 prompts recorded");
    }
}
