package io.waitless.cli;

import com.google.gson.JsonParser;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.waitless.App;
import io.waitless.call.CallEvent;
import io.waitless.call.Deflection;
import io.waitless.call.EventType;
import io.waitless.config.WaitlessConfig;
import io.waitless.journal.RedisAnalytics;
import io.waitless.journal.RedisConnector;
import io.waitless.journal.RedisJournal;
import io.waitless.phone.PhoneNumberPolicy;
import io.waitless.report.Dimension;
import io.waitless.report.FunnelCsv;
import io.waitless.report.FunnelQuery;
import io.waitless.report.FunnelResult;
import io.waitless.report.FunnelStep;
import io.waitless.report.ReportJson;
import io.waitless.sim.FunnelGenerator;
import io.waitless.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code waitless report}, {@code report journey}, {@code journal rebuild} and {@code forget} on a generated
 * journal in a real Redis, with the shipped config: the command line prints the numbers {@link RedisAnalytics}
 * reads, in each format, and refuses bad input with exit 2.
 */
class FunnelReportCommandIT {
    private static final ZoneId ZONE = ZoneId.of("Asia/Jerusalem");
    private static final LocalDate FIRST = LocalDate.of(2026, 9, 14);
    private static final String FROM = FIRST.toString();
    private static final String TO = FIRST.plusDays(3).toString();

    @TempDir
    Path dir;

    RedisServer server;
    Path config;
    UnifiedJedis redis;
    RedisAnalytics analytics;
    final List<CallEvent> events = new ArrayList<>();
    final Map<String, Deflection> deflections = new HashMap<>();
    final Map<String, String> numbers = new HashMap<>();

    @BeforeEach
    void seed() throws Exception {
        server = RedisServer.start();
        config = CliRun.shippedConfig(server, dir);
        WaitlessConfig cfg = ConfigLoaderBridge.load(config);
        PhoneNumberPolicy phones = new PhoneNumberPolicy(cfg.callers());
        redis = RedisConnector.connect(cfg.redis());
        try (RedisJournal journal = new RedisJournal(redis, "waitless:", 1_000_000, ZONE, cfg.journal(),
                Duration.ofSeconds(2), new SimpleMeterRegistry())) {
            new FunnelGenerator(new FunnelGenerator.Settings(FIRST, 3, 250, ZONE, 7), n -> {
                String ref = phones.reference(n);
                numbers.put(ref, n);
                return ref;
            }).generate(events::add, d -> deflections.put(d.id(), d));
            journal.appendAll(events);
            deflections.values().forEach(journal::saveDeflection);
        }
        analytics = App.analytics(() -> cfg, redis, Clock.systemUTC());
    }

    @AfterEach
    void stop() throws Exception {
        redis.close();
        server.close();
    }

    CliRun.Result run(String... args) {
        return CliRun.run(config, args);
    }

    @Test
    void the_table_shows_the_funnel_its_rates_and_where_callers_dropped_out() {
        FunnelResult f = analytics.funnel(new FunnelQuery(FIRST, FIRST.plusDays(3), List.of(), Map.of()));
        CliRun.Result r = run("report", "--from", FROM, "--to", TO);

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("funnel from " + FROM + " to " + TO + " (Asia/Jerusalem)")
                .containsPattern("(?m)^ +" + f.total().get(FunnelStep.CALLS) + " +" + f.total().get(FunnelStep.OFFERED)
                        + " +" + f.total().get(FunnelStep.ACCEPTED) + " ")
                .contains("not offered a text (withheld):").contains("landline")
                .contains("how calls ended:").contains("abandoned-after-link").contains("accepted by:");
        assertThat(f.total().get(FunnelStep.CALLS)).isEqualTo(events.stream()
                .filter(e -> e.type() == EventType.CALL_ARRIVED).count());
    }

    @Test
    void csv_and_json_print_exactly_what_the_api_encodes() {
        FunnelQuery q = new FunnelQuery(FIRST, FIRST.plusDays(3), List.of(Dimension.DAY, Dimension.QUEUE),
                Map.of(Dimension.LANGUAGE, "en"));
        FunnelResult f = analytics.funnel(q);

        CliRun.Result csv = run("report", "--from", FROM, "--to", TO, "--by", "day,queue", "--language", "en",
                "--format", "csv");
        CliRun.Result json = run("report", "--from", FROM, "--to", TO, "--by", "day,queue", "--language", "en",
                "--format", "json");

        assertThat(csv.out()).isEqualTo(FunnelCsv.csv(f));
        assertThat(csv.out().lines().count()).as("a header, then 3 days x 2 queues").isEqualTo(1 + 3 * 2);
        assertThat(JsonParser.parseString(json.out())).isEqualTo(JsonParser.parseString(ReportJson.funnel(f)));
    }

    @Test
    void bad_dimensions_dates_and_ranges_exit_2_with_the_reason() {
        CliRun.Result dim = run("report", "--by", "day,colour");
        assertThat(dim.exit()).isEqualTo(2);
        assertThat(dim.err()).contains("--by colour is not one of day, week, month");
        CliRun.Result back = run("report", "--from", TO, "--to", FROM);
        assertThat(back.exit()).isEqualTo(2);
        assertThat(back.err()).contains("is before --from");
        CliRun.Result wide = run("report", "--from", "2020-01-01", "--to", "2026-01-01");
        assertThat(wide.exit()).isEqualTo(2);
        assertThat(wide.err()).contains("at most 400");
        assertThat(run("report", "--from", "14/09/2026").exit()).isEqualTo(2);
        assertThat(run("report", "--from", "2020-01-01", "--to", "2020-01-02").out()).contains("no calls in these days");
    }

    @Test
    void a_journey_is_found_by_deflection_or_number_and_shows_the_number_masked() {
        Deflection d = deflections.values().iterator().next();
        String number = numbers.get(d.callerRef());

        CliRun.Result byDeflection = run("report", "journey", d.id());
        CliRun.Result byNumber = run("report", "journey", number);

        assertThat(byDeflection.exit()).as(byDeflection.err()).isZero();
        assertThat(byNumber.out()).isEqualTo(byDeflection.out());
        assertThat(byDeflection.out()).contains("journey of +9725").contains("•").doesNotContain(number)
                .contains("call.arrived").contains("offer.accepted").contains(d.callId());
        CliRun.Result none = run("report", "journey", "+972521111111");
        assertThat(none.exit()).isEqualTo(3);
        assertThat(none.err()).contains("no journey found");
    }

    @Test
    void rebuild_recounts_the_days_and_forget_erases_a_caller_but_not_the_counts() {
        FunnelResult before = analytics.funnel(new FunnelQuery(FIRST, FIRST.plusDays(3), List.of(Dimension.DAY), Map.of()));
        redis.del("waitless:funnel:" + FIRST.plusDays(1));

        CliRun.Result rebuilt = run("journal", "rebuild", "--from", FROM, "--to", TO);
        assertThat(rebuilt.exit()).as(rebuilt.err()).isZero();
        assertThat(rebuilt.out()).contains("rebuilt the funnel rollups of " + FROM + " to " + TO + " from "
                + String.format(java.util.Locale.ROOT, "%,d", events.size()) + " events");
        assertThat(analytics.funnel(before.query())).isEqualTo(before);

        Deflection d = deflections.values().iterator().next();
        CliRun.Result forgot = run("forget", numbers.get(d.callerRef()));
        assertThat(forgot.exit()).as(forgot.err() + " for " + numbers.get(d.callerRef())).isZero();
        assertThat(forgot.out()).containsPattern("erased \\d+ events, \\d+ calls and [1-9]\\d* deflection records of \\+9725\\d•+\\d{4}")
                .doesNotContain(numbers.get(d.callerRef()));
        assertThat(run("report", "journey", d.id()).exit()).isEqualTo(3);
        assertThat(analytics.funnel(before.query())).isEqualTo(before);
        CliRun.Result bad = run("forget", "not-a-number");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("not a valid phone number").contains("nothing was erased");
    }
}
