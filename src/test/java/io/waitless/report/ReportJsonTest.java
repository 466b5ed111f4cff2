package io.waitless.report;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.waitless.testing.InMemoryAnalytics;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReportJsonTest {
    private static final InMemoryAnalytics ANALYTICS = new InMemoryAnalytics();
    private static final LocalDate FROM = InMemoryAnalytics.TODAY.minusDays(6);

    private static JsonObject parse(String json) {
        return JsonParser.parseString(json).getAsJsonObject();
    }

    @Test
    void a_funnel_by_day_has_the_query_each_row_keyed_and_the_total_with_every_step_and_breakdown() {
        FunnelResult r = ANALYTICS.funnel(new FunnelQuery(FROM, InMemoryAnalytics.TODAY, List.of(Dimension.DAY),
                Map.of(Dimension.QUEUE, "support")));

        JsonObject json = parse(ReportJson.funnel(r));

        assertThat(json.get("from").getAsString()).isEqualTo("2026-11-27");
        assertThat(json.get("to").getAsString()).isEqualTo("2026-12-03");
        assertThat(json.getAsJsonArray("by").get(0).getAsString()).isEqualTo("day");
        assertThat(json.getAsJsonObject("where").get("queue").getAsString()).isEqualTo("support");
        assertThat(json.getAsJsonArray("rows")).hasSize(7);
        JsonObject first = json.getAsJsonArray("rows").get(0).getAsJsonObject();
        assertThat(first.getAsJsonObject("key").get("day").getAsString()).isEqualTo("2026-11-27");
        assertThat(first.getAsJsonObject("steps").get("calls").getAsLong()).isEqualTo(r.rows().getFirst().counts().get(FunnelStep.CALLS));
        JsonObject total = json.getAsJsonObject("total");
        assertThat(total.getAsJsonObject("steps").keySet())
                .containsExactly(java.util.Arrays.stream(FunnelStep.values()).map(FunnelStep::wireName).toArray(String[]::new));
        assertThat(total.getAsJsonObject("steps").get("completed").getAsLong()).isEqualTo(r.total().get(FunnelStep.COMPLETED));
        assertThat(total.getAsJsonObject("ended").get("abandoned").getAsLong()).isEqualTo(r.total().get("ended:abandoned"));
        assertThat(total.getAsJsonObject("withheld").get("landline").getAsLong()).isEqualTo(r.total().get("withheld:landline"));
        assertThat(total.getAsJsonObject("refused").keySet()).containsExactlyInAnyOrder("budget", "not-mobile");
    }

    @Test
    void empty_breakdowns_are_present_and_counters_newer_than_the_encoder_are_kept() {
        FunnelQuery q = new FunnelQuery(FROM, FROM, List.of(), Map.of());
        FunnelResult r = new FunnelResult(q, List.of(), new FunnelCounts(Map.of("calls", 3L, "surveyed", 2L,
                "answered-by:voice", 1L)));

        JsonObject total = parse(ReportJson.funnel(r)).getAsJsonObject("total");

        assertThat(total.getAsJsonObject("withheld").size()).isZero();
        assertThat(total.getAsJsonObject("ended").size()).isZero();
        assertThat(total.getAsJsonObject("steps").get("offered").getAsLong()).isZero();
        assertThat(total.getAsJsonObject("steps").get("surveyed").getAsLong()).isEqualTo(2);
        assertThat(total.getAsJsonObject("answered-by").get("voice").getAsLong()).isEqualTo(1);
    }

    @Test
    void experiments_print_exactly_as_the_report_command_always_has() {
        ExperimentReport.Row a = new ExperimentReport.Row("a", 100, 30, 29, 20, 12);
        ExperimentReport.Row b = new ExperimentReport.Row("b", 100, 45, 44, 30, 20);
        List<ExperimentReport.Result> results = List.of(new ExperimentReport.Result("wording", List.of(a, b),
                Experiment.compare(List.of(a.arm(), b.arm()))));

        String json = ReportJson.experiments(results, LocalDate.of(2026, 11, 27), LocalDate.of(2026, 12, 3));

        assertThat(json).startsWith("{\n  \"from\": \"2026-11-27\",\n  \"to\": \"2026-12-03\",\n  \"experiments\": [\n"
                + "    {\n      \"experiment\": \"wording\",\n      \"variants\": [\n        {\n"
                + "          \"variant\": \"a\",\n          \"offered\": 100,\n          \"accepted\": 30,\n");
        assertThat(json).contains("\"ciLow\": 0.2189", "\"significant\": true",
                "\"verdict\": \"b converts better than a (45.0 % vs 30.0 %), p\\u003d0.03\"");
    }

    @Test
    void a_journey_never_carries_a_full_number_even_if_the_source_slips_one_in() {
        Journey j = new Journey("ref-1", "+972501234567", List.of(new Journey.Touch(Instant.parse("2026-12-02T09:14:03Z"),
                "call.arrived", "17.1", Map.of("number", "+972501234567", "queue", "support"))));

        String json = ReportJson.journey(j);

        assertThat(json).doesNotContain("501234567").contains("+97250•••4567");
        JsonObject e = parse(json).getAsJsonArray("events").get(0).getAsJsonObject();
        assertThat(e.get("time").getAsString()).isEqualTo("2026-12-02T09:14:03Z");
        assertThat(e.get("type").getAsString()).isEqualTo("call.arrived");
        assertThat(e.getAsJsonObject("attributes").get("queue").getAsString()).isEqualTo("support");
    }

    @Test
    void live_counters_have_their_names() {
        JsonObject json = parse(ReportJson.live(new Live(12, 41, 9, 8)));

        assertThat(json.get("callsWaiting").getAsLong()).isEqualTo(12);
        assertThat(json.get("offersLastHour").getAsLong()).isEqualTo(41);
        assertThat(json.get("acceptedLastHour").getAsLong()).isEqualTo(9);
        assertThat(json.get("sentLastHour").getAsLong()).isEqualTo(8);
    }
}
