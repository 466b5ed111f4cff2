package io.waitless.web;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.waitless.report.Dimension;
import io.waitless.report.FunnelCsv;
import io.waitless.report.FunnelQuery;
import io.waitless.report.FunnelStep;
import io.waitless.report.ReportJson;
import io.waitless.testing.InMemoryAnalytics;
import io.waitless.testing.TestConfigs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard and the report API against a real server on loopback, the numbers of {@link InMemoryAnalytics}:
 * log-in, sessions, CSRF, the lock after failed log-ins, the API key, bad queries, and that API, dashboard data
 * and CSV carry exactly the numbers of the store.
 */
class DashboardIT {
    private static final String KEY = "Bearer " + TestConfigs.API_KEY;
    private static final String SESSION = "waitless-session";
    private static final String LOGIN = "waitless-login";
    private static final LocalDate TODAY = InMemoryAnalytics.TODAY;

    @TempDir
    static Path dir;
    private static DashboardHarness h;
    private static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        h = DashboardHarness.start(dir);
    }

    @AfterAll
    static void stop() {
        h.close();
        http.close();
    }

    // ---- HTTP helpers ------------------------------------------------------------------------------------------

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(h.base() + path)).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, Map<String, String> form, String... headers) throws Exception {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(h.base() + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The full Set-Cookie line for {@code name}, or "" when none. */
    private static String setCookie(HttpResponse<?> r, String name) {
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst().orElse("");
    }

    private static String cookieValue(HttpResponse<?> r, String name) {
        String line = setCookie(r, name);
        return line.isEmpty() ? "" : line.substring(name.length() + 1, line.indexOf(';'));
    }

    private static String formToken(String html) {
        Matcher m = Pattern.compile("name=csrf value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("a csrf field in %s", html).isTrue();
        return m.group(1);
    }

    private record LoginForm(String cookie, String token) {}

    private static LoginForm loginForm() throws Exception {
        HttpResponse<String> page = get("/dashboard/login");
        assertThat(page.statusCode()).isEqualTo(200);
        return new LoginForm(cookieValue(page, LOGIN), formToken(page.body()));
    }

    private static HttpResponse<String> logIn(String user, String password, String... headers) throws Exception {
        LoginForm f = loginForm();
        String[] all = new String[headers.length + 2];
        all[0] = "Cookie";
        all[1] = LOGIN + "=" + f.cookie();
        System.arraycopy(headers, 0, all, 2, headers.length);
        return post("/dashboard/login", Map.of("csrf", f.token(), "user", user, "password", password), all);
    }

    /** A fresh session cookie of {@link DashboardHarness#USER}. */
    private static String session() throws Exception {
        HttpResponse<String> r = logIn(DashboardHarness.USER, DashboardHarness.PASSWORD);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        return cookieValue(r, SESSION);
    }

    private static String[] withSession(String session) {
        return new String[] {"Cookie", SESSION + "=" + session};
    }

    // ---- log-in and session ------------------------------------------------------------------------------------

    @Test
    void without_a_session_pages_go_to_the_login_and_data_answers_401() throws Exception {
        HttpResponse<String> page = get("/dashboard");
        HttpResponse<String> data = get("/dashboard/data/funnel");
        HttpResponse<String> csv = get("/dashboard/funnel.csv");

        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).hasValue("/dashboard/login");
        assertThat(csv.statusCode()).isEqualTo(303);
        assertThat(data.statusCode()).isEqualTo(401);
        assertThat(data.body()).contains("\"error\":\"login\"").doesNotContain("calls");
    }

    @Test
    void the_login_page_sets_a_strict_http_only_form_cookie_and_strict_security_headers() throws Exception {
        HttpResponse<String> page = get("/dashboard/login");

        assertThat(setCookie(page, LOGIN)).contains("; Path=/", "; HttpOnly", "; SameSite=Strict", "; Max-Age=1800")
                .doesNotContain("Secure");
        assertThat(formToken(page.body())).isEqualTo(cookieValue(page, LOGIN));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .startsWith("default-src 'self'").contains("script-src 'self'").doesNotContain("unsafe-inline")
                .doesNotContain("http"));
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.body()).doesNotContainPattern("<script(?![^>]*\\ssrc=)").doesNotContain("style=");
    }

    @Test
    void logging_in_sets_a_signed_session_cookie_and_the_shell_paints_without_data() throws Exception {
        HttpResponse<String> r = logIn(DashboardHarness.USER, DashboardHarness.PASSWORD);

        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("/dashboard");
        assertThat(setCookie(r, SESSION)).contains("; Path=/", "; HttpOnly", "; SameSite=Strict", "; Max-Age=28800");
        assertThat(setCookie(r, LOGIN)).contains("Max-Age=0");
        HttpResponse<String> shell = get("/dashboard", withSession(cookieValue(r, SESSION)));
        assertThat(shell.statusCode()).isEqualTo(200);
        assertThat(shell.headers().firstValue("Content-Security-Policy")).isPresent();
        assertThat(shell.body()).contains("id=funnel-chart", "id=trend-chart", "id=ab-table", "No surveys yet",
                "/dashboard/assets/chart.umd.js", "/dashboard/assets/dashboard.js", "<option value=\"support\">",
                "id=logout-form", DashboardHarness.USER).doesNotContainPattern("<script(?![^>]*\\ssrc=)")
                .doesNotContain("style=");
        assertThat(shell.body()).as("the shell holds no numbers")
                .doesNotContain(Long.toString(h.analytics.funnel(defaultQuery(List.of())).total().get(FunnelStep.CALLS)));
    }

    @Test
    void a_tampered_or_unknown_session_cookie_goes_back_to_the_login() throws Exception {
        String good = session();
        String tampered = good.substring(0, good.length() - 3) + (good.endsWith("AAA") ? "BBB" : "AAA");

        assertThat(get("/dashboard", withSession(tampered)).statusCode()).isEqualTo(303);
        assertThat(get("/dashboard/data/live", withSession(tampered)).statusCode()).isEqualTo(401);
        assertThat(get("/dashboard", withSession("v1.YW5h.99999999999.x.y")).statusCode()).isEqualTo(303);
        assertThat(get("/dashboard", withSession(good)).statusCode()).isEqualTo(200);
    }

    @Test
    void a_login_body_jetty_cannot_read_is_a_400_not_a_server_error() throws Exception {
        // found by WebFuzzIT: a multipart form without its boundary made the form lookup throw, answered 500
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(h.base() + "/dashboard/login"))
                .timeout(Duration.ofSeconds(5)).header("Content-Type", "multipart/form-data; boundary=")
                .POST(HttpRequest.BodyPublishers.ofString("user=ana&password=x")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("malformed request\n");
    }

    @Test
    void a_login_without_the_form_token_or_from_another_origin_is_refused_403() throws Exception {
        LoginForm f = loginForm();
        Map<String, String> noToken = Map.of("user", DashboardHarness.USER, "password", DashboardHarness.PASSWORD);
        Map<String, String> withToken = Map.of("csrf", f.token(), "user", DashboardHarness.USER,
                "password", DashboardHarness.PASSWORD);

        assertThat(post("/dashboard/login", noToken, "Cookie", LOGIN + "=" + f.cookie()).statusCode()).isEqualTo(403);
        assertThat(post("/dashboard/login", withToken).statusCode()).as("token without its cookie").isEqualTo(403);
        assertThat(post("/dashboard/login", withToken, "Cookie", LOGIN + "=" + loginForm().cookie()).statusCode())
                .as("another form's cookie").isEqualTo(403);
        HttpResponse<String> foreign = post("/dashboard/login", withToken, "Cookie", LOGIN + "=" + f.cookie(),
                "Origin", "https://evil.example");
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(setCookie(foreign, SESSION)).isEmpty();
        HttpResponse<String> ours = post("/dashboard/login", withToken, "Cookie", LOGIN + "=" + f.cookie(),
                "Origin", h.base());
        assertThat(ours.statusCode()).isEqualTo(303);
        assertThat(cookieValue(ours, SESSION)).isNotEmpty();
    }

    @Test
    void a_wrong_password_is_401_and_five_in_a_row_lock_that_user_only() throws Exception {
        HttpResponse<String> wrong = logIn(DashboardHarness.OTHER, "not-the-password");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("Wrong user name or password.");
        assertThat(setCookie(wrong, SESSION)).isEmpty();
        assertThat(logIn("nobody", "whatever").statusCode()).isEqualTo(401);

        for (int i = 1; i < LoginThrottle.MAX_FAILURES; i++) {
            logIn(DashboardHarness.OTHER, "guess-" + i);
        }
        HttpResponse<String> locked = logIn(DashboardHarness.OTHER, DashboardHarness.OTHER_PASSWORD);

        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.body()).contains("Too many failed log-ins for this user");
        assertThat(locked.headers().firstValue("Retry-After")).isPresent();
        assertThat(setCookie(locked, SESSION)).isEmpty();
        assertThat(logIn(DashboardHarness.USER, DashboardHarness.PASSWORD).statusCode()).isEqualTo(303);
    }

    @Test
    void logout_needs_the_session_form_token_and_ends_the_session() throws Exception {
        String session = session();
        String token = formToken(get("/dashboard", withSession(session)).body());

        HttpResponse<String> forged = post("/dashboard/logout", Map.of(), withSession(session));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(post("/dashboard/logout", Map.of("csrf", token), "Cookie", SESSION + "=" + session,
                "Origin", "https://evil.example").statusCode()).isEqualTo(403);
        assertThat(get("/dashboard", withSession(session)).statusCode()).as("still logged in").isEqualTo(200);

        HttpResponse<String> out = post("/dashboard/logout", Map.of("csrf", token), withSession(session));

        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.headers().firstValue("Location")).hasValue("/dashboard/login");
        assertThat(setCookie(out, SESSION)).contains("Max-Age=0");
        assertThat(get("/dashboard", withSession(session)).statusCode()).isEqualTo(303);
    }

    @Test
    void with_secure_cookies_the_session_cookie_is_host_prefixed_and_secure() throws Exception {
        try (DashboardHarness secure = new DashboardHarness(dir, true, true, true)) {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(secure.base() + "/dashboard/login"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            String line = setCookie(page, "__Host-" + LOGIN);
            assertThat(line).contains("; Secure", "; HttpOnly", "; SameSite=Strict", "; Path=/").doesNotContain("Domain");
        }
    }

    // ---- numbers -----------------------------------------------------------------------------------------------

    private static FunnelQuery defaultQuery(List<Dimension> by) {
        return new FunnelQuery(TODAY.minusDays(6), TODAY, by, Map.of());
    }

    @Test
    void api_and_dashboard_data_answer_the_same_bytes_as_report_json() throws Exception {
        String session = session();
        FunnelQuery q = new FunnelQuery(TODAY.minusDays(9), TODAY.minusDays(2), List.of(Dimension.DAY, Dimension.QUEUE),
                Map.of(Dimension.VARIANT, "b"));
        String expected = ReportJson.funnel(h.analytics.funnel(q));
        String params = "?from=" + q.from() + "&to=" + q.to() + "&by=day,queue&variant=b";

        HttpResponse<String> api = get("/api/funnel" + params, "Authorization", KEY);
        HttpResponse<String> data = get("/dashboard/data/funnel" + params, withSession(session));

        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.body()).isEqualTo(expected);
        assertThat(data.body()).isEqualTo(expected);
        assertThat(api.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(data.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(get("/api/funnel", "Authorization", KEY).body())
                .isEqualTo(ReportJson.funnel(h.analytics.funnel(defaultQuery(List.of()))));
        String experiments = ReportJson.experiments(h.analytics.experiments(TODAY.minusDays(6), TODAY),
                TODAY.minusDays(6), TODAY);
        assertThat(get("/api/experiments", "Authorization", KEY).body()).isEqualTo(experiments).contains("wording");
        assertThat(get("/dashboard/data/experiments", withSession(session)).body()).isEqualTo(experiments);
        assertThat(get("/api/live", "Authorization", KEY).body()).isEqualTo(ReportJson.live(InMemoryAnalytics.LIVE));
        assertThat(get("/dashboard/data/live", withSession(session)).body()).isEqualTo(ReportJson.live(InMemoryAnalytics.LIVE));
    }

    @Test
    void the_api_wants_a_valid_key() throws Exception {
        HttpResponse<String> none = get("/api/funnel");
        HttpResponse<String> wrong = get("/api/live", "Authorization", "Bearer not-the-key-0123456789abcdef");
        HttpResponse<String> session = get("/api/live", withSession(session()));

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).contains("A valid API key is required.");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(session.statusCode()).as("a dashboard session is no API key").isEqualTo(401);
        assertThat(get("/api/journeys/" + InMemoryAnalytics.DEFLECTION).statusCode()).isEqualTo(401);
    }

    @Test
    void bad_queries_are_400_with_what_is_wrong() throws Exception {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("/api/funnel?from=2026-02-30", "from: \\\"2026-02-30\\\" is not a date (YYYY-MM-DD)");
        cases.put("/api/funnel?from=2026-12-02&to=2026-12-01", "to 2026-12-01 is before from 2026-12-02");
        cases.put("/api/funnel?by=day,hour", "by: \\\"hour\\\" is not one of day, week, month");
        cases.put("/api/funnel?from=2024-01-01&to=2026-01-01", "is 732 days; at most 400 are read at once");
        cases.put("/api/experiments?to=soon", "to: \\\"soon\\\" is not a date");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> r = get(c.getKey(), "Authorization", KEY);
            assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            assertThat(r.body()).as(c.getKey()).contains("\"error\":\"bad-request\"").contains(c.getValue());
        }
        assertThat(get("/dashboard/data/funnel?by=hour", withSession(session())).statusCode()).isEqualTo(400);
    }

    @Test
    void a_journey_is_found_by_number_reference_or_deflection_masked_and_never_logged_in_full() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger("io.waitless.web");
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try {
            String expected = ReportJson.journey(h.analytics.journey(InMemoryAnalytics.NUMBER).orElseThrow());
            HttpResponse<String> byNumber = get("/api/journeys/" + URLEncoder.encode(InMemoryAnalytics.NUMBER,
                    StandardCharsets.UTF_8), "Authorization", KEY);
            HttpResponse<String> byRef = get("/api/journeys/" + InMemoryAnalytics.CALLER_REF, "Authorization", KEY);
            HttpResponse<String> byDeflection = get("/dashboard/data/journey?id=" + InMemoryAnalytics.DEFLECTION,
                    withSession(session()));
            HttpResponse<String> unknown = get("/api/journeys/%2B972509999999", "Authorization", KEY);

            assertThat(byNumber.statusCode()).isEqualTo(200);
            assertThat(byNumber.body()).isEqualTo(expected).contains(InMemoryAnalytics.MASKED)
                    .doesNotContain("501234567");
            assertThat(byRef.body()).isEqualTo(expected);
            assertThat(byDeflection.body()).isEqualTo(expected);
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).contains("\"error\":\"unknown-journey\"");
            assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(m -> assertThat(m).startsWith("journey looked up:"))
                    .noneSatisfy(m -> assertThat(m).contains("501234567"))
                    .noneSatisfy(m -> assertThat(m).contains("509999999"));
        } finally {
            logger.detachAppender(logs);
        }
    }

    @Test
    void the_csv_download_carries_the_funnel_numbers() throws Exception {
        FunnelQuery q = new FunnelQuery(TODAY.minusDays(6), TODAY, List.of(Dimension.DAY), Map.of(Dimension.QUEUE, "support"));
        HttpResponse<String> csv = get("/dashboard/funnel.csv?by=day&queue=support", withSession(session()));

        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(csv.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"waitless-funnel-2026-11-27-to-2026-12-03.csv\"");
        assertThat(csv.body()).isEqualTo(FunnelCsv.csv(h.analytics.funnel(q)));
        List<String> lines = csv.body().lines().toList();
        List<String> header = List.of(lines.getFirst().split(","));
        int calls = header.indexOf("calls");
        int completed = header.indexOf("completed");
        assertThat(lines).hasSize(8);
        long sumCalls = lines.stream().skip(1).mapToLong(l -> Long.parseLong(l.split(",")[calls])).sum();
        long sumCompleted = lines.stream().skip(1).mapToLong(l -> Long.parseLong(l.split(",")[completed])).sum();
        assertThat(sumCalls).isEqualTo(h.analytics.funnel(q).total().get(FunnelStep.CALLS)).isPositive();
        assertThat(sumCompleted).isEqualTo(h.analytics.funnel(q).total().get(FunnelStep.COMPLETED)).isPositive();
    }

    @Test
    void static_files_come_from_the_jar_and_nothing_else_is_served() throws Exception {
        HttpResponse<String> chart = get("/dashboard/assets/chart.umd.js");
        HttpResponse<String> js = get("/dashboard/assets/dashboard.js");

        assertThat(chart.statusCode()).isEqualTo(200);
        assertThat(chart.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
        assertThat(chart.body()).contains("Chart.js v4.4.1");
        assertThat(js.body()).contains("/dashboard/data/funnel");
        assertThat(get("/dashboard/assets/..%2F..%2Fwaitless.yaml").statusCode()).isEqualTo(404);
        assertThat(get("/dashboard/assets/nothing.js").statusCode()).isEqualTo(404);
    }

    @Test
    void without_analytics_or_without_users_the_dashboard_is_404() throws Exception {
        try (DashboardHarness noNumbers = new DashboardHarness(dir, false, true, false);
             DashboardHarness noUsers = new DashboardHarness(dir, true, false, false)) {
            for (DashboardHarness x : List.of(noNumbers, noUsers)) {
                assertThat(http.send(HttpRequest.newBuilder(URI.create(x.base() + "/dashboard/login")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
            }
            assertThat(http.send(HttpRequest.newBuilder(URI.create(noNumbers.base() + "/api/funnel"))
                    .header("Authorization", KEY).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(noUsers.base() + "/api/funnel"))
                    .header("Authorization", KEY).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }
}
