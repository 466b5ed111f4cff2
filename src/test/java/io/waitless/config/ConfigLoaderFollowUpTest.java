package io.waitless.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;

import static org.assertj.core.api.Assertions.assertThat;

/** followup: off without the section; timing, survey, alerts and returnees read; each bad value refused at its line. */
class ConfigLoaderFollowUpTest {
    private static final String KEY = "a-follow-up-encryption-key-for-tests-0123456";

    @TempDir
    Path dir;

    private ConfigFiles files() {
        return new ConfigFiles(dir);
    }

    private static String with(String followup) {
        return ConfigFiles.VALID + "followup:\n" + followup;
    }

    @Test
    void without_a_followup_section_follow_ups_are_off_and_nothing_is_required() {
        WaitlessConfig.FollowUp f = files().load(ConfigFiles.VALID).config().followUp();

        assertThat(f.enabled()).isFalse();
        assertThat(f.pollInterval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void timing_survey_alerts_and_returnees_are_read() {
        WaitlessConfig.FollowUp f = files().load(with("  encryption-key: " + KEY + "\n  poll-interval: 2s\n"
                + "  lease: 30s\n  batch-size: 10\n  max-attempts: 3\n  retry-backoff: 30s\n  resend-uncertain: true\n"
                + "  survey:\n    delay: 1h\n    unfinished-delay: 12h\n    once-per: 14d\n    hours: \"8:30-21:00\"\n"
                + "    scale: \"0-10\"\n    question: {en: \"Rate us {min}-{max}\", he: \"דרגו\"}\n"
                + "  alerts:\n    low-score: 4\n    negative-words: {en: [bad, slow]}\n"
                + "    webhook-url: https://hooks.acme.example/alerts\n    webhook-secret: alert-webhook-secret-0123\n"
                + "  returnees:\n    text: true\n")).config().followUp();

        assertThat(f.enabled()).isTrue();
        assertThat(f.key()).isEqualTo(KEY);
        assertThat(f.pollInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(f.lease()).isEqualTo(Duration.ofSeconds(30));
        assertThat(f.batchSize()).isEqualTo(10);
        assertThat(f.maxAttempts()).isEqualTo(3);
        assertThat(f.resendUncertain()).isTrue();
        assertThat(f.survey().delay()).isEqualTo(Duration.ofHours(1));
        assertThat(f.survey().oncePer()).isEqualTo(Duration.ofDays(14));
        assertThat(f.survey().from()).isEqualTo(LocalTime.of(8, 30));
        assertThat(f.survey().until()).isEqualTo(LocalTime.of(21, 0));
        assertThat(f.survey().scaleMin()).isZero();
        assertThat(f.survey().scaleMax()).isEqualTo(10);
        assertThat(f.survey().question()).containsEntry("he", "דרגו");
        assertThat(f.survey().comment()).isEmpty();
        assertThat(f.alerts().lowScore()).isEqualTo(4);
        assertThat(f.alerts().negativeWords()).containsEntry("en", java.util.List.of("bad", "slow"));
        assertThat(f.alerts().webhookUrl()).contains(URI.create("https://hooks.acme.example/alerts"));
        assertThat(f.returnees().text()).isTrue();
    }

    @Test
    void on_without_a_key_or_with_a_short_one_is_refused() {
        files().assertRefused(with("  enabled: true\n"), "followup:", "followup.encryption-key", "is missing");
        files().assertRefused(with("  encryption-key: short\n"), "encryption-key", "followup.encryption-key",
                "is shorter than 32 characters");
    }

    @Test
    void bad_hours_scale_durations_and_a_webhook_without_a_secret_are_refused_at_their_line() {
        String k = "  encryption-key: " + KEY + "\n";
        files().assertRefused(with(k + "  survey:\n    hours: \"20:00-09:00\"\n"), "hours", "followup.survey.hours",
                "must start before it ends");
        files().assertRefused(with(k + "  survey:\n    hours: evenings\n"), "hours", "followup.survey.hours",
                "is not a daily window like 09:00-20:00");
        files().assertRefused(with(k + "  survey:\n    scale: \"7-1\"\n"), "scale", "followup.survey.scale",
                "must run from a lower to a higher number");
        files().assertRefused(with(k + "  poll-interval: 5\n"), "poll-interval", "followup.poll-interval", "");
        files().assertRefused(with(k + "  survey:\n    question: {he: \"דרגו\"}\n"), "question",
                "followup.survey.question", "needs an en text");
        files().assertRefused(with(k + "  alerts:\n    webhook-url: https://hooks.acme.example/a\n"), "webhook-url",
                "followup.alerts.webhook-secret", "is missing");
        files().assertRefused(with(k + "  surveys: {}\n"), "surveys", "followup.surveys", "");
        files().assertRefused(with(k + "  returnees:\n    webhook-url: https://hooks.acme.example/r\n"), "returnees:",
                "followup.returnees.webhook-secret", "needs at least 16 characters");
    }

    @Test
    void the_digest_is_off_by_default_and_a_bad_cron_or_a_webhook_without_secret_is_refused() {
        String k = "  encryption-key: " + KEY + "\n";
        WaitlessConfig.FollowUp.Digest d = files().load(with(k)).config().followUp().digest();
        assertThat(d.enabled()).isFalse();
        assertThat(d.cron()).isEqualTo("0 0 6 * * ?");
        WaitlessConfig.FollowUp.Digest on = files().load(with(k + "  digest:\n    enabled: true\n"
                + "    cron: \"0 30 5 * * ?\"\n    directory: /tmp/digests\n")).config().followUp().digest();
        assertThat(on.enabled()).isTrue();
        assertThat(on.cron()).isEqualTo("0 30 5 * * ?");
        assertThat(on.directory()).isEqualTo(Path.of("/tmp/digests"));
        files().assertRefused(with(k + "  digest:\n    cron: every morning\n"), "cron", "followup.digest.cron",
                "is not a Quartz cron expression");
        files().assertRefused(with(k + "  digest:\n    webhook-url: https://hooks.acme.example/d\n"), "digest:",
                "followup.digest.webhook-secret", "needs at least 16 characters");
    }
}
