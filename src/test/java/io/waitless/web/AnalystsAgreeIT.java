package io.waitless.web;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.waitless.App;
import io.waitless.call.CallEvent;
import io.waitless.call.Deflection;
import io.waitless.cli.WaitlessCommand;
import io.waitless.config.ConfigLoader;
import io.waitless.config.WaitlessConfig;
import io.waitless.journal.RedisConnector;
import io.waitless.journal.RedisJournal;
import io.waitless.phone.PhoneNumberPolicy;
import io.waitless.report.Analytics;
import io.waitless.report.Dimension;
import io.waitless.report.ExperimentReport;
import io.waitless.report.FunnelCounts;
import io.waitless.report.FunnelOracle;
import io.waitless.report.FunnelQuery;
import io.waitless.report.FunnelResult;
import io.waitless.report.Journey;
import io.waitless.sim.FunnelGenerator;
import io.waitless.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import redis.clients.jedis.UnifiedJedis;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 6's "done when": on a journal seeded by the realistic generator (a month of calls up to today, written
 * through the journal's real ingest), the rollups hold exactly the funnel counted the obvious way; the command
 * line ({@code waitless report}), the JSON API, and the dashboard (its data requests, its CSV, and the page in a
 * real headless Chromium) agree number for number. Screenshots are attached to the test output.
 */
class AnalystsAgreeIT {
    private static final int DAYS = 30;

    @TempDir
    static Path dir;
    private static RedisServer server;
    private static UnifiedJedis redis;
    private static Path config;
    private static WaitlessConfig cfg;
    private static Analytics analytics;
    private static DashboardHarness h;
    private static Browser browser;
    private static String session;
    private static LocalDate today;
    private static LocalDate first;
    private static final List<CallEvent> events = new ArrayList<>();
    private static final Map<String, Deflection> deflections = new HashMap<>();
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void seed_a_month_and_log_in() throws Exception {
        server = RedisServer.start();
        config = dir.resolve("waitless.yaml");
        Files.writeString(config, Files.readString(Path.of("config/waitless.yaml"))
                .replace("uri: redis://127.0.0.1:6379/0", "uri: redis://127.0.0.1:" + server.port() + "/0"));
        cfg = new ConfigLoader().load(config);
        ZoneId zone = cfg.company().timezone();
        today = LocalDate.now(zone);
        first = today.minusDays(DAYS - 1);
        redis = RedisConnector.connect(cfg.redis());
        PhoneNumberPolicy phones = new PhoneNumberPolicy(cfg.callers());
        try (RedisJournal journal = new RedisJournal(redis, cfg.redis().keyPrefix(), 10_000_000, zone, cfg.journal(),
                Duration.ofSeconds(2), new SimpleMeterRegistry())) {
            new FunnelGenerator(new FunnelGenerator.Settings(first, DAYS, 220, zone, 2026), phones::reference)
                    .generate(events::add, d -> deflections.put(d.id(), d));
            journal.appendAll(events.stream().filter(e -> !LocalDate.ofInstant(e.time(), zone).isAfter(today)).toList());
            deflections.values().forEach(journal::saveDeflection);
        }
        analytics = App.analytics(() -> cfg, redis, Clock.systemUTC());
        h = new DashboardHarness(cfg, analytics);
        browser = new Browser();
        long started = System.nanoTime();
        browser.logIn(h.base(), DashboardHarness.USER, DashboardHarness.PASSWORD);
        System.out.printf(Locale.ROOT, "dashboard: logged in and every number shown %.0f ms after asking for the page"
                + " (%,d events, %d days)%n", (System.nanoTime() - started) / 1e6, events.size(), DAYS);
        session = browser.driver.manage().getCookieNamed("waitless-session").getValue();
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (h != null) {
            h.close();
        }
        redis.close();
        server.close();
    }

    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--config", config.toString())).toArray(String[]::new);
        int exit = WaitlessCommand.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(all);
        assertThat(exit).as(err.toString()).isZero();
        return out.toString();
    }

    private static String api(String path) throws Exception {
        return get(path, "Authorization", "Bearer " + cfg.api().keys().getFirst());
    }

    private static String dashboard(String path) throws Exception {
        return get(path, "Cookie", "waitless-session=" + session);
    }

    private static String get(String path, String header, String value) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(h.base() + path)).header(header, value)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return r.body();
    }

    private static JsonElement json(String s) {
        return JsonParser.parseString(s);
    }

    @Test
    void the_rollups_hold_the_month_exactly_as_counted_from_the_events() {
        FunnelOracle oracle = new FunnelOracle(cfg.company().timezone(), cfg.journal().repeatWindow());
        events.stream().filter(e -> !LocalDate.ofInstant(e.time(), cfg.company().timezone()).isAfter(today))
                .forEach(oracle::add);
        List<Dimension> all = List.of(Dimension.DAY, Dimension.QUEUE, Dimension.INTENT, Dimension.LANGUAGE,
                Dimension.PROMOTION, Dimension.EXPERIMENT, Dimension.VARIANT);
        Map<LocalDate, Map<String, Long>> stored = new TreeMap<>();
        for (FunnelResult.Row row : analytics.funnel(new FunnelQuery(first, today, all, Map.of())).rows()) {
            String dims = String.join("|", all.subList(1, all.size()).stream().map(d -> row.key().get(d)).toList());
            row.counts().counts().forEach((step, n) -> stored.computeIfAbsent(LocalDate.parse(row.key().get(Dimension.DAY)),
                    d -> new TreeMap<>()).put(step + "|" + dims, n));
        }

        assertThat(stored).isEqualTo(oracle.counts());
        assertThat(stored).hasSize(DAYS);
    }

    @Test
    void the_report_the_api_and_the_dashboard_data_agree_number_for_number() throws Exception {
        assertThat(json(cli("report", "--format", "json"))).as("the last 7 days")
                .isEqualTo(json(api("/api/funnel"))).isEqualTo(json(dashboard("/dashboard/data/funnel")));

        String month = "from=" + first + "&to=" + today + "&by=day,queue,variant&language=en";
        String[] monthArgs = {"report", "--from", first.toString(), "--to", today.toString(), "--by", "day,queue,variant",
                "--language", "en"};
        String[] asJson = java.util.stream.Stream.concat(java.util.Arrays.stream(monthArgs),
                java.util.stream.Stream.of("--format", "json")).toArray(String[]::new);
        String[] asCsv = java.util.stream.Stream.concat(java.util.Arrays.stream(monthArgs),
                java.util.stream.Stream.of("--format", "csv")).toArray(String[]::new);
        assertThat(json(cli(asJson))).isEqualTo(json(api("/api/funnel?" + month)))
                .isEqualTo(json(dashboard("/dashboard/data/funnel?" + month)));
        assertThat(cli(asCsv)).isEqualTo(dashboard("/dashboard/funnel.csv?" + month));

        String range = "from=" + first + "&to=" + today;
        assertThat(json(cli("report", "experiments", "--from", first.toString(), "--to", today.toString(), "--format",
                "json"))).isEqualTo(json(api("/api/experiments?" + range)))
                .isEqualTo(json(dashboard("/dashboard/data/experiments?" + range)));

        String id = deflections.keySet().iterator().next();
        assertThat(json(cli("report", "journey", id, "--format", "json"))).isEqualTo(json(api("/api/journeys/" + id)))
                .isEqualTo(json(dashboard("/dashboard/data/journey?id=" + id)));
    }

    @Test
    void the_page_in_chromium_shows_the_same_numbers() throws Exception {
        browser.firstContentfulPaint();
        FunnelCounts total = analytics.funnel(new FunnelQuery(today.minusDays(6), today, List.of(Dimension.DAY),
                Map.of())).total();
        for (String step : List.of("calls", "offered", "accepted", "sent", "delivered", "opened", "completed", "repeat")) {
            assertThat(browser.text("#funnel-table tr[data-step=" + step + "] td.count")).as(step)
                    .isEqualTo(Long.toString(total.get(step)));
        }
        total.breakdown("ended").forEach((outcome, n) -> assertThat(browser.text("#ended-table tr[data-key='" + outcome
                + "'] td.n")).as(outcome).isEqualTo(Long.toString(n)));
        for (ExperimentReport.Result r : analytics.experiments(today.minusDays(6), today)) {
            for (ExperimentReport.Row row : r.rows()) {
                String tr = "#ab-table tr[data-experiment=" + r.experiment() + "][data-variant=" + row.variant() + "] ";
                assertThat(browser.text(tr + "td.offered")).isEqualTo(Long.toString(row.offered()));
                assertThat(browser.text(tr + "td.accepted")).isEqualTo(Long.toString(row.accepted()));
            }
        }
        browser.shotOfCharts("generated-month-dashboard.png", "funnel-chart", "trend-chart");

        Deflection d = deflections.values().iterator().next();
        Journey journey = analytics.journey(d.id()).orElseThrow();
        WebElement id = browser.driver.findElement(By.id("journey-id"));
        id.clear();
        id.sendKeys(d.id());
        browser.driver.findElement(By.cssSelector("#journey-form button[type=submit]")).click();
        browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("journey-result")));
        browser.waiting().until(x -> x.findElements(By.cssSelector("#journey-timeline li")).size()
                == journey.events().size());
        assertThat(browser.text("#journey-masked")).isEqualTo(journey.masked());
        browser.shot("generated-month-journey.png");
        browser.noConsoleErrors();
    }
}
