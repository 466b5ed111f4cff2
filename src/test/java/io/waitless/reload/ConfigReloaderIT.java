package io.waitless.reload;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.waitless.config.ConfigLoader;
import io.waitless.config.WaitlessConfig;
import io.waitless.journal.RedisConnector;
import io.waitless.journal.RedisReloadBoard;
import io.waitless.prompts.HoldAudioLayout;
import io.waitless.prompts.PromptBuilder;
import io.waitless.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The config watcher on a real file and a real Redis: a good version is applied once, a bad one (invalid, half
 * written, without its hold audio) is refused with file:line and the running one kept, and every outcome is on
 * the board, in the metrics and in the log.
 */
class ConfigReloaderIT {
    static final Duration QUIET = Duration.ofMillis(400);

    @TempDir
    Path dir;

    RedisServer redis;
    UnifiedJedis client;
    RedisReloadBoard board;
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    Path file;
    final List<WaitlessConfig> applied = new CopyOnWriteArrayList<>();
    ConfigReloader reloader;
    String v1;

    String yaml(String promotions) {
        return """
                company:
                  name: Acme
                callers:
                  default-region: IL
                  reference-key: a-long-reference-key-for-tests-only-0123456789
                sms:
                  gateway: log
                  sender: Acme
                  templates:
                    en: "{company}: {flow} {link}"
                links:
                  public-base-url: https://go.acme.example
                  signing:
                    keys:
                      - {id: k1, secret: a-long-link-signing-secret-for-tests-0123456789}
                api:
                  keys: [an-api-key-for-tests-only-0123456789]
                prompts:
                  directory: %s
                  moh-directory: %s
                  texts:
                    reminder: You keep your place.
                    offer: Press 1 for a text.
                    alternative: Or go online.
                    sending: Sending.
                    sms-sent: Sent.
                    sms-failed: Not sent.
                    no-sms: No text.
                channels:
                  - {id: app, kind: app, name: the Acme app}
                flows:
                  - {id: pay-bill, title: pay your bill, url: "https://acme.example/pay", channel: app}
                promotions:
                %s
                queues:
                  - {name: support, language: en}
                """.formatted(dir.resolve("prompts"), dir.resolve("moh"), promotions.indent(2).stripTrailing());
    }

    static final String PAY = "- {id: pay-in-app, flow: pay-bill, text: Pay in the app.}";

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start();
        WaitlessConfig.Redis r = new WaitlessConfig.Redis(redis.uri(), "", "waitless:", Duration.ofMillis(500));
        client = RedisConnector.connect(r);
        board = new RedisReloadBoard(client, "waitless:");
        v1 = yaml(PAY);
        file = Files.writeString(dir.resolve("waitless.yaml"), v1);
        WaitlessConfig cfg = new ConfigLoader(Map.of()).load(file);
        reloader = new ConfigReloader(file, cfg, v1, new ConfigLoader(Map.of()), applied::add, board, "node-1:4573",
                metrics, Clock.systemUTC(), Duration.ofMillis(50), QUIET).start();
    }

    @AfterEach
    void stop() throws Exception {
        reloader.close();
        client.close();
        redis.close();
    }

    /** Replaces the file the way careful tools do: write a temporary file, then rename it over. */
    void save(String text) throws Exception {
        Path tmp = Files.writeString(dir.resolve("waitless.yaml.tmp"), text);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static void await(BooleanSupplier done, String what) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

    double count(String result) {
        var c = metrics.find("waitless.config.reloads").tag("result", result).counter();
        return c == null ? 0 : c.count();
    }

    double refusedGauge() {
        return metrics.get("waitless.config.refused").gauge().value();
    }

    @Test
    void a_good_version_is_applied_once_and_reported_on_the_board() throws Exception {
        assertThat(board.all()).singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo(ReloadStatus.State.STARTED);
            assertThat(s.running()).isEqualTo(ConfigReloader.hash(v1));
        });
        String v2 = v1.replace("name: Acme\n", "name: Acme Cable\n");
        save(v2);

        await(() -> applied.size() == 1, "the reload");
        assertThat(reloader.status().state()).isEqualTo(ReloadStatus.State.APPLIED);
        assertThat(applied.getFirst().company().name()).isEqualTo("Acme Cable");
        assertThat(reloader.running().company().name()).isEqualTo("Acme Cable");
        Thread.sleep(QUIET.toMillis() * 2);
        assertThat(applied).hasSize(1);
        assertThat(count("applied")).isEqualTo(1);
        assertThat(refusedGauge()).isZero();
        assertThat(board.all()).singleElement().satisfies(s -> {
            assertThat(s.node()).isEqualTo("node-1:4573");
            assertThat(s.state()).isEqualTo(ReloadStatus.State.APPLIED);
            assertThat(s.running()).isEqualTo(ConfigReloader.hash(v2));
            assertThat(s.changes()).containsExactly("~ company.name: \"Acme\" -> \"Acme Cable\"");
            assertThat(s.snapshot()).containsEntry("company.name", "\"Acme Cable\"");
        });
    }

    @Test
    void an_invalid_version_is_refused_with_file_and_line_and_the_running_one_kept_until_a_good_one_comes()
            throws Exception {
        String bad = v1.replace("  sender: Acme\n", "  sender: Acme\n  timeout: 3 seconds\n  colour: blue\n");
        save(bad);

        await(() -> count("refused") == 1, "the refusal");
        assertThat(applied).isEmpty();
        assertThat(reloader.running().company().name()).isEqualTo("Acme");
        assertThat(refusedGauge()).isEqualTo(1);
        int timeoutLine = bad.lines().toList().indexOf("  timeout: 3 seconds") + 1;
        assertThat(reloader.status().problems())
                .anySatisfy(p -> assertThat(p).startsWith(file + ":" + timeoutLine + ": sms.timeout: "))
                .anySatisfy(p -> assertThat(p).startsWith(file + ":" + (timeoutLine + 1) + ": sms.colour: unknown key"));
        assertThat(board.all()).singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo(ReloadStatus.State.REFUSED);
            assertThat(s.running()).isEqualTo(ConfigReloader.hash(v1));
            assertThat(s.attempted()).isEqualTo(ConfigReloader.hash(bad));
            assertThat(s.problems()).hasSize(2);
        });

        save(v1.replace("name: Acme\n", "name: Acme Two\n"));
        await(() -> applied.size() == 1, "the good version");
        // status() waits for the attempt in progress, so the board and the gauge are settled after it
        assertThat(reloader.status().state()).isEqualTo(ReloadStatus.State.APPLIED);
        assertThat(refusedGauge()).isZero();
        assertThat(board.all().getFirst().state()).isEqualTo(ReloadStatus.State.APPLIED);
    }

    @Test
    void a_file_written_slowly_in_pieces_is_read_only_once_complete() throws Exception {
        String v2 = yaml(PAY + "\n- {id: pay-again, flow: pay-bill, text: Pay in the app again., priority: 1}")
                .replace("name: Acme\n", "name: Acme Slow\n");
        byte[] bytes = v2.getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(file)) { // truncates, then writes in place, like a plain editor
            for (int i = 0; i < bytes.length; i += bytes.length / 6) {
                out.write(bytes, i, Math.min(bytes.length / 6, bytes.length - i));
                out.flush();
                Thread.sleep(QUIET.toMillis() / 4);
            }
        }
        // hold audio for the new promotion is missing: the complete file is refused for that, never for being half
        await(() -> count("refused") == 1, "the one attempt");
        Thread.sleep(QUIET.toMillis() * 2);
        assertThat(count("refused")).isEqualTo(1);
        assertThat(reloader.status().problems()).singleElement().asString()
                .startsWith(file + ":" + (v2.lines().toList().indexOf("  - {id: pay-again, flow: pay-bill, text: Pay in the app again., priority: 1}") + 1)
                        + ": promotions: pay-again: clip promo-pay-again is not built")
                .contains("waitless prompts build");
    }

    @Test
    void a_file_truncated_mid_write_and_left_so_is_refused_and_the_running_one_kept() throws Exception {
        String v2 = v1.replace("name: Acme\n", "name: Acme Cut\n");
        Files.writeString(file, v2.substring(0, v2.indexOf("flows:") + 12));

        await(() -> count("refused") == 1, "the refusal");
        assertThat(applied).isEmpty();
        assertThat(reloader.running().company().name()).isEqualTo("Acme");
        assertThat(reloader.status().problems()).isNotEmpty();
    }

    @Test
    void garbage_bytes_over_the_config_are_refused_with_a_reason_and_the_running_one_kept() throws Exception {
        java.util.Random random = new java.util.Random(8);
        byte[] garbage = new byte[4096];
        random.nextBytes(garbage);
        garbage[100] = 0; // a NUL, and (very likely) bytes that are not UTF-8
        Path tmp = Files.write(dir.resolve("waitless.yaml.tmp"), garbage);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        await(() -> count("refused") == 1, "the refusal");
        assertThat(applied).isEmpty();
        assertThat(reloader.running().company().name()).isEqualTo("Acme");
        assertThat(reloader.status().problems()).isNotEmpty().allSatisfy(p -> assertThat(p).startsWith(file + ":"));

        Files.write(file, new byte[0]); // and then emptied
        await(() -> count("refused") == 2, "the second refusal");
        assertThat(reloader.running().company().name()).isEqualTo("Acme");

        save(v1.replace("name: Acme\n", "name: Acme Again\n"));
        await(() -> applied.size() == 1, "the good version");
    }

    @Test
    void a_promotion_is_added_once_its_hold_audio_is_built_and_the_file_saved_again() throws Exception {
        String v2 = yaml(PAY + """

                - id: pay-now
                  flow: pay-bill
                  text: Pay now in the app.
                  variants:
                    - {id: a, weight: 50}
                    - {id: b, weight: 50, text: Skip the queue and pay in the app.}""");
        save(v2);
        await(() -> count("refused") == 1, "the refusal for missing audio");
        int line = v2.lines().toList().indexOf("  - id: pay-now") + 1;
        assertThat(reloader.status().problems()).hasSize(2).allSatisfy(p -> assertThat(p).contains("clip promo-pay-now-"))
                .anySatisfy(p -> assertThat(p).startsWith(file + ":" + (line + 4) + ": promotions: pay-now variant a: "))
                .anySatisfy(p -> assertThat(p).startsWith(file + ":" + (line + 5) + ": promotions: pay-now variant b: "));

        WaitlessConfig next = new ConfigLoader(Map.of()).load(file);
        try (PromptBuilder builder = new PromptBuilder(next.prompts())) {
            builder.build(PromptBuilder.prompts(next), false, r -> { });
        }
        new HoldAudioLayout().layOut(next);
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));

        await(() -> applied.size() == 1, "the reload after the build");
        assertThat(applied.getFirst().promotions()).extracting(p -> p.id())
                .containsExactly("pay-in-app", "pay-now-a", "pay-now-b");
        assertThat(reloader.status().changes()).containsExactly("+ promotions[pay-now]");
    }

    @Test
    void a_change_only_a_restart_applies_is_reported_and_nothing_is_swapped() throws Exception {
        save(v1 + "agi:\n  port: 4999\n");
        await(() -> count("applied") == 1, "the reload");
        assertThat(applied).isEmpty();
        assertThat(reloader.status().restart()).containsExactly("agi.port");
        assertThat(board.all().getFirst().restart()).containsExactly("agi.port");
    }

    @Test
    void a_deleted_file_keeps_the_running_config() throws Exception {
        Files.delete(file);
        await(() -> count("refused") == 1, "the refusal");
        assertThat(reloader.status().problems()).containsExactly(file + ": the file is missing; the running config is kept");
        assertThat(refusedGauge()).isEqualTo(1);

        save(v1); // the same version back: nothing to apply, and nothing refused any more
        await(() -> refusedGauge() == 0, "the refusal cleared");
        assertThat(applied).isEmpty();
        assertThat(board.all().getFirst().state()).isEqualTo(ReloadStatus.State.APPLIED);

        save(v1.replace("name: Acme\n", "name: Acme Back\n"));
        await(() -> applied.size() == 1, "the file back");
    }
}
