package io.waitless.web;

import io.waitless.call.Deflection;
import io.waitless.config.WaitlessConfig;
import io.waitless.followup.FollowUpNode;
import io.waitless.followup.SurveyReplies;
import io.waitless.journal.RedisConnector;
import io.waitless.testing.InMemoryAnalytics;
import io.waitless.testing.InMemoryJournal;
import io.waitless.testing.InMemoryOptOuts;
import io.waitless.testing.MutableClock;
import io.waitless.testing.RecordingSmsGateway;
import io.waitless.testing.RedisServer;
import io.waitless.testing.TestConfigs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import redis.clients.jedis.UnifiedJedis;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's "Survey scores" panel in a real headless Chromium, with follow-ups on a real redis-server: three
 * answers on the report's last day show their mean, distribution and counts, and the low score's alert is listed
 * with its masked number, without console errors.
 */
class SurveyPanelBrowserIT {
    @TempDir
    static Path dir;
    private static RedisServer redis;
    private static UnifiedJedis client;
    private static DashboardHarness h;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start();
        client = RedisConnector.connect(new WaitlessConfig.Redis(redis.uri(), "", "wl-test:", Duration.ofMillis(500)));
        Instant noon = InMemoryAnalytics.TODAY.atTime(12, 0).toInstant(java.time.ZoneOffset.UTC);
        MutableClock clock = new MutableClock(noon);
        WaitlessConfig.FollowUp.Survey d = WaitlessConfig.FollowUp.Survey.DEFAULTS;
        WaitlessConfig cfg = TestConfigs.config(dir, redis.uri()).withFollowUp(new WaitlessConfig.FollowUp(true,
                "a-follow-up-encryption-key-for-tests-0123", Duration.ofSeconds(5), Duration.ofSeconds(10), 50, 3,
                Duration.ofSeconds(1), false, Duration.ofDays(1), new WaitlessConfig.FollowUp.Survey(true,
                Duration.ofHours(2), Duration.ZERO, Duration.ofDays(30), LocalTime.MIN, LocalTime.MAX, 1, 7,
                Duration.ofDays(3), d.question(), Map.of(), d.askAgain()), WaitlessConfig.FollowUp.Alerts.NONE,
                WaitlessConfig.FollowUp.Returnees.OFF));
        FollowUpNode node = new FollowUpNode(cfg, client, new RecordingSmsGateway(), new InMemoryJournal(),
                new InMemoryOptOuts(), clock, "browser-test");
        String[] scores = {"6", "7", "1"};
        for (int i = 0; i < scores.length; i++) {
            String e164 = "+97250234000" + i;
            node.planner().textSent(new Deflection("d" + i, "c" + i, "ref-" + i, "support", "pay-in-app", "pay-bill",
                    Deflection.State.SENT, noon, noon, Map.of("language", "en")), e164, noon);
        }
        assertThat(node.worker().runBatch()).isEqualTo(3);
        for (int i = 0; i < scores.length; i++) {
            assertThat(node.replies().text("ref-" + i, "+97250234000" + i, scores[i], noon))
                    .isEqualTo(SurveyReplies.Handled.SCORED);
        }
        h = new DashboardHarness(TestConfigs.config(dir, redis.uri()), new InMemoryAnalytics(), node);
        browser = new Browser();
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (h != null) {
            h.close();
        }
        client.close();
        redis.close();
    }

    @Test
    void the_survey_panel_shows_the_scores_of_the_period_and_the_open_alert() throws Exception {
        browser.logIn(h.base(), DashboardHarness.USER, DashboardHarness.PASSWORD);
        browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("surveys-result")));

        assertThat(browser.text("#surveys-mean")).isEqualTo("4.67");
        assertThat(browser.text("#surveys-answers")).isEqualTo("3");
        assertThat(browser.text("#surveys-range")).isEqualTo("(2026-11-27 to 2026-12-03)");
        assertThat(browser.driver.findElements(By.cssSelector("#surveys-table tbody tr"))).hasSize(7);
        assertThat(browser.text("#surveys-counts tr[data-key=answered] td.n")).isEqualTo("3");
        assertThat(browser.driver.findElement(By.id("surveys-empty")).isDisplayed()).isFalse();
        browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("alerts-table")));
        assertThat(browser.text("#alerts-table tbody")).contains("low-score").contains("+97250•••0002")
                .doesNotContain("502340002");
        browser.shot("dashboard-surveys.png");
        browser.noConsoleErrors();
    }
}
