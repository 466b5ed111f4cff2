package io.waitless.web;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.waitless.call.CallEvent;
import io.waitless.call.Deflection;
import io.waitless.call.EventType;
import io.waitless.config.WaitlessConfig;
import io.waitless.journal.RedisConnector;
import io.waitless.journal.RedisJournal;
import io.waitless.link.RedisLinkStore;
import io.waitless.link.ShortLink;
import io.waitless.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** A real {@link WebServer} on a free loopback port, with a real Redis behind its link store and journal. */
class WebServerIT {

    private static final String PREFIX = "wl-web:";
    private static final Duration TIMEOUT = Duration.ofMillis(300);
    private static final URI FLOW = URI.create("https://my.galilcable.example/pay?from=sms");
    private static final WaitlessConfig.Http HTTP = new WaitlessConfig.Http(InetAddress.getLoopbackAddress(), 0);

    private static RedisServer redis;
    private static RedisClient client;
    private static RedisLinkStore links;
    private static RedisJournal journal;
    private static PrometheusMeterRegistry metrics;
    private static WebServer web;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start();
        client = RedisConnector.connect(new WaitlessConfig.Redis(redis.uri(), "", PREFIX, TIMEOUT));
        metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        links = new RedisLinkStore(client, PREFIX);
        journal = new RedisJournal(client, PREFIX, 10_000, metrics);
        web = new WebServer(HTTP, "Galil Cable", links, journal, metrics, Clock.systemUTC()).start();
        http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(2)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        http.close();
        web.close();
        client.close();
        redis.close();
    }

    @Test
    void opening_a_link_redirects_to_the_flow_journals_it_and_advances_the_deflection_to_opened() throws Exception {
        Instant sentAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        journal.saveDeflection(new Deflection("dfl-open-1", "1795423500.7", "ref-1", "support", "pay-in-app",
                "pay-bill", Deflection.State.SENT, sentAt, sentAt));
        links.create(new ShortLink("Open0Link001", "dfl-open-1", "pay-bill", FLOW, sentAt.plus(Duration.ofDays(7))));

        HttpResponse<String> r = get("/l/Open0Link001");

        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).contains(FLOW.toString());
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(journal.deflection("dfl-open-1").orElseThrow().state()).isEqualTo(Deflection.State.OPENED);
        assertThat(journal.recent(10)).filteredOn(e -> e.type() == EventType.LINK_OPENED)
                .extracting(e -> e.attribute("deflection"), e -> e.attribute("flow"))
                .containsExactly(tuple("dfl-open-1", "pay-bill"));
    }

    @Test
    void an_unknown_code_gets_a_404_page_that_does_not_echo_the_code() throws Exception {
        HttpResponse<String> r = get("/l/Unknown0Code9");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(r.body()).contains("expired or is not valid").contains("Galil Cable")
                .doesNotContain("Unknown0Code9");
    }

    @Test
    void a_malformed_code_with_markup_gets_the_same_404_page_without_the_markup() throws Exception {
        HttpResponse<String> r = get("/l/%3Cscript%3Ealert(1)%3C%2Fscript%3E");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("expired or is not valid").doesNotContain("<script>").doesNotContain("alert(1)");
    }

    @Test
    void with_redis_down_a_link_gets_a_503_page() throws Exception {
        int nothing;
        try (ServerSocket s = new ServerSocket(0)) {
            nothing = s.getLocalPort();
        }
        URI down = URI.create("redis://127.0.0.1:" + nothing + "/0");
        PrometheusMeterRegistry downMetrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (RedisClient dead = RedisConnector.connect(new WaitlessConfig.Redis(down, "", PREFIX, TIMEOUT));
             WebServer downWeb = new WebServer(HTTP, "Galil Cable", new RedisLinkStore(dead, PREFIX),
                     new RedisJournal(dead, PREFIX, 10_000, downMetrics), downMetrics, Clock.systemUTC()).start()) {

            HttpResponse<String> r = get(downWeb.port(), "/l/Open0Link001");

            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).contains("cannot be opened right now").doesNotContain("Open0Link001");
        }
    }

    @Test
    void healthz_answers_200() throws Exception {
        HttpResponse<String> r = get("/healthz");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("ok\n");
    }

    @Test
    void metrics_are_prometheus_text_with_the_waitless_meters() throws Exception {
        journal.append(CallEvent.of(EventType.CALL_ARRIVED, Instant.now(), "1795423500.9").build());

        HttpResponse<String> r = get("/metrics");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(r.body()).contains("# TYPE waitless_redis_errors_total counter")
                .containsPattern("(?m)^waitless_events_total\\{type=\"call.arrived\"} [1-9]");
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return get(web.port(), path);
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
