package io.waitless.followup;

import com.sun.net.httpserver.HttpServer;
import io.waitless.config.WaitlessConfig;
import io.waitless.journal.RedisConnector;
import io.waitless.report.FunnelQuery;
import io.waitless.report.FunnelStep;
import io.waitless.testing.InMemoryAnalytics;
import io.waitless.testing.InMemoryJournal;
import io.waitless.testing.InMemoryOptOuts;
import io.waitless.testing.MutableClock;
import io.waitless.testing.RecordingSmsGateway;
import io.waitless.testing.RedisServer;
import io.waitless.testing.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The daily digest on a real redis-server: planned by every node, made once, written as HTML and CSV, POSTed signed. */
class DigestIT {
    private static final String SECRET = "digest-webhook-secret-0123";

    @TempDir
    Path dir;

    private RedisServer server;
    private HttpServer hook;
    private final List<Map<String, String>> posted = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T06:00:00Z"));
    private final InMemoryAnalytics analytics = new InMemoryAnalytics();

    @BeforeEach
    void start() throws Exception {
        server = RedisServer.start();
        hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/digest", ex -> {
            posted.add(Map.of("body", new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    "ts", ex.getRequestHeaders().getFirst("X-Waitless-Timestamp"),
                    "sig", ex.getRequestHeaders().getFirst("X-Waitless-Signature")));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        hook.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        hook.stop(0);
        server.close();
    }

    private FollowUpNode node(String name, String cron) {
        WaitlessConfig base = TestConfigs.config(dir, server.uri());
        WaitlessConfig.FollowUp f = new WaitlessConfig.FollowUp(true, "a-follow-up-encryption-key-for-tests-0123",
                Duration.ofMillis(50), Duration.ofSeconds(5), 10, 3, Duration.ofSeconds(1), false, Duration.ofDays(1),
                WaitlessConfig.FollowUp.Survey.DEFAULTS, WaitlessConfig.FollowUp.Alerts.NONE,
                WaitlessConfig.FollowUp.Returnees.OFF, new WaitlessConfig.FollowUp.Digest(true, cron, dir.resolve("digests"),
                Optional.of(URI.create("http://127.0.0.1:" + hook.getAddress().getPort() + "/digest")), SECRET));
        UnifiedJedis c = RedisConnector.connect(new WaitlessConfig.Redis(server.uri(), "", "wl-test:", Duration.ofMillis(500)));
        open.add(c);
        return new FollowUpNode(base.withFollowUp(f), c, new RecordingSmsGateway(), new InMemoryJournal(),
                new InMemoryOptOuts(), clock, name, Optional.of(analytics));
    }

    @Test
    void every_node_plans_yesterdays_digest_and_it_is_made_once_as_html_csv_and_a_signed_post() throws Exception {
        FollowUpNode a = node("a", "0 0 6 * * ?");
        FollowUpNode b = node("b", "0 0 6 * * ?");
        assertThat(DigestTrigger.plan(a.queue(), clock, java.time.ZoneOffset.UTC)).isTrue();
        assertThat(DigestTrigger.plan(b.queue(), clock, java.time.ZoneOffset.UTC)).isFalse();

        assertThat(a.worker().runBatch() + b.worker().runBatch()).isEqualTo(1);
        assertThat(a.worker().runBatch() + b.worker().runBatch()).isZero();

        LocalDate day = LocalDate.of(2026, 12, 2);
        long calls = analytics.funnel(new FunnelQuery(day, day, List.of(), Map.of())).total().get(FunnelStep.CALLS);
        String csv = Files.readString(dir.resolve("digests/digest-2026-12-02.csv"));
        assertThat(csv).startsWith("section,key,value\r\n").contains("funnel,calls," + calls + "\r\n")
                .contains("experiment,wording:b,").contains("surveys,sent,0").contains("alerts,raised,0")
                .contains("returnees,count,0");
        assertThat(Files.readString(dir.resolve("digests/digest-2026-12-02.html")))
                .contains("<h1>Waitless digest, 2026-12-02</h1>").contains("<td>calls<td>" + calls);
        assertThat(posted).singleElement().satisfies(p -> {
            assertThat(p.get("body")).contains("\"day\":\"2026-12-02\"");
            assertThat(p.get("sig")).isEqualTo("v1=" + AlertWebhookTask.sign(SECRET, p.get("ts"), p.get("body")));
        });
        assertThat(a.queue().find("digest:2026-12-02").orElseThrow().status()).isEqualTo(ItemView.Status.DONE);
    }

    @Test
    void the_quartz_cron_of_a_running_node_plans_the_digest() throws Exception {
        FollowUpNode a = node("a", "* * * * * ?");
        a.start();
        open.add(a);
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (posted.isEmpty() && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertThat(posted).hasSize(1);
        assertThat(dir.resolve("digests/digest-2026-12-02.csv")).exists();
    }
}
