package io.waitless.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The log scanner finds raw numbers and secrets, and leaves masked numbers, times, ids and ports alone. */
class LogScannerTest {
    private final LogScanner scanner = new LogScanner(Set.of(TestConfigs.API_KEY, TestConfigs.KANNEL_SECRET),
            Set.of("+972502345678", "03-612-3456"));

    private List<LogScanner.Hit> hits(String line) {
        return scanner.scan("tests.log", 7, line);
    }

    @Test
    void raw_numbers_are_found_in_every_form_the_tests_use() {
        assertThat(hits("18:41:36.033 INFO  [1795423503.1] Deflector - texted +972502345678")).singleElement()
                .hasToString("tests.log:7: phone number +97250•••5678");
        assertThat(hits("opt-out added for 0502345678 by email")).extracting(LogScanner.Hit::what)
                .containsExactly("national phone number");
        assertThat(hits("caller 050-234-5678 withheld")).hasSize(1);
        assertThat(hits("lookup of 03-612-3456 failed")).hasSize(1);
        assertThat(hits("GET /lookup?number=972502345678 answered 500")).extracting(LogScanner.Hit::what)
                .containsExactly("known test number");
        assertThat(hits("a UK mobile +447911123456 and a US one +12015550123")).hasSize(2);
    }

    @Test
    void secrets_and_tokens_are_found_and_never_shown_in_full() {
        List<LogScanner.Hit> key = hits("redeem with Authorization: Bearer " + TestConfigs.API_KEY);
        assertThat(key).extracting(LogScanner.Hit::what).contains("secret", "token or key");
        assertThat(key).allSatisfy(h -> assertThat(h.toString()).doesNotContain(TestConfigs.API_KEY));
        assertThat(hits("kannel mo secret=" + TestConfigs.KANNEL_SECRET)).isNotEmpty();
        assertThat(hits("redirect to https://my.galilcable.example/pay?wl_token=eyJraWQiOiJrMiIsImFsZyI6IkhTMjU2In0"
                + ".eyJqdGkiOiJhYmMiLCJkZmwiOiJkZmwtMSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ")).isNotEmpty();
        assertThat(hits("user ana: $2a$12$KLerYPV388B.tTx2uAxIi.2IJxO5Sa6c8izs3geGtepOY.0eSb/9u")).singleElement()
                .satisfies(h -> assertThat(h.masked()).isEqualTo("$2a… (60 characters)"));
    }

    @Test
    void masked_numbers_times_ids_ports_and_sizes_are_not_hits() {
        assertThat(hits("18:41:36.033 INFO  [1795423503.117] Deflector - call 1795423503.117: no text for"
                + " +97250•••5678: landline")).isEmpty();
        assertThat(hits("AudioSocket session 5b1c7a2e-9f3d-4c8a-b6e1-0d2f4a6c8e10 started on 127.0.0.1:38397")).isEmpty();
        assertThat(hits("FastAGI listening on 127.0.0.1:4573, 2026-12-03T18:41:36.033Z, epoch 1796401296033")).isEmpty();
        assertThat(hits("deflection dfl-01HZX3K9 journaled at 1764787296.123456, 1048576 bytes, PT0.5S, 0x1f")).isEmpty();
        assertThat(hits("masked ••••••••5678 and +1•••••••0123 and +44••••••3456")).isEmpty();
        assertThat(hits("day 2026-02-30 is not a date; from 0000-01-01")).isEmpty();
    }

    @Test
    void a_file_is_scanned_line_by_line_with_line_numbers(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(dir.resolve("surefire.log"), "ok\nleak +972502345678\nok\n");
        assertThat(scanner.scan(log)).singleElement().satisfies(h -> {
            assertThat(h.line()).isEqualTo(2);
            assertThat(h.where()).endsWith("surefire.log");
        });
    }

    @Test
    void the_tests_secrets_and_numbers_are_collected_from_their_sources_and_configs(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("Some.java"), """
                static final String HOOK_SECRET = "alert-webhook-secret-0123";
                static final String NAME = "not-a-secret-at-all";
                String yaml = "api:\\n  keys: [an-api-key-for-tests-only-0123456789]\\n";
                call("+972502345678", "050-234-5678", "12");
                """);
        Files.writeString(dir.resolve("w.yaml"), """
                dashboard:
                  session-secret: "${WAITLESS_DASHBOARD_SESSION_SECRET:-demo-only-dashboard-session-secret-do-not-use}"
                redis:
                  password: "${WAITLESS_REDIS_PASSWORD}"
                """);

        LogScanner.Known known = LogScanner.collect(List.of(dir));

        assertThat(known.secrets()).containsExactlyInAnyOrder("alert-webhook-secret-0123",
                "an-api-key-for-tests-only-0123456789", "demo-only-dashboard-session-secret-do-not-use");
        assertThat(known.numbers()).containsExactlyInAnyOrder("+972502345678", "050-234-5678");
    }
}
