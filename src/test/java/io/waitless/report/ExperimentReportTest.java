package io.waitless.report;

import io.waitless.call.CallEvent;
import io.waitless.call.EventType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExperimentReportTest {
    static CallEvent e(EventType t, String call, String experiment, String variant) {
        return CallEvent.of(t, Instant.EPOCH, call).with("experiment", experiment).with("variant", variant).build();
    }

    @Test
    void the_configured_control_comes_first_and_variants_without_callers_show_as_zero() {
        ExperimentReport r = new ExperimentReport();
        r.add(e(EventType.CALL_ARRIVED, "1", "x", "b"));
        var result = r.results(x -> List.of("a", "b")).getFirst();
        assertThat(result.rows()).extracting(ExperimentReport.Row::variant).containsExactly("a", "b");
        assertThat(result.rows().getFirst()).isEqualTo(new ExperimentReport.Row("a", 0, 0, 0, 0, 0));
        assertThat(result.comparisons()).singleElement()
                .satisfies(c -> assertThat(c.verdict()).startsWith("not enough data yet: a has 0 of 0"));
    }

    @Test
    void a_caller_withheld_at_arrive_is_not_offered_even_if_they_pressed_1_anyway() {
        ExperimentReport r = new ExperimentReport();
        r.add(e(EventType.CALL_ARRIVED, "1", "x", "a"));
        r.add(e(EventType.OFFER_WITHHELD, "1", "x", "a"));
        r.add(e(EventType.OFFER_ACCEPTED, "1", "x", "a"));
        r.add(e(EventType.CALL_ARRIVED, "2", "x", "a"));
        r.add(e(EventType.OFFER_ACCEPTED, "2", "x", "a"));
        r.add(e(EventType.SMS_SENT, "2", "x", "a"));
        r.add(e(EventType.LINK_OPENED, "2", "x", "a"));
        r.add(e(EventType.LINK_OPENED, "2", "x", "a"));
        r.add(e(EventType.FLOW_COMPLETED, "1", "x", "a")); // the withheld caller, somehow: not counted
        r.add(CallEvent.of(EventType.CALL_ARRIVED, Instant.EPOCH, "3").build());
        assertThat(r.events()).isEqualTo(10);
        assertThat(r.results(x -> List.of()).getFirst().rows())
                .containsExactly(new ExperimentReport.Row("a", 1, 1, 1, 1, 0));
    }
}
