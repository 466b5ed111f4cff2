package io.waitless.web;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.waitless.App;
import io.waitless.config.WaitlessConfig;
import io.waitless.journal.RedisConnector;
import io.waitless.journal.RedisJournal;
import io.waitless.link.LinkTokens;
import io.waitless.link.RedisLinkStore;
import io.waitless.link.RedisTokenLedger;
import io.waitless.phone.PhoneNumberPolicy;
import io.waitless.testing.InMemoryOptOuts;
import io.waitless.testing.RedisServer;
import io.waitless.testing.TestConfigs;
import redis.clients.jedis.UnifiedJedis;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A real {@link WebServer} on a free loopback port with real Redis behind links, journal, token ledger and
 * replay guard (and, {@link #startWithAnalysts(Path) if asked}, the analysts' numbers), the test config of
 * {@link TestConfigs}, and an in-memory opt-out store.
 */
final class WebHarness implements AutoCloseable {
    static final String PREFIX = "wl-web:";
    static final Duration TIMEOUT = Duration.ofMillis(300);

    final RedisServer redis;
    final UnifiedJedis client;
    final WaitlessConfig cfg;
    final RedisLinkStore links;
    final RedisJournal journal;
    final LinkTokens tokens;
    final InMemoryOptOuts optOuts = new InMemoryOptOuts();
    final PhoneNumberPolicy phones;
    final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** Channels the test sets down. */
    final java.util.Set<String> down = java.util.concurrent.ConcurrentHashMap.newKeySet();
    final WebServer web;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private WebHarness(RedisServer redis, Path dir, boolean analysts) {
        this.redis = redis;
        WaitlessConfig base = TestConfigs.config(dir, redis.uri());
        this.cfg = analysts ? DashboardHarness.withDashboard(base, new WaitlessConfig.Dashboard(List.of(
                new WaitlessConfig.Dashboard.User(DashboardHarness.USER, DashboardHarness.hash(DashboardHarness.PASSWORD))),
                DashboardHarness.SESSION_SECRET, Duration.ofHours(8), false)) : base;
        this.client = RedisConnector.connect(new WaitlessConfig.Redis(redis.uri(), "", PREFIX, TIMEOUT));
        this.links = new RedisLinkStore(client, PREFIX);
        this.journal = new RedisJournal(client, PREFIX, 10_000, metrics);
        WaitlessConfig.Signing s = cfg.links().signing();
        this.tokens = new LinkTokens(s.keys(), s.issuer(), s.tokenTtl(), Clock.systemUTC());
        this.phones = new PhoneNumberPolicy(cfg.callers());
        WebServer.Parts parts = new WebServer.Parts(links, journal, tokens,
                new RedisTokenLedger(client, PREFIX, Clock.systemUTC()), new RedisReplayGuard(client, PREFIX),
                optOuts, phones, c -> !down.contains(c));
        WaitlessConfig analystsCfg = cfg;
        this.web = new WebServer(cfg, analysts ? parts.withAnalytics(App.analytics(() -> analystsCfg, client,
                Clock.systemUTC())) : parts, metrics, Clock.systemUTC()).start();
    }

    static WebHarness start(Path dir) throws IOException, InterruptedException {
        return new WebHarness(RedisServer.start(), dir, false);
    }

    /**
     * Also the analysts' side, from the same Redis: the report API and the dashboard with user
     * {@link DashboardHarness#USER} (no follow-ups).
     */
    static WebHarness startWithAnalysts(Path dir) throws IOException, InterruptedException {
        return new WebHarness(RedisServer.start(), dir, true);
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + web.port() + pathAndQuery);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(3)).build());
    }

    HttpResponse<String> post(String path, String contentType, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(3))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.build());
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws Exception {
        http.close();
        web.close();
        journal.close();
        client.close();
        redis.close();
    }
}
