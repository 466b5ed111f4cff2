package io.waitless.web;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.waitless.config.WaitlessConfig;
import io.waitless.link.LinkTokens;
import io.waitless.phone.PhoneNumberPolicy;
import io.waitless.report.Analytics;
import io.waitless.testing.InMemoryAnalytics;
import io.waitless.testing.InMemoryJournal;
import io.waitless.testing.InMemoryLinkStore;
import io.waitless.testing.InMemoryOptOuts;
import io.waitless.testing.InMemoryTokenLedger;
import io.waitless.testing.TestConfigs;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real {@link WebServer} on a free loopback port with the dashboard on: the test config of {@link TestConfigs},
 * users {@link #USER} and {@link #OTHER} (bcrypt cost 4, so log-ins are quick), the numbers of
 * {@link InMemoryAnalytics}, and in-memory stores behind the rest (no Redis needed).
 */
final class DashboardHarness implements AutoCloseable {
    static final String USER = "ana";
    static final String PASSWORD = "ana-password-0123";
    static final String OTHER = "ben";
    static final String OTHER_PASSWORD = "ben-password-4567";
    static final String SESSION_SECRET = "a-dashboard-session-secret-for-tests-0123";

    final Analytics analytics;
    final WaitlessConfig cfg;
    final WebServer web;

    /**
     * @param analytics    whether the server gets the numbers (without them the dashboard and report API are off)
     * @param users        whether dashboard users are configured
     * @param secureCookie the dashboard's {@code secure-cookie}
     */
    DashboardHarness(Path dir, boolean analytics, boolean users, boolean secureCookie) {
        this(TestConfigs.config(dir, URI.create("redis://127.0.0.1:1/0")), analytics ? new InMemoryAnalytics() : null,
                users, secureCookie);
    }

    /**
     * A server of {@code base} (its company, zone and API key) whose dashboard and report API show {@code numbers}.
     */
    DashboardHarness(WaitlessConfig base, Analytics numbers) {
        this(base, numbers, true, false);
    }

    private DashboardHarness(WaitlessConfig base, Analytics numbers, boolean users, boolean secureCookie) {
        this(base, numbers, users, secureCookie, null);
    }

    /** A server of {@code base} showing {@code numbers} and the survey scores and alerts of {@code followUps}. */
    DashboardHarness(WaitlessConfig base, Analytics numbers, io.waitless.followup.FollowUpNode followUps) {
        this(base, numbers, true, false, followUps);
    }

    private DashboardHarness(WaitlessConfig base, Analytics numbers, boolean users, boolean secureCookie,
                             io.waitless.followup.FollowUpNode followUps) {
        this.analytics = numbers;
        WaitlessConfig.Dashboard dashboard = new WaitlessConfig.Dashboard(users ? List.of(
                new WaitlessConfig.Dashboard.User(USER, hash(PASSWORD)),
                new WaitlessConfig.Dashboard.User(OTHER, hash(OTHER_PASSWORD))) : List.of(),
                SESSION_SECRET, Duration.ofHours(8), secureCookie);
        this.cfg = withDashboard(base, dashboard);
        WaitlessConfig.Signing s = cfg.links().signing();
        WebServer.Parts parts = new WebServer.Parts(new InMemoryLinkStore(), new InMemoryJournal(),
                new LinkTokens(s.keys(), s.issuer(), s.tokenTtl(), Clock.systemUTC()), new InMemoryTokenLedger(),
                new NoReplays(), new InMemoryOptOuts(), new PhoneNumberPolicy(cfg.callers()));
        if (numbers != null) {
            parts = parts.withAnalytics(numbers);
        }
        if (followUps != null) {
            parts = parts.withFollowUps(followUps);
        }
        this.web = new WebServer(cfg, parts,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC()).start();
    }

    /** No webhook is a replay: the dashboard tests send none. */
    private static final class NoReplays implements ReplayGuard {
        @Override
        public boolean firstSeen(String source, String id, Duration window) {
            return true;
        }

        @Override
        public void forget(String source, String id) {
        }
    }

    static DashboardHarness start(Path dir) {
        return new DashboardHarness(dir, true, true, false);
    }

    static String hash(String password) {
        return BCrypt.withDefaults().hashToString(4, password.toCharArray());
    }

    static WaitlessConfig withDashboard(WaitlessConfig c, WaitlessConfig.Dashboard d) {
        return new WaitlessConfig(c.source(), c.company(), c.agi(), c.http(), c.redis(), c.callers(), c.sms(), c.links(),
                c.prompts(), c.channels(), c.flows(), c.promotions(), c.queues(), c.budgets(), c.api(), c.hooks(),
                c.smsIn(), c.intents(), c.speech(), c.timed(), c.journal(), d);
    }

    String base() {
        return "http://127.0.0.1:" + web.port();
    }

    @Override
    public void close() {
        web.close();
    }
}
