package io.waitless.web;

import io.waitless.report.Dimension;
import io.waitless.report.Experiment;
import io.waitless.report.ExperimentReport;
import io.waitless.report.FunnelCounts;
import io.waitless.report.FunnelQuery;
import io.waitless.report.Journey;
import io.waitless.testing.InMemoryAnalytics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}): log in through
 * the form, wait for the charts, and check that what the page shows is the numbers of the store, that the charts
 * drew something, that the console has no errors (a CSP violation would be one), and that the shell painted.
 * Screenshots go to {@code target/screenshots/}. Waits are explicit and generous: the machine may be slow.
 */
class DashboardBrowserIT {
    @TempDir
    static Path dir;
    private static DashboardHarness h;
    private static Browser browser;

    @BeforeAll
    static void start() {
        h = DashboardHarness.start(dir);
        browser = new Browser();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (h != null) {
            h.close();
        }
    }

    @Test
    void an_analyst_logs_in_and_sees_the_stores_numbers_drawn_without_console_errors() throws Exception {
        browser.logIn(h.base(), DashboardHarness.USER, DashboardHarness.PASSWORD);
        browser.firstContentfulPaint();

        FunnelCounts total = h.analytics.funnel(new FunnelQuery(InMemoryAnalytics.TODAY.minusDays(6),
                InMemoryAnalytics.TODAY, List.of(Dimension.DAY), Map.of())).total();
        for (String step : List.of("calls", "offered", "accepted", "sent", "delivered", "opened", "completed", "repeat")) {
            assertThat(browser.text("#funnel-table tr[data-step=" + step + "] td.count")).as(step)
                    .isEqualTo(Long.toString(total.get(step)));
        }
        assertThat(browser.text("#repeat-rate")).contains("(" + total.get("repeat") + " of " + total.get("accepted") + " accepted)")
                .startsWith(String.format(Locale.ROOT, "%.1f %%", 100.0 * total.get("repeat") / total.get("accepted")));
        assertThat(browser.text("#from")).isEmpty(); // an input: its value, not its text, holds the date
        assertThat(browser.driver.findElement(By.id("from")).getDomProperty("value")).isEqualTo("2026-11-27");
        assertThat(browser.driver.findElement(By.id("to")).getDomProperty("value")).isEqualTo("2026-12-03");
        @SuppressWarnings("unchecked")
        List<Number> bars = (List<Number>) browser.script("return Chart.getChart('funnel-chart').data.datasets[0].data;");
        assertThat(bars).extracting(Number::longValue).containsExactly(total.get("calls"), total.get("offered"),
                total.get("accepted"), total.get("sent"), total.get("delivered"), total.get("opened"),
                total.get("completed"), total.get("repeat"));
        @SuppressWarnings("unchecked")
        List<String> days = (List<String>) browser.script("return Chart.getChart('trend-chart').data.labels;");
        assertThat(days).hasSize(7).startsWith("2026-11-27").endsWith("2026-12-03");

        total.breakdown("ended").forEach((outcome, n) -> assertThat(browser.text("#ended-table tr[data-key='" + outcome
                + "'] td.n")).as(outcome).isEqualTo(Long.toString(n)));
        total.breakdown("withheld").forEach((reason, n) -> assertThat(browser.text("#withheld-table tr[data-key='" + reason
                + "'] td.n")).as(reason).isEqualTo(Long.toString(n)));
        total.breakdown("refused").forEach((reason, n) -> assertThat(browser.text("#refused-table tr[data-key='" + reason
                + "'] td.n")).as(reason).isEqualTo(Long.toString(n)));

        ExperimentReport.Result wording = h.analytics.experiments(InMemoryAnalytics.TODAY.minusDays(6),
                InMemoryAnalytics.TODAY).getFirst();
        for (ExperimentReport.Row row : wording.rows()) {
            String tr = "#ab-table tr[data-experiment=wording][data-variant=" + row.variant() + "] ";
            assertThat(browser.text(tr + "td.offered")).isEqualTo(Long.toString(row.offered()));
            assertThat(browser.text(tr + "td.accepted")).isEqualTo(Long.toString(row.accepted()));
            assertThat(browser.text(tr + "td.rate")).isEqualTo(String.format(Locale.ROOT, "%.1f %%", 100 * row.arm().rate()));
        }
        Experiment.Comparison bVsA = wording.comparisons().getFirst();
        assertThat(browser.text("#ab-table tr[data-variant=b] td.verdict")).isEqualTo(bVsA.verdict()).contains("b converts better");
        assertThat(browser.text("#ab-table tr[data-variant=a] td.verdict")).isEqualTo("control");

        assertThat(browser.text("#surveys")).contains("No surveys yet");
        assertThat(browser.text("#live-waiting")).isEqualTo(Long.toString(InMemoryAnalytics.LIVE.callsWaiting()));
        assertThat(browser.text("#live-offers")).isEqualTo(Long.toString(InMemoryAnalytics.LIVE.offersLastHour()));
        assertThat(browser.text("#live-accepted")).isEqualTo(Long.toString(InMemoryAnalytics.LIVE.acceptedLastHour()));
        assertThat(browser.text("#live-sent")).isEqualTo(Long.toString(InMemoryAnalytics.LIVE.sentLastHour()));
        assertThat(browser.driver.findElement(By.id("csv")).getDomAttribute("href"))
                .isEqualTo("/dashboard/funnel.csv?from=2026-11-27&to=2026-12-03&by=day");

        browser.shotOfCharts("dashboard-after-login.png", "funnel-chart", "trend-chart");

        searchJourney();
        browser.noConsoleErrors();
    }

    private static void searchJourney() throws Exception {
        Journey journey = h.analytics.journey(InMemoryAnalytics.NUMBER).orElseThrow();
        WebElement id = browser.driver.findElement(By.id("journey-id"));
        id.sendKeys(InMemoryAnalytics.NUMBER);
        browser.driver.findElement(By.cssSelector("#journey-form button[type=submit]")).click();
        browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("journey-result")));

        assertThat(browser.text("#journey-masked")).isEqualTo(InMemoryAnalytics.MASKED);
        List<WebElement> items = browser.driver.findElements(By.cssSelector("#journey-timeline li"));
        assertThat(items).hasSize(journey.events().size());
        assertThat(items.getFirst().getText()).startsWith("2026-12-02 09:14:03 UTC").contains("call.arrived");
        assertThat(items.getLast().getText()).contains("flow.completed");
        assertThat(browser.text("#journey-result")).doesNotContain("501234567");
        browser.shot("dashboard-journey.png");
    }
}
