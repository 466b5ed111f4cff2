package io.waitless.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static io.waitless.config.ConfigFiles.validWith;
import static org.assertj.core.api.Assertions.assertThat;

/** journal: retention, repeat window and the spool, with their defaults; bad values refused at their line. */
class ConfigLoaderJournalTest {

    @TempDir
    Path dir;

    private ConfigFiles files() {
        return new ConfigFiles(dir);
    }

    @Test
    void without_a_journal_section_a_node_keeps_90_days_and_spools_to_var_spool() {
        WaitlessConfig.Journal j = files().load(ConfigFiles.VALID).config().journal();

        assertThat(j.retention()).isEqualTo(Duration.ofDays(90));
        assertThat(j.repeatWindow()).isEqualTo(Duration.ofDays(7));
        assertThat(j.spool()).contains(new WaitlessConfig.Spool(Path.of("var/spool"), 256L << 20));
    }

    @Test
    void the_spool_directory_and_bound_are_read_and_an_empty_directory_turns_it_off() {
        WaitlessConfig.Journal j = files().load(validWith("company:",
                "journal:\n  retention: 30d\n  spool:\n    directory: /var/spool/waitless-a\n    max-mb: 1024\ncompany:"))
                .config().journal();
        assertThat(j.retention()).isEqualTo(Duration.ofDays(30));
        assertThat(j.spool()).contains(new WaitlessConfig.Spool(Path.of("/var/spool/waitless-a"), 1024L << 20));

        WaitlessConfig.Journal off = files().load(validWith("company:",
                "journal:\n  spool:\n    directory: \"\"\ncompany:")).config().journal();
        assertThat(off.spool()).isEmpty();
        assertThat(off.withoutSpool().spool()).isEmpty();
    }

    @Test
    void a_spool_bound_out_of_range_is_refused() {
        files().assertRefused(validWith("company:", "journal:\n  spool:\n    max-mb: 0\ncompany:"), "0",
                "journal.spool.max-mb", "1");
        files().assertRefused(validWith("company:", "journal:\n  spool:\n    max-mb: lots\ncompany:"), "lots",
                "journal.spool.max-mb", "is not a whole number");
    }
}
