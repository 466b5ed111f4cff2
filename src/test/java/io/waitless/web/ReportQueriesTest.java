package io.waitless.web;

import io.waitless.report.Dimension;
import io.waitless.report.FunnelQuery;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportQueriesTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 3);

    private static FunnelQuery funnel(Map<String, String> params) {
        return ReportQueries.funnel(params::get, TODAY);
    }

    @Test
    void without_parameters_it_is_the_seven_days_up_to_today_in_one_row() {
        FunnelQuery q = funnel(Map.of());

        assertThat(q.from()).isEqualTo(LocalDate.of(2026, 11, 27));
        assertThat(q.to()).isEqualTo(TODAY);
        assertThat(q.by()).isEmpty();
        assertThat(q.where()).isEmpty();
    }

    @Test
    void dates_breakdown_and_filters_are_read() {
        FunnelQuery q = funnel(Map.of("from", "2026-11-01", "to", "2026-11-30", "by", "day, Queue",
                "queue", "support", "variant", "b", "language", " ", "intent", "pay-bill"));

        assertThat(q.from()).isEqualTo(LocalDate.of(2026, 11, 1));
        assertThat(q.to()).isEqualTo(LocalDate.of(2026, 11, 30));
        assertThat(q.by()).containsExactly(Dimension.DAY, Dimension.QUEUE);
        assertThat(q.where()).containsOnly(Map.entry(Dimension.QUEUE, "support"), Map.entry(Dimension.VARIANT, "b"),
                Map.entry(Dimension.INTENT, "pay-bill"));
        assertThat(funnel(Map.of("to", "2026-10-10")).from()).isEqualTo(LocalDate.of(2026, 10, 4));
    }

    @Test
    void each_bad_input_says_what_is_wrong() {
        assertThatThrownBy(() -> funnel(Map.of("from", "2026-13-01")))
                .hasMessage("from: \"2026-13-01\" is not a date (YYYY-MM-DD)");
        assertThatThrownBy(() -> funnel(Map.of("to", "yesterday")))
                .hasMessage("to: \"yesterday\" is not a date (YYYY-MM-DD)");
        assertThatThrownBy(() -> funnel(Map.of("from", "2026-12-02", "to", "2026-12-01")))
                .hasMessage("to 2026-12-01 is before from 2026-12-02");
        assertThatThrownBy(() -> funnel(Map.of("from", "2025-10-29")))
                .hasMessage("from 2025-10-29 to 2026-12-03 is 401 days; at most 400 are read at once");
        assertThat(funnel(Map.of("from", "2025-10-30")).from()).isEqualTo(LocalDate.of(2025, 10, 30));
        assertThatThrownBy(() -> funnel(Map.of("by", "day,hour")))
                .hasMessage("by: \"hour\" is not one of day, week, month, queue, promotion, experiment, variant, intent,"
                        + " language");
        assertThatThrownBy(() -> funnel(Map.of("by", "day,DAY"))).hasMessage("by: \"day\" is given twice");
        assertThatThrownBy(() -> funnel(Map.of("from", "x".repeat(500))))
                .isInstanceOf(ReportQueries.BadQuery.class).hasMessageContaining("x".repeat(40) + "…\"")
                .hasMessageNotContaining("x".repeat(41));
        assertThat(List.of(ReportQueries.MAX_DAYS)).containsExactly(400);
    }
}
