package io.waitless.report;

import io.waitless.testing.InMemoryAnalytics;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FunnelCsvTest {
    private static final LocalDate TODAY = InMemoryAnalytics.TODAY;

    @Test
    void a_funnel_by_day_and_queue_has_a_line_per_row_with_the_dimensions_first() {
        FunnelResult r = new InMemoryAnalytics().funnel(new FunnelQuery(TODAY.minusDays(1), TODAY,
                List.of(Dimension.DAY, Dimension.QUEUE), Map.of()));

        List<String> lines = FunnelCsv.csv(r).lines().toList();

        assertThat(lines).hasSize(1 + 4);
        assertThat(lines.getFirst()).startsWith("day,queue,calls,intent,offered,withheld,accepted,")
                .contains(",completed,repeat,ended:abandoned,").endsWith(",withheld:opted-out");
        FunnelCounts first = r.rows().getFirst().counts();
        assertThat(lines.get(1)).startsWith("2026-12-02,support," + first.get(FunnelStep.CALLS) + ","
                + first.get(FunnelStep.INTENT) + "," + first.get(FunnelStep.OFFERED) + ",");
        assertThat(lines.get(4)).startsWith("2026-12-03,tech,");
    }

    @Test
    void a_funnel_without_breakdown_is_its_total() {
        FunnelQuery q = new FunnelQuery(TODAY, TODAY, List.of(), Map.of());
        FunnelResult r = new FunnelResult(q, List.of(), new FunnelCounts(Map.of("calls", 7L, "ended:answered", 7L)));

        assertThat(FunnelCsv.csv(r)).isEqualTo("calls,intent,offered,withheld,accepted,accepted-dtmf,accepted-speech,"
                + "declined,refused,sent,failed,delivered,undelivered,opened,redeemed,completed,repeat,ended:answered\n"
                + "7,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,7\n");
    }

    @Test
    void fields_are_quoted_and_a_spreadsheet_formula_stays_text() {
        assertThat(FunnelCsv.field("plain")).isEqualTo("plain");
        assertThat(FunnelCsv.field("a, b")).isEqualTo("\"a, b\"");
        assertThat(FunnelCsv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(FunnelCsv.field("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(FunnelCsv.field("@sum")).isEqualTo("'@sum");
        assertThat(FunnelCsv.field("-3")).isEqualTo("-3");
    }
}
