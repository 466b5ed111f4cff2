package io.waitless.prompts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestTest {

    @TempDir
    Path prompts;

    @Test
    void texts_with_tabs_newlines_and_backslashes_survive_a_save_and_load() throws Exception {
        var entry = new Manifest.Entry("offer", "kevin", 150f, 100f, "ab12", 3420, "Press 1.\tThen\nwait \\ here.");
        new Manifest(List.of(entry)).save(prompts, "en");

        List<String> lines = Files.readAllLines(prompts.resolve("en/waitless/manifest.tsv"));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("id\tvoice\trate\tpitch\tsha256\tduration_ms\ttext");
        assertThat(lines.get(1)).isEqualTo("offer\tkevin\t150.0\t100.0\tab12\t3420\tPress 1.\\tThen\\nwait \\\\ here.");

        Manifest loaded = Manifest.load(prompts, "en");
        assertThat(loaded.entries()).containsExactly(entry);
        assertThat(loaded.duration("offer")).contains(Duration.ofMillis(3420));
        assertThat(loaded.duration("reminder")).isEmpty();
    }

    @Test
    void a_missing_manifest_tells_the_operator_to_build_prompts() {
        assertThatThrownBy(() -> Manifest.load(prompts, "en"))
                .isInstanceOf(PromptException.class).hasMessageContaining("waitless prompts build");
        assertThat(Manifest.loadIfPresent(prompts, "en")).isEmpty();
    }

    @Test
    void a_malformed_line_is_reported_with_file_and_line() throws Exception {
        Path f = Manifest.file(prompts, "en");
        Files.createDirectories(f.getParent());
        Files.writeString(f, Manifest.HEADER + "\noffer\tkevin\tfast\t100\tab\t1\ttext\n");
        assertThatThrownBy(() -> Manifest.load(prompts, "en")).hasMessageContaining("manifest.tsv:2");
    }
}
