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
import io.waitless.link.RedisTokenLedger;
import io.waitless.link.ShortLink;
import io.waitless.link.TokenCheck;
import io.waitless.testing.InMemoryOptOuts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;

import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** A real {@link WebServer} on a free loopback port, with a real Redis behind its link store and journal. */
class WebServerIT {

    private static final URI FLOW = URI.create("https://my.galilcable.example/pay?from=sms&lang=he#top");

    @TempDir
    static Path dir;
    private static WebHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = WebHarness.start(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
    }

    @Test
    void opening_a_link_redirects_to_the_flow_with_a_fresh_token_journals_it_and_advances_the_deflection() throws Exception {
        Instant sentAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        h.journal.saveDeflection(new Deflection("dfl-open-1", "1795423500.7", "ref-1", "support", "pay-in-app",
                "pay-bill", Deflection.State.SENT, sentAt, sentAt));
        h.links.create(new ShortLink("Open0Link001", "dfl-open-1", "pay-bill", FLOW, sentAt.plus(Duration.ofDays(7))));

        HttpResponse<String> r = h.get("/l/Open0Link001");

        assertThat(r.statusCode()).isEqualTo(302);
        String location = r.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("https://my.galilcable.example/pay?from=sms&lang=he&wl_token=").endsWith("#top");
        String token = URLDecoder.decode(location.replaceAll(".*wl_token=([^#&]*).*", "$1"), StandardCharsets.UTF_8);
        assertThat(h.tokens.verify(token)).isInstanceOfSatisfying(TokenCheck.Valid.class, v -> {
            assertThat(v.claims().deflection()).isEqualTo("dfl-open-1");
            assertThat(v.claims().caller()).isEqualTo("ref-1");
            assertThat(v.claims().flow()).isEqualTo("pay-bill");
            assertThat(v.claims().intent()).isEqualTo("pay-bill");
        });
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(h.journal.deflection("dfl-open-1").orElseThrow().state()).isEqualTo(Deflection.State.OPENED);
        assertThat(h.journal.recent(50)).filteredOn(e -> e.type() == EventType.LINK_OPENED)
                .extracting(e -> e.attribute("deflection"), e -> e.attribute("flow"))
                .contains(tuple("dfl-open-1", "pay-bill"));
    }

    @Test
    void an_opened_link_is_journaled_with_the_call_and_the_deflections_queue_promotion_variant_and_intent()
            throws Exception {
        Instant sentAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        h.journal.saveDeflection(new Deflection("dfl-tags-1", "1795423500.9", "ref-3", "support", "pay-now-b",
                "pay-bill", Deflection.State.SENT, sentAt, sentAt, java.util.Map.of("experiment", "pay-now",
                "variant", "b", "intent", "billing", "language", "en")));
        h.links.create(new ShortLink("Tags0Link001", "dfl-tags-1", "pay-bill", FLOW, sentAt.plus(Duration.ofDays(7))));

        HttpResponse<String> r = h.get("/l/Tags0Link001");

        assertThat(r.statusCode()).isEqualTo(302);
        String location = r.headers().firstValue("Location").orElseThrow();
        String token = URLDecoder.decode(location.replaceAll(".*wl_token=([^#&]*).*", "$1"), StandardCharsets.UTF_8);
        assertThat(h.tokens.verify(token)).isInstanceOfSatisfying(TokenCheck.Valid.class,
                v -> assertThat(v.claims().intent()).as("the spoken intent, not the flow").isEqualTo("billing"));
        assertThat(h.journal.recent(50)).filteredOn(e -> e.type() == EventType.LINK_OPENED
                && e.attribute("deflection").equals("dfl-tags-1")).singleElement().satisfies(e -> {
                    assertThat(e.callId()).isEqualTo("1795423500.9");
                    assertThat(e.attributes()).containsEntry("queue", "support").containsEntry("promotion", "pay-now-b")
                            .containsEntry("experiment", "pay-now").containsEntry("variant", "b")
                            .containsEntry("intent", "billing").containsEntry("language", "en");
                });
    }

    @Test
    void a_link_to_a_flow_whose_channel_is_down_gets_a_503_page_and_works_again_once_it_is_up() throws Exception {
        Instant sentAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        h.journal.saveDeflection(new Deflection("dfl-down-1", "1795423500.8", "ref-2", "support", "pay-in-app",
                "pay-bill", Deflection.State.SENT, sentAt, sentAt));
        h.links.create(new ShortLink("Down0Link001", "dfl-down-1", "pay-bill", FLOW, sentAt.plus(Duration.ofDays(7))));
        h.down.add("app");

        HttpResponse<String> r = h.get("/l/Down0Link001");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).contains("300");
        assertThat(r.body()).contains("Pay your bill is not available online right now").contains("try this link again");
        assertThat(h.journal.deflection("dfl-down-1").orElseThrow().state()).isEqualTo(Deflection.State.SENT);
        assertThat(h.journal.recent(50)).filteredOn(e -> e.type() == EventType.LINK_REFUSED)
                .extracting(e -> e.attribute("reason"), e -> e.attribute("channel"))
                .contains(tuple("channel-down", "app"));

        h.down.clear();
        assertThat(h.get("/l/Down0Link001").statusCode()).isEqualTo(302);
    }

    @Test
    void each_open_of_the_same_link_mints_a_different_token_so_a_link_scanner_does_not_use_it_up() throws Exception {
        Instant now = Instant.now();
        h.links.create(new ShortLink("Scan0Link001", "dfl-scan-1", "pay-bill", URI.create("https://my.galilcable.example/pay"),
                now.plus(Duration.ofDays(1))));

        String first = h.get("/l/Scan0Link001").headers().firstValue("Location").orElseThrow();
        String second = h.get("/l/Scan0Link001").headers().firstValue("Location").orElseThrow();

        assertThat(first).startsWith("https://my.galilcable.example/pay?wl_token=");
        assertThat(second).startsWith("https://my.galilcable.example/pay?wl_token=").isNotEqualTo(first);
    }

    @Test
    void an_unknown_code_gets_a_404_page_with_the_company_site_that_does_not_echo_the_code_and_logs_link_refused() throws Exception {
        HttpResponse<String> r = h.get("/l/Unknown0Code9");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(r.body()).contains("expired or is not valid").contains("Galil Cable")
                .contains("href=\"https://www.galilcable.example\"").doesNotContain("Unknown0Code9");
        assertThat(h.journal.recent(50)).filteredOn(e -> e.type() == EventType.LINK_REFUSED)
                .extracting(e -> e.attribute("code")).contains("Unknown0Code9");
    }

    @Test
    void a_malformed_code_with_markup_gets_the_same_404_page_without_the_markup() throws Exception {
        HttpResponse<String> r = h.get("/l/%3Cscript%3Ealert(1)%3C%2Fscript%3E");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("expired or is not valid").doesNotContain("<script>").doesNotContain("alert(1)");
    }

    @Test
    void the_link_problem_page_explains_each_reason_and_offers_the_flow_without_a_token() throws Exception {
        HttpResponse<String> expired = h.get("/link-problem?reason=expired&flow=pay-bill");
        HttpResponse<String> reused = h.get("/link-problem?reason=reused&flow=check-outage");
        HttpResponse<String> invalid = h.get("/link-problem?reason=invalid&flow=%3Cb%3E");

        assertThat(expired.statusCode()).isEqualTo(200);
        assertThat(expired.body()).contains("This link has expired").contains("href=\"https://my.galilcable.example/pay\"")
                .contains("Continue to pay your bill").doesNotContain("wl_token");
        assertThat(reused.body()).contains("already used").contains("href=\"https://galilcable.example/outages\"");
        assertThat(invalid.body()).contains("not valid").contains("href=\"https://www.galilcable.example\"")
                .doesNotContain("<b>");
    }

    @Test
    void with_redis_down_a_link_gets_a_503_page() throws Exception {
        int nothing;
        try (ServerSocket s = new ServerSocket(0)) {
            nothing = s.getLocalPort();
        }
        URI down = URI.create("redis://127.0.0.1:" + nothing + "/0");
        PrometheusMeterRegistry downMetrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (UnifiedJedis dead = RedisConnector.connect(new WaitlessConfig.Redis(down, "", WebHarness.PREFIX, WebHarness.TIMEOUT));
             RedisJournal deadJournal = new RedisJournal(dead, WebHarness.PREFIX, 10_000, downMetrics);
             WebServer downWeb = new WebServer(h.cfg, new WebServer.Parts(new RedisLinkStore(dead, WebHarness.PREFIX),
                     deadJournal, h.tokens,
                     new RedisTokenLedger(dead, WebHarness.PREFIX, Clock.systemUTC()),
                     new RedisReplayGuard(dead, WebHarness.PREFIX), new InMemoryOptOuts(), h.phones),
                     downMetrics, Clock.systemUTC()).start()) {

            HttpResponse<String> r = h.send(java.net.http.HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + downWeb.port() + "/l/Open0Link001")).build());

            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).contains("cannot be opened right now").doesNotContain("Open0Link001");
        }
    }

    @Test
    void healthz_answers_200() throws Exception {
        HttpResponse<String> r = h.get("/healthz");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("ok\n");
    }

    @Test
    void readyz_answers_503_until_the_node_marks_itself_ready_then_200() throws Exception {
        HttpResponse<String> before = h.get("/readyz");
        h.web.markReady();
        HttpResponse<String> after = h.get("/readyz");

        assertThat(before.statusCode()).isEqualTo(503);
        assertThat(before.body()).isEqualTo("starting\n");
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.body()).isEqualTo("ready\n");
    }

    @Test
    void metrics_are_prometheus_text_with_the_waitless_meters() throws Exception {
        h.journal.append(CallEvent.of(EventType.CALL_ARRIVED, Instant.now(), "1795423500.9").build());

        HttpResponse<String> r = h.get("/metrics");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(r.body()).contains("# TYPE waitless_redis_errors_total counter")
                .containsPattern("(?m)^waitless_events_total\\{type=\"call.arrived\"} [1-9]");
    }

    @Test
    void a_body_shorter_than_its_content_length_is_a_400_not_a_server_error() throws Exception {
        // found by WebFuzzIT: the early end of the body surfaced as an uncaught exception, answered 500
        for (String path : List.of("/hooks/kannel/mo", "/hooks/twilio/status")) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", h.web.port())) {
                s.setSoTimeout(5000);
                s.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nfrom=1")
                        .getBytes(StandardCharsets.US_ASCII));
                s.shutdownOutput();
                String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertThat(answer).as(path).startsWith("HTTP/1.1 4");
            }
        }
    }
}
