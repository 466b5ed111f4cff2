package io.waitless.web;

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
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) driven through Selenium for the
 * dashboard tests: log in through the form, wait explicitly and generously (the machine may be slow), read the
 * page, take full-page screenshots into {@code target/screenshots/} (printed and attached to the test report),
 * check a chart drew something and that the console has no errors.
 */
final class Browser implements AutoCloseable {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Path SHOTS = Path.of("target", "screenshots").toAbsolutePath();

    final WebDriver driver;

    Browser() {
        assertThat(CHROMIUM).as("install Debian's chromium").isExecutable();
        assertThat(CHROMEDRIVER).as("install Debian's chromium-driver").isExecutable();
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

    @Override
    public void close() {
        driver.quit();
    }

    WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(driver, WAIT, Duration.ofMillis(200));
        wait.withMessage(this::diagnostics);
        // an element looked up while the page is being replaced (the log-in's redirect) goes stale: look again
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    /** What the page was doing, for a wait that timed out. */
    private String diagnostics() {
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

    String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText().strip();
    }

    Object script(String js) {
        return ((JavascriptExecutor) driver).executeScript(js);
    }

    /** Opens the dashboard, logs in through the form and waits until its numbers and live counters are shown. */
    void logIn(String base, String user, String password) {
        driver.get(base + "/dashboard");
        waiting().until(ExpectedConditions.urlContains("/dashboard/login"));
        driver.findElement(By.id("user")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
        waiting().until(d -> "ready".equals(d.findElement(By.tagName("body")).getDomAttribute("data-state")));
        waiting().until(d -> !d.findElement(By.id("live-waiting")).getText().strip().equals("–"));
    }

    /** The page's first-contentful-paint in ms, printed. */
    double firstContentfulPaint() {
        Object paint = script("const p = performance.getEntriesByType('paint')"
                + ".find(e => e.name === 'first-contentful-paint'); return p ? p.startTime : null;");
        assertThat(paint).as("the shell painted").isNotNull();
        double ms = ((Number) paint).doubleValue();
        System.out.printf(Locale.ROOT, "dashboard first-contentful-paint: %.1f ms%n", ms);
        return ms;
    }

    void noConsoleErrors() {
        List<LogEntry> entries = driver.manage().logs().get(LogType.BROWSER).getAll();
        entries.forEach(e -> System.out.println("browser console: " + e.getLevel() + " " + e.getMessage()));
        assertThat(entries).noneSatisfy(e -> assertThat(e.getLevel()).isEqualTo(Level.SEVERE));
    }

    /**
     * The whole page (beyond the window, through the DevTools protocol) as a PNG under target/screenshots, its path
     * printed and attached to the test report. Image coordinates are page coordinates.
     */
    @SuppressWarnings("unchecked")
    Path shot(String name) throws Exception {
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

    /**
     * Waits until each canvas has painted pixels (the charts draw after the tables fill, from their own data), then
     * takes the screenshot and checks each chart is drawn in it. A chart is redrawn when a panel that loads later
     * moves the layout (Chart.js clears a resized canvas, then draws it again), so a screenshot that caught one
     * cleared is taken again until {@link #WAIT} runs out; the last one must pass.
     */
    Path shotOfCharts(String name, String... canvasIds) throws Exception {
        long until = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Path png = paintedShot(name, canvasIds);
            boolean all = true;
            for (String id : canvasIds) {
                all &= drawn(png, id);
            }
            if (all || System.nanoTime() > until) {
                for (String id : canvasIds) {
                    assertDrawn(png, id);
                }
                return png;
            }
            Thread.sleep(200);
        }
    }

    private Path paintedShot(String name, String... canvasIds) throws Exception {
        for (String id : canvasIds) {
            waiting().withMessage(id + " painted").until(d -> Boolean.TRUE.equals(script("""
                    const c = document.getElementById('%s');
                    if (!c || !c.width || !c.height) return false;
                    const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                    for (let i = 3; i < px.length; i += 64) { if (px[i] !== 0) return true; }
                    return false;""".formatted(id))));
        }
        return shot(name);
    }

    /** {@link #assertDrawn} as a question. */
    private boolean drawn(Path png, String canvasId) throws Exception {
        try {
            assertDrawn(png, canvasId);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    /** The canvas's part of the screenshot is not one flat colour, and a fair share of it is not background. */
    void assertDrawn(Path png, String canvasId) throws Exception {
        WebElement canvas = driver.findElement(By.id(canvasId));
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
        assertThat(colours).as("colours inside %s", canvasId).hasSizeGreaterThan(2);
        assertThat((double) other / all).as("share of drawn pixels in %s", canvasId).isGreaterThan(0.02);
    }
}
