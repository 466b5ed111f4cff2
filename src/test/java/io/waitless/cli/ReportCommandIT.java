package io.waitless.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.waitless.call.CallEvent;
import io.waitless.call.EventType;
import io.waitless.config.WaitlessConfig;
import io.waitless.journal.RedisConnector;
import io.waitless.journal.RedisJournal;
import io.waitless.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code waitless report experiments} over a real Redis stream written by the journal. */
class ReportCommandIT {
    @TempDir
    Path dir;

    RedisServer server;
    Path config;

    @BeforeEach
    void start() throws Exception {
        server = RedisServer.start();
        config = CliRun.shippedConfig(server, dir);
        try (UnifiedJedis redis = RedisConnector.connect(new WaitlessConfig.Redis(server.uri(), "", "waitless:",
                Duration.ofSeconds(1)));
             RedisJournal journal = new RedisJournal(redis, "waitless:", 1_000_000, java.time.ZoneId.of("Asia/Jerusalem"),
                     WaitlessConfig.Journal.DEFAULTS, Duration.ofSeconds(1), new SimpleMeterRegistry())) {
            // variant a: 100 callers, 10 of them could not be offered a text (landline), 12 accepted, 11 sent
            seed(journal, "a", 100, 10, 12, 11);
            // variant b: 100 callers, all offerable, 30 accepted, 29 sent
            seed(journal, "b", 100, 0, 30, 29);
            journal.append(CallEvent.of(EventType.CALL_ARRIVED, Instant.now(), "plain-1").with("queue", "support")
                    .with("promotion", "pay-in-app").build()); // no experiment: not counted
        }
    }

    private static void seed(RedisJournal journal, String variant, int calls, int withheld, int accepted, int sent) {
        for (int i = 0; i < calls; i++) {
            String call = variant + "-" + i;
            journal.append(event(EventType.CALL_ARRIVED, call, variant));
            if (i < withheld) {
                journal.append(event(EventType.OFFER_WITHHELD, call, variant));
                continue;
            }
            if (i < withheld + accepted) {
                journal.append(event(EventType.OFFER_ACCEPTED, call, variant));
                journal.append(event(EventType.OFFER_ACCEPTED, call, variant)); // pressed 1 twice: one call
            }
            if (i < withheld + sent) {
                journal.append(event(EventType.SMS_SENT, call, variant));
            }
            if (i < withheld + sent / 2) { // half of those texted open the link, half of those finish online
                journal.append(event(EventType.LINK_OPENED, call, variant));
            }
            if (i < withheld + sent / 4) {
                journal.append(event(EventType.FLOW_COMPLETED, call, variant));
            }
        }
    }

    private static CallEvent event(EventType type, String call, String variant) {
        return CallEvent.of(type, Instant.now(), call).with("queue", "support").with("promotion", "pay-now-" + variant)
                .with("experiment", "pay-now").with("variant", variant).build();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    CliRun.Result run(String... args) {
        return CliRun.run(config, args);
    }

    @Test
    void the_table_counts_each_call_once_and_gives_the_rate_interval_and_verdict() {
        CliRun.Result exact = run("report", "experiments", "--exact");
        CliRun.Result r = run("report", "experiments");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(exact.out()).containsPattern("experiments from \\S+ to \\S+ \\(Asia/Jerusalem\\), 363 events read")
                .endsWith(r.out().substring(r.out().indexOf('\n')));
        assertThat(r.out()).containsPattern("experiments from \\S+ to \\S+ \\(Asia/Jerusalem\\), from the daily rollups")
                .contains("experiment pay-now")
                .containsPattern("(?m)^a +90 +12 +13\\.3% +7\\.\\d% - +2\\d\\.\\d% +11 +5 +2$")
                .containsPattern("(?m)^b +100 +30 +30\\.0% +2\\d\\.\\d% - +3\\d\\.\\d% +29 +14 +7$")
                .contains("b vs a: b converts better than a (30.0 % vs 13.3 %), p=0.00");
    }

    @Test
    void csv_and_json_carry_the_same_numbers() {
        CliRun.Result csv = run("report", "experiments", "--format", "csv");
        assertThat(csv.out().lines()).containsExactly(
                "experiment,variant,offered,accepted,sent,opened,completed,rate,ci_low,ci_high,z,p_vs_control,verdict",
                csv.out().lines().toList().get(1), csv.out().lines().toList().get(2));
        assertThat(csv.out().lines().toList().get(1)).startsWith("pay-now,a,90,12,11,5,2,0.1333,").endsWith(",,,control");
        assertThat(csv.out().lines().toList().get(2)).startsWith("pay-now,b,100,30,29,14,7,0.3000,")
                .contains("\"b converts better than a (30.0 % vs 13.3 %), p=0.00");

        JsonObject json = JsonParser.parseString(run("report", "experiments", "--format", "json").out()).getAsJsonObject();
        JsonObject e = json.getAsJsonArray("experiments").get(0).getAsJsonObject();
        assertThat(e.get("experiment").getAsString()).isEqualTo("pay-now");
        assertThat(e.getAsJsonArray("variants").get(1).getAsJsonObject().get("accepted").getAsInt()).isEqualTo(30);
        JsonObject c = e.getAsJsonArray("comparisons").get(0).getAsJsonObject();
        assertThat(c.get("significant").getAsBoolean()).isTrue();
        assertThat(c.get("p").getAsDouble()).isBetween(0.001, 0.01);
    }

    @Test
    void days_without_events_bad_ranges_and_an_unreachable_redis_are_said_plainly() throws Exception {
        assertThat(run("report", "experiments", "--from", "2020-01-01", "--to", "2020-01-31", "--exact").out())
                .contains("0 events read").contains("no experiment had callers in these days");
        assertThat(run("report", "experiments", "--from", "2020-01-01", "--to", "2020-01-31").out())
                .contains("no experiment had callers in these days");
        CliRun.Result backwards = run("report", "experiments", "--from", "2026-12-03", "--to", "2026-12-01");
        assertThat(backwards.exit()).isEqualTo(2);
        assertThat(backwards.err()).contains("--from 2026-12-03 is after --to 2026-12-01");
        assertThat(run("report", "experiments", "--format", "xml").exit()).isEqualTo(2);
        server.kill();
        CliRun.Result down = run("report", "experiments");
        assertThat(down.exit()).isEqualTo(1);
        assertThat(down.err()).contains("the journal in Redis").contains("cannot be reached");
    }
}
