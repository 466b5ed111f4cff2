package io.waitless.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import io.waitless.config.WaitlessConfig;
import io.waitless.deflect.QueueSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The analysts' dashboard at {@code /dashboard}: a login form, a page shell that paints at once, its static
 * files (served from the jar, Chart.js from its WebJar, no CDN), the data requests under
 * {@code /dashboard/data/} (exactly the JSON API's answers, see {@link ReportEndpoints}) and the CSV download.
 *
 * <p>Security: a signed session cookie ({@link SessionCookies}; HttpOnly, SameSite=Strict, Secure per config,
 * {@code __Host-} prefixed when Secure) checked on every page and data request; login and logout are POSTs that
 * carry a CSRF token and, when the browser sends one, a same-origin {@code Origin}; failed logins lock a user
 * for a while ({@link LoginThrottle}); every answer has a Content-Security-Policy without inline scripts or
 * remote origins, {@code nosniff}, a same-origin referrer policy (nothing leaks to other sites), and pages and data are never cached. Thread-safe.
 */
final class Dashboard {
    private static final Logger log = LoggerFactory.getLogger(Dashboard.class);
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
    /** Chart.js as its WebJar ships it (the version is the one in the pom). */
    static final String CHART_JS = "/META-INF/resources/webjars/chart.js/4.4.1/dist/chart.umd.js";
    private static final String BASE = DashboardPages.BASE;
    private static final String LOGIN = BASE + "/login";

    private record Asset(byte[] bytes, String type) {}

    private final Supplier<WaitlessConfig> live;
    private final SessionCookies sessions;
    private final Passwords passwords;
    private final LoginThrottle throttle;
    private final ReportEndpoints reports;
    private final Optional<FollowUpEndpoints> followUps;
    private final boolean secure;
    private final String sessionCookie;
    private final String loginCookie;
    private final Map<String, Asset> assets;

    /**
     * @param live the config in force (company name and queues are read from it at each page)
     * @throws IllegalStateException when a static file is missing from the jar
     */
    Dashboard(Supplier<WaitlessConfig> live, WaitlessConfig.Dashboard cfg, ReportEndpoints reports, Clock clock) {
        this(live, cfg, reports, Optional.empty(), clock);
    }

    /** @param followUps survey scores and open alerts ({@code /dashboard/data/surveys}, {@code .../alerts}), if on */
    Dashboard(Supplier<WaitlessConfig> live, WaitlessConfig.Dashboard cfg, ReportEndpoints reports,
              Optional<FollowUpEndpoints> followUps, Clock clock) {
        this.followUps = followUps;
        this.live = live;
        this.sessions = new SessionCookies(cfg.sessionSecret(), cfg.sessionTtl(), clock);
        this.passwords = new Passwords(cfg.users());
        this.throttle = new LoginThrottle(clock);
        this.reports = reports;
        this.secure = cfg.secureCookie();
        // __Host- cookies are only accepted with Secure, Path=/ and no Domain: no subdomain can plant one
        this.sessionCookie = (secure ? "__Host-" : "") + "waitless-session";
        this.loginCookie = (secure ? "__Host-" : "") + "waitless-login";
        this.assets = Map.of(
                "chart.umd.js", asset(CHART_JS, "text/javascript; charset=utf-8"),
                "dashboard.js", asset("dashboard/dashboard.js", "text/javascript; charset=utf-8"),
                "dashboard.css", asset("dashboard/dashboard.css", "text/css; charset=utf-8"),
                "favicon.svg", asset("dashboard/favicon.svg", "image/svg+xml"));
    }

    private static Asset asset(String resource, String type) {
        try (InputStream in = Dashboard.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's " + resource + " is missing from the jar");
            }
            return new Asset(in.readAllBytes(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the dashboard's " + resource, e);
        }
    }

    void register(RoutesConfig routes) {
        routes.get(BASE, this::page);
        routes.get(BASE + "/", this::page);
        routes.get(LOGIN, this::loginPage);
        routes.post(LOGIN, this::login);
        routes.post(BASE + "/logout", this::logout);
        routes.get(BASE + "/assets/{name}", this::asset);
        routes.get(BASE + "/funnel.csv", ctx -> withSession(ctx, s -> reports.funnelCsv(ctx)));
        routes.get(BASE + "/data/funnel", data(reports::funnel));
        routes.get(BASE + "/data/experiments", data(reports::experiments));
        routes.get(BASE + "/data/live", data(reports::live));
        routes.get(BASE + "/data/journey", data(ctx -> reports.journey(ctx, ctx.queryParam("id"))));
        followUps.ifPresent(f -> {
            routes.get(BASE + "/data/surveys", data(f::surveys));
            routes.get(BASE + "/data/alerts", data(f::alerts));
        });
    }

    private void page(Context ctx) {
        withSession(ctx, s -> html(ctx, 200, DashboardPages.shell(live.get().company().name(), s.user(),
                live.get().queues().stream().map(QueueSettings::name).toList(), sessions.csrf(s),
                followUps.isPresent())));
    }

    private void loginPage(Context ctx) {
        if (session(ctx).isPresent()) {
            ctx.redirect(BASE, HttpStatus.SEE_OTHER);
            return;
        }
        loginForm(ctx, 200, "");
    }

    /** The login form with a fresh pre-login token, set as a cookie too. */
    private void loginForm(Context ctx, int status, String message) {
        String token = sessions.preLogin();
        setCookie(ctx, loginCookie, token, SessionCookies.LOGIN_FORM_TTL);
        html(ctx, status, DashboardPages.login(live.get().company().name(), message, token));
    }

    private void login(Context ctx) {
        if (!sameOrigin(ctx) || !sessions.preLoginMatches(ctx.cookie(loginCookie), ctx.formParam("csrf"))) {
            log.warn("dashboard: log-in refused from {}: {}", ctx.ip(), sameOrigin(ctx) ? "no valid form token"
                    : "sent from another origin");
            loginForm(ctx, 403, "The log-in form expired or was not sent from this page; please try again.");
            return;
        }
        String user = ctx.formParam("user") == null ? "" : ctx.formParam("user").strip();
        boolean known = passwords.known(user);
        Duration wait = known ? throttle.locked(user) : Duration.ZERO;
        if (!wait.isZero()) {
            log.warn("dashboard: log-in of {} from {} refused, locked after failed attempts", user, ctx.ip());
            ctx.header("Retry-After", Long.toString(Math.max(1, wait.toSeconds())));
            loginForm(ctx, 429, "Too many failed log-ins for this user; try again in " + Math.max(1, wait.toSeconds())
                    + " seconds.");
            return;
        }
        if (!passwords.check(user, ctx.formParam("password"))) {
            if (known) {
                throttle.failed(user);
            }
            // a name nobody has may be a password typed in the wrong field: it is not logged
            log.warn("dashboard: failed log-in for {} from {}", known ? user : "an unknown user", ctx.ip());
            loginForm(ctx, 401, "Wrong user name or password.");
            return;
        }
        throttle.succeeded(user);
        log.info("dashboard: {} logged in from {}", user, ctx.ip());
        setCookie(ctx, loginCookie, "", Duration.ZERO);
        setCookie(ctx, sessionCookie, sessions.issue(user), sessions.ttl());
        secure(ctx);
        ctx.redirect(BASE, HttpStatus.SEE_OTHER);
    }

    private void logout(Context ctx) {
        secure(ctx);
        Optional<SessionCookies.Session> s = session(ctx);
        if (s.isEmpty()) {
            ctx.redirect(LOGIN, HttpStatus.SEE_OTHER);
            return;
        }
        if (!sameOrigin(ctx) || !sessions.csrfMatches(s.get(), ctx.formParam("csrf"))) {
            log.warn("dashboard: log-out of {} refused from {}: {}", s.get().user(), ctx.ip(),
                    sameOrigin(ctx) ? "no valid form token" : "sent from another origin");
            ctx.status(403).contentType("text/plain; charset=utf-8").result("forbidden: the form token is missing"
                    + " or wrong\n");
            return;
        }
        sessions.revoke(s.get());
        setCookie(ctx, sessionCookie, "", Duration.ZERO);
        log.info("dashboard: {} logged out", s.get().user());
        ctx.redirect(LOGIN, HttpStatus.SEE_OTHER);
    }

    private void asset(Context ctx) {
        Asset a = assets.get(ctx.pathParam("name"));
        ctx.header("X-Content-Type-Options", "nosniff");
        if (a == null) {
            ctx.status(404).result("not found\n");
            return;
        }
        ctx.header("Cache-Control", "private, max-age=300");
        ctx.contentType(a.type()).result(a.bytes());
    }

    /** Runs {@code then} for a logged-in user; anyone else is sent to the login form. */
    private void withSession(Context ctx, Consumer<SessionCookies.Session> then) {
        secure(ctx);
        Optional<SessionCookies.Session> s = session(ctx);
        if (s.isEmpty()) {
            ctx.redirect(LOGIN, HttpStatus.SEE_OTHER);
            return;
        }
        then.accept(s.get());
    }

    /** A data request: answered for a logged-in user; 401 (the page then goes to the login form) otherwise. */
    private Handler data(Consumer<Context> then) {
        return ctx -> {
            secure(ctx);
            if (session(ctx).isEmpty()) {
                JsonReplies.send(ctx, 401, Map.of("error", "login", "message", "Your session has ended; log in again.",
                        "login", LOGIN));
                return;
            }
            then.accept(ctx);
        };
    }

    private Optional<SessionCookies.Session> session(Context ctx) {
        return sessions.check(ctx.cookie(sessionCookie));
    }

    /** True without an {@code Origin} header (older browsers, curl); else it must name this host. */
    static boolean sameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null) {
            return true;
        }
        String host = ctx.header("Host");
        try {
            URI o = new URI(origin);
            return host != null && o.getHost() != null
                    && (o.getHost() + (o.getPort() < 0 ? "" : ":" + o.getPort())).equalsIgnoreCase(host.strip());
        } catch (java.net.URISyntaxException e) {
            return false; // "null" or garbage: not our page
        }
    }

    private void setCookie(Context ctx, String name, String value, Duration maxAge) {
        ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=/; Max-Age=" + maxAge.toSeconds()
                + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : ""));
    }

    private static void html(Context ctx, int status, String page) {
        secure(ctx);
        ctx.status(status).contentType("text/html; charset=utf-8").result(page);
    }

    static void secure(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        // same-origin, not no-referrer: with no-referrer Chromium sends "Origin: null" on our own form posts
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Cache-Control", "no-store");
    }
}
