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
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Path SHOTS = Path.of("target", "screenshots").toAbsolutePath();

    @TempDir
    static Path dir;
    private static DashboardHarness h;
    private static WebDriver driver;

    @BeforeAll
    static void start() {
        assertThat(CHROMIUM).as("install Debian's chromium").isExecutable();
        assertThat(CHROMEDRIVER).as("install Debian's chromium-driver").isExecutable();
        h = DashboardHarness.start(dir);
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000",
                "--force-device-scale-factor=1", "--disable-gpu", "--no-first-run", "--disable-extensions");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .withTimeout(WAIT).build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (h != null) {
            h.close();
        }
    }

    private static WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(driver, WAIT, Duration.ofMillis(200));
        wait.withMessage(DashboardBrowserIT::diagnostics);
        return wait;
    }

    /** What the page was doing, for a wait that timed out. */
    private static String diagnostics() {
        try {
            StringBuilder out = new StringBuilder("at ").append(driver.getCurrentUrl());
            List<WebElement> status = driver.findElements(By.id("status"));
            if (!status.isEmpty()) {
                out.append(", status \"").append(status.getFirst().getText()).append('"');
            }
            driver.manage().logs().get(LogType.BROWSER).getAll().forEach(e -> out.append("\nconsole: ")
                    .append(e.getLevel()).append(' ').append(e.getMessage()));
            return out.toString();
        } catch (RuntimeException e) {
            return "no diagnostics: " + e;
        }
    }

    private static String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText().strip();
    }

    @Test
    void an_analyst_logs_in_and_sees_the_stores_numbers_drawn_without_console_errors() throws Exception {
        driver.get(h.base() + "/dashboard");
        waiting().until(ExpectedConditions.urlContains("/dashboard/login"));
        driver.findElement(By.id("user")).sendKeys(DashboardHarness.USER);
        driver.findElement(By.id("password")).sendKeys(DashboardHarness.PASSWORD);
        driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
        waiting().until(d -> "ready".equals(d.findElement(By.tagName("body")).getDomAttribute("data-state")));
        waiting().until(d -> !d.findElement(By.id("live-waiting")).getText().strip().equals("–"));

        Object paint = ((JavascriptExecutor) driver).executeScript("const p = performance.getEntriesByType('paint')"
                + ".find(e => e.name === 'first-contentful-paint'); return p ? p.startTime : null;");
        assertThat(paint).as("the shell painted").isNotNull();
        System.out.printf(Locale.ROOT, "dashboard first-contentful-paint: %.1f ms%n", ((Number) paint).doubleValue());

        FunnelCounts total = h.analytics.funnel(new FunnelQuery(InMemoryAnalytics.TODAY.minusDays(6),
                InMemoryAnalytics.TODAY, List.of(Dimension.DAY), Map.of())).total();
        for (String step : List.of("calls", "offered", "accepted", "sent", "delivered", "opened", "completed", "repeat")) {
            assertThat(text("#funnel-table tr[data-step=" + step + "] td.count")).as(step)
                    .isEqualTo(Long.toString(total.get(step)));
        }
        assertThat(text("#repeat-rate")).contains("(" + total.get("repeat") + " of " + total.get("accepted") + " accepted)")
                .startsWith(String.format(Locale.ROOT, "%.1f %%", 100.0 * total.get("repeat") / total.get("accepted")));
        assertThat(text("#from")).isEmpty(); // an input: its value, not its text, holds the date
        assertThat(driver.findElement(By.id("from")).getDomProperty("value")).isEqualTo("2026-11-27");
        assertThat(driver.findElement(By.id("to")).getDomProperty("value")).isEqualTo("2026-12-03");
        @SuppressWarnings("unchecked")
        List<Number> bars = (List<Number>) ((JavascriptExecutor) driver)
                .executeScript("return Chart.getChart('funnel-chart').data.datasets[0].data;");
        assertThat(bars).extracting(Number::longValue).containsExactly(total.get("calls"), total.get("offered"),
                total.get("accepted"), total.get("sent"), total.get("delivered"), total.get("opened"),
                total.get("completed"), total.get("repeat"));
        @SuppressWarnings("unchecked")
        List<String> days = (List<String>) ((JavascriptExecutor) driver)
                .executeScript("return Chart.getChart('trend-chart').data.labels;");
        assertThat(days).hasSize(7).startsWith("2026-11-27").endsWith("2026-12-03");

        total.breakdown("ended").forEach((outcome, n) -> assertThat(text("#ended-table tr[data-key='" + outcome
                + "'] td.n")).as(outcome).isEqualTo(Long.toString(n)));
        total.breakdown("withheld").forEach((reason, n) -> assertThat(text("#withheld-table tr[data-key='" + reason
                + "'] td.n")).as(reason).isEqualTo(Long.toString(n)));
        total.breakdown("refused").forEach((reason, n) -> assertThat(text("#refused-table tr[data-key='" + reason
                + "'] td.n")).as(reason).isEqualTo(Long.toString(n)));

        ExperimentReport.Result wording = h.analytics.experiments(InMemoryAnalytics.TODAY.minusDays(6),
                InMemoryAnalytics.TODAY).getFirst();
        for (ExperimentReport.Row row : wording.rows()) {
            String tr = "#ab-table tr[data-experiment=wording][data-variant=" + row.variant() + "] ";
            assertThat(text(tr + "td.offered")).isEqualTo(Long.toString(row.offered()));
            assertThat(text(tr + "td.accepted")).isEqualTo(Long.toString(row.accepted()));
            assertThat(text(tr + "td.rate")).isEqualTo(String.format(Locale.ROOT, "%.1f %%", 100 * row.arm().rate()));
        }
        Experiment.Comparison bVsA = wording.comparisons().getFirst();
        assertThat(text("#ab-table tr[data-variant=b] td.verdict")).isEqualTo(bVsA.verdict()).contains("b converts better");
        assertThat(text("#ab-table tr[data-variant=a] td.verdict")).isEqualTo("control");

        assertThat(text("#surveys")).contains("No surveys yet");
        assertThat(text("#live-waiting")).isEqualTo(Long.toString(InMemoryAnalytics.LIVE.callsWaiting()));
        assertThat(text("#live-offers")).isEqualTo(Long.toString(InMemoryAnalytics.LIVE.offersLastHour()));
        assertThat(text("#live-accepted")).isEqualTo(Long.toString(InMemoryAnalytics.LIVE.acceptedLastHour()));
        assertThat(text("#live-sent")).isEqualTo(Long.toString(InMemoryAnalytics.LIVE.sentLastHour()));
        assertThat(driver.findElement(By.id("csv")).getDomAttribute("href"))
                .isEqualTo("/dashboard/funnel.csv?from=2026-11-27&to=2026-12-03&by=day");

        Path page = fullPageShot("dashboard-after-login.png");
        assertDrawn(page, driver.findElement(By.id("funnel-chart")));
        assertDrawn(page, driver.findElement(By.id("trend-chart")));

        searchJourney();
        noConsoleErrors();
    }

    private static void searchJourney() throws Exception {
        Journey journey = h.analytics.journey(InMemoryAnalytics.NUMBER).orElseThrow();
        WebElement id = driver.findElement(By.id("journey-id"));
        id.sendKeys(InMemoryAnalytics.NUMBER);
        driver.findElement(By.cssSelector("#journey-form button[type=submit]")).click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("journey-result")));

        assertThat(text("#journey-masked")).isEqualTo(InMemoryAnalytics.MASKED);
        List<WebElement> items = driver.findElements(By.cssSelector("#journey-timeline li"));
        assertThat(items).hasSize(journey.events().size());
        assertThat(items.getFirst().getText()).startsWith("2026-12-02 09:14:03 UTC").contains("call.arrived");
        assertThat(items.getLast().getText()).contains("flow.completed");
        assertThat(text("#journey-result")).doesNotContain("501234567");
        fullPageShot("dashboard-journey.png");
    }

    private static void noConsoleErrors() {
        List<LogEntry> entries = driver.manage().logs().get(LogType.BROWSER).getAll();
        entries.forEach(e -> System.out.println("browser console: " + e.getLevel() + " " + e.getMessage()));
        assertThat(entries).noneSatisfy(e -> assertThat(e.getLevel()).isEqualTo(Level.SEVERE));
    }

    /**
     * The whole page (beyond the window, through the DevTools protocol) as a PNG under target/screenshots, its path
     * printed and attached to the test report. Image coordinates are page coordinates.
     */
    @SuppressWarnings("unchecked")
    private static Path fullPageShot(String name) throws Exception {
        ChromeDriver chrome = (ChromeDriver) driver;
        Map<String, Object> size = (Map<String, Object>) chrome.executeCdpCommand("Page.getLayoutMetrics", Map.of())
                .get("cssContentSize");
        double width = ((Number) size.get("width")).doubleValue();
        double height = Math.min(8000, ((Number) size.get("height")).doubleValue());
        String png = (String) chrome.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", width, "height", height,
                        "scale", 1))).get("data");
        Files.createDirectories(SHOTS);
        Path file = SHOTS.resolve(name);
        Files.write(file, java.util.Base64.getDecoder().decode(png));
        System.out.println("screenshot: " + file);
        System.out.println("[[ATTACHMENT|" + file + "]]");
        return file;
    }

    /** The canvas's part of the screenshot is not one flat colour, and a fair share of it is not background. */
    private static void assertDrawn(Path png, WebElement canvas) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(png)));
        Rectangle r = canvas.getRect();
        int top = r.getY();
        assertThat(r.getWidth()).isPositive();
        assertThat(top + r.getHeight()).as("canvas inside the screenshot").isLessThanOrEqualTo(image.getHeight());
        int background = image.getRGB(r.getX() + 1, top + 1);
        Set<Integer> colours = new HashSet<>();
        long other = 0;
        long all = 0;
        for (int y = top; y < top + r.getHeight(); y += 2) {
            for (int x = r.getX(); x < r.getX() + r.getWidth(); x += 2) {
                int p = image.getRGB(x, y);
                colours.add(p);
                all++;
                if (p != background) {
                    other++;
                }
            }
        }
        assertThat(colours).as("colours inside %s", canvas.getDomAttribute("id")).hasSizeGreaterThan(2);
        assertThat((double) other / all).as("share of drawn pixels in %s", canvas.getDomAttribute("id"))
                .isGreaterThan(0.02);
    }
}
