package io.waitless.config;

import io.waitless.config.WaitlessConfig.TimedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigLoaderTimedTest {

    @TempDir
    Path dir;

    private static final String AMI = """
            ami:
              host: 127.0.0.1
              port: 5039
              username: waitless
              secret: "${WAITLESS_AMI_SECRET}"
              poll-interval: 3s
              action-timeout: 1s
              max-withdrawals-per-tick: 3
            """;

    private ConfigFiles files() {
        return new ConfigFiles(dir, Map.of("WAITLESS_AMI_SECRET", "s3cret-from-env"));
    }

    private static String timedQueue(String timed) {
        return ConfigFiles.validWith("  - {name: support, language: en}\n", """
                  - name: support
                    language: en
                    offer-mode: timed
                """ + timed);
    }

    @Test
    void a_timed_queue_and_the_ami_section_are_read() {
        WaitlessConfig c = files().load(timedQueue("""
                    timed:
                      first-offer-after: 45s
                      every: 2m
                      max-offers: 3
                      protect-head: 4
                      min-expected-wait: 3m
                """) + AMI).config();

        assertThat(c.timed().queues()).containsExactly(
                Map.entry("support", new TimedQueue(Duration.ofSeconds(45), Duration.ofMinutes(2), 3, 4,
                        Duration.ofMinutes(3))));
        WaitlessConfig.Ami ami = c.timed().ami().orElseThrow();
        assertThat(ami).isEqualTo(new WaitlessConfig.Ami("127.0.0.1", 5039, "waitless", "s3cret-from-env",
                Duration.ofSeconds(3), Duration.ofSeconds(1), 3));
        assertThat(ami.toString()).doesNotContain("s3cret");
        assertThat(c.timed().enabled()).isTrue();
    }

    @Test
    void timed_defaults_protect_the_two_head_positions() {
        WaitlessConfig c = files().load(timedQueue("") + AMI).config();

        assertThat(c.timed().queues().get("support"))
                .isEqualTo(new TimedQueue(Duration.ofSeconds(90), Duration.ofMinutes(3), 2, 2));
    }

    @Test
    void without_offer_mode_a_queue_stays_in_queue_and_no_ami_is_needed() {
        WaitlessConfig c = files().load(ConfigFiles.VALID).config();

        assertThat(c.timed()).isEqualTo(WaitlessConfig.Timed.NONE);
        assertThat(c.timed().enabled()).isFalse();
    }

    @Test
    void an_unknown_offer_mode_is_refused_with_its_line() {
        String yaml = ConfigFiles.validWith("  - {name: support, language: en}\n",
                "  - {name: support, language: en, offer-mode: sliced}\n") + AMI;

        files().assertRefused(yaml, "offer-mode: sliced", "queues[0].offer-mode", "is not one of in-queue, timed");
    }

    @Test
    void a_negative_duration_is_refused() {
        String yaml = timedQueue("""
                    timed:
                      every: -30s
                """) + AMI;

        files().assertRefused(yaml, "every: -30s", "queues[0].timed.every", "\"-30s\"");
    }

    @Test
    void protect_head_below_one_is_refused_so_the_head_caller_is_never_withdrawn() {
        String yaml = timedQueue("""
                    timed:
                      protect-head: 0
                """) + AMI;

        files().assertRefused(yaml, "protect-head: 0", "queues[0].timed.protect-head", "is outside 1..1000");
    }

    @Test
    void a_timed_queue_without_the_ami_section_is_refused() {
        String yaml = timedQueue("");

        files().assertRefused(yaml, "offer-mode: timed", "queues[0].offer-mode", "needs the ami section");
    }

    @Test
    void a_timed_block_on_an_in_queue_queue_is_refused_not_ignored() {
        String yaml = ConfigFiles.validWith("  - {name: support, language: en}\n", """
                  - name: support
                    timed: {every: 1m}
                """);

        files().assertRefused(yaml, "timed: {every", "queues[0].timed", "only read with offer-mode: timed");
    }

    @Test
    void ami_without_credentials_or_with_a_typo_is_refused() {
        String yaml = timedQueue("") + """
                ami:
                  host: 127.0.0.1
                  usernme: waitless
                """;

        String message = files().assertRefused(yaml, "usernme", "ami.usernme", "unknown key");
        assertThat(message).contains("ami.username: is missing").contains("ami.secret: is missing");
    }

    @Test
    void an_action_timeout_longer_than_the_poll_interval_is_refused() {
        String yaml = timedQueue("") + AMI.replace("action-timeout: 1s", "action-timeout: 5s");

        files().assertRefused(yaml, "action-timeout: 5s", "ami.action-timeout", "longer than ami.poll-interval");
    }

    @Test
    void a_secret_from_the_environment_is_never_printed_in_an_error() {
        String yaml = timedQueue("") + AMI.replace("port: 5039", "port: \"${WAITLESS_AMI_SECRET}\"");

        String message = files().refused(yaml);
        assertThat(message).contains("ami.port").doesNotContain("s3cret-from-env");
    }
}
