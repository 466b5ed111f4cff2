package io.waitless.web;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.waitless.call.Deflection;
import io.waitless.call.EventType;
import io.waitless.config.WaitlessConfig;
import io.waitless.followup.FollowUpNode;
import io.waitless.journal.RedisConnector;
import io.waitless.journal.RedisJournal;
import io.waitless.link.LinkTokens;
import io.waitless.link.RedisLinkStore;
import io.waitless.link.RedisTokenLedger;
import io.waitless.phone.PhoneNumberPolicy;
import io.waitless.testing.InMemoryOptOuts;
import io.waitless.testing.RecordingSmsGateway;
import io.waitless.testing.RedisServer;
import io.waitless.testing.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Follow-ups through the node's HTTP side on a real redis-server: survey replies arrive through the Kannel
 * inbound-SMS hook, a completion through the API moves the survey, and /api/surveys, /api/alerts (with
 * acknowledgement) and /api/returnees(.csv) answer with masked numbers only.
 */
class FollowUpWebIT {
    private static final String PREFIX = "wl-test:";
    private static final String AUTH = "Bearer " + TestConfigs.API_KEY;

    @TempDir
    Path dir;

    RedisServer redis;
    UnifiedJedis client;
    RedisJournal journal;
    FollowUpNode node;
    WebServer web;
    PhoneNumberPolicy phones;
    final RecordingSmsGateway gateway = new RecordingSmsGateway();
    final InMemoryOptOuts optOuts = new InMemoryOptOuts();
    final HttpClient http = HttpClient.newHttpClient();
    final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start();
        WaitlessConfig base = TestConfigs.config(dir, redis.uri());
        WaitlessConfig.FollowUp.Survey d = WaitlessConfig.FollowUp.Survey.DEFAULTS;
        WaitlessConfig cfg = base.withFollowUp(new WaitlessConfig.FollowUp(true, "a-follow-up-encryption-key-for-tests-0123",
                Duration.ofSeconds(5), Duration.ofSeconds(10), 50, 3, Duration.ofSeconds(1), false, Duration.ofDays(1),
                new WaitlessConfig.FollowUp.Survey(true, Duration.ofHours(2), Duration.ZERO, Duration.ofDays(30),
                        LocalTime.MIN, LocalTime.MAX, 1, 7, Duration.ofDays(3), d.question(), Map.of(), d.askAgain()),
                WaitlessConfig.FollowUp.Alerts.NONE, WaitlessConfig.FollowUp.Returnees.OFF));
        client = RedisConnector.connect(new WaitlessConfig.Redis(redis.uri(), "", PREFIX, Duration.ofMillis(500)));
        journal = new RedisJournal(client, PREFIX, 10_000, metrics);
        phones = new PhoneNumberPolicy(cfg.callers());
        node = new FollowUpNode(cfg, client, gateway, journal, optOuts, Clock.systemUTC(), "web-test");
        WaitlessConfig.Signing s = cfg.links().signing();
        web = new WebServer(cfg, new WebServer.Parts(new RedisLinkStore(client, PREFIX), journal,
                new LinkTokens(s.keys(), s.issuer(), s.tokenTtl(), Clock.systemUTC()),
                new RedisTokenLedger(client, PREFIX, Clock.systemUTC()), new RedisReplayGuard(client, PREFIX),
                optOuts, phones).withFollowUps(node), metrics, Clock.systemUTC()).start();
    }

    @AfterEach
    void stop() throws Exception {
        web.close();
        journal.close();
        client.close();
        redis.close();
    }

    private Deflection surveyed(String id, String e164) {
        Instant t = Instant.now().minusSeconds(60);
        Deflection d = new Deflection(id, "call-" + id, phones.reference(e164), "support", "pay-in-app", "pay-bill",
                Deflection.State.SENT, t, t, Map.of("language", "en"));
        journal.saveDeflection(d);
        node.planner().textSent(d, e164, t);
        return d;
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + path))
                .header("Authorization", AUTH).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> reply(String from, String text) throws Exception {
        return get("/hooks/kannel/mo?from=" + URLEncoder.encode(from, StandardCharsets.UTF_8) + "&to=GalilCable&text="
                + URLEncoder.encode(text, StandardCharsets.UTF_8) + "&secret=" + TestConfigs.KANNEL_SECRET);
    }

    @Test
    void replies_through_the_inbound_hook_become_scores_alerts_and_opt_outs_read_back_through_the_api() throws Exception {
        surveyed("dA", "+972502340001");
        surveyed("dB", "+972502340002");
        surveyed("dC", "+972502340003");
        assertThat(node.worker().runBatch()).isEqualTo(3);
        assertThat(gateway.sent()).hasSize(3);

        assertThat(reply("+972502340001", "6").statusCode()).isEqualTo(200);
        assertThat(reply("+972502340002", "1").statusCode()).isEqualTo(200);
        assertThat(reply("+972502340003", "5 stop").statusCode()).isEqualTo(200);
        assertThat(reply("+972502340009", "7").statusCode()).as("no survey pending").isEqualTo(200);

        assertThat(optOuts.contains(phones.reference("+972502340003"))).as("a STOP in a reply opts out").isTrue();
        String today = java.time.LocalDate.now(ZoneOffset.UTC).toString();
        HttpResponse<String> surveys = get("/api/surveys?from=" + today + "&to=" + today, "Authorization", AUTH);
        assertThat(surveys.statusCode()).isEqualTo(200);
        assertThat(surveys.body()).contains("\"answers\":2", "\"mean\":3.5", "\"sent\":3", "\"unmatched\":1",
                "\"cancelled\":1");
        assertThat(get("/api/surveys").statusCode()).as("without the API key").isEqualTo(401);

        HttpResponse<String> alerts = get("/api/alerts", "Authorization", AUTH);
        assertThat(alerts.body()).contains("\"reason\":\"low-score\"", "\"score\":\"1\"", "+97250•••0002")
                .doesNotContain("502340002").doesNotContain("\"caller\"");
        String id = alerts.body().replaceAll("(?s).*\"id\":\"(a\\d+)\".*", "$1");
        assertThat(post("/api/alerts/" + id + "/ack").statusCode()).isEqualTo(200);
        assertThat(post("/api/alerts/" + id + "/ack").statusCode()).isEqualTo(404);
        assertThat(get("/api/alerts", "Authorization", AUTH).body()).isEqualTo("{\"open\":[]}");
        assertThat(journal.recent(100)).extracting(e -> e.type())
                .contains(EventType.SURVEY_SENT, EventType.SURVEY_ANSWERED, EventType.ALERT_RAISED,
                        EventType.SURVEY_CANCELLED, EventType.OPTOUT_ADDED);
    }

    @Test
    void a_completion_through_the_api_moves_the_survey_and_tags_a_first_timer() throws Exception {
        Deflection d = surveyed("dX", "+972502340005");
        assertThat(post("/api/deflections/dX/completed").statusCode()).isEqualTo(200);

        var item = node.queue().find("survey:dX").orElseThrow();
        assertThat(item.at()).isAfter(Instant.now().plus(Duration.ofMinutes(119)));
        assertThat(journal.recent(50)).extracting(e -> e.type()).contains(EventType.FLOW_FIRST_TIME);
        assertThat(d.id()).isEqualTo("dX");
    }

    @Test
    void returnees_are_listed_as_json_and_csv() throws Exception {
        Deflection d = surveyed("dR", "+972502340006");
        node.planner().callArrived(d.callerRef(), "call-again", Instant.now());

        assertThat(get("/api/returnees", "Authorization", AUTH).body()).contains("\"deflection\":\"dR\"",
                "\"tried-online\":\"sent\"");
        HttpResponse<String> csv = get("/api/returnees.csv", "Authorization", AUTH);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
        assertThat(csv.body()).startsWith("deflection,returned-at,texted-at,masked,queue,flow,tried-online,answer\r\n")
                .contains("dR,").doesNotContain("502340006");
    }
}
