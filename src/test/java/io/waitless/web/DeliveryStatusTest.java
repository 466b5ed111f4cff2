package io.waitless.web;

import io.waitless.web.DeliveryStatus.Outcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryStatusTest {

    @Test
    void kannel_report_types_map_to_delivered_undelivered_or_pending() {
        assertThat(DeliveryStatus.fromKannel("d", "1")).get().extracting(DeliveryStatus::outcome).isEqualTo(Outcome.DELIVERED);
        assertThat(DeliveryStatus.fromKannel("d", "2")).get().extracting(DeliveryStatus::outcome).isEqualTo(Outcome.UNDELIVERED);
        assertThat(DeliveryStatus.fromKannel("d", "16")).get().extracting(DeliveryStatus::outcome).isEqualTo(Outcome.UNDELIVERED);
        assertThat(DeliveryStatus.fromKannel("d", "4")).get().extracting(DeliveryStatus::outcome).isEqualTo(Outcome.PENDING);
        assertThat(DeliveryStatus.fromKannel("d", "8")).get().extracting(DeliveryStatus::outcome).isEqualTo(Outcome.PENDING);
        assertThat(DeliveryStatus.fromKannel("d", "3")).isEmpty();
        assertThat(DeliveryStatus.fromKannel("d", "%d")).isEmpty();
        assertThat(DeliveryStatus.fromKannel("d", null)).isEmpty();
    }

    @Test
    void twilio_statuses_map_to_delivered_undelivered_or_pending_with_the_error_code() {
        assertThat(DeliveryStatus.fromTwilio("d", "delivered", null)).get().extracting(DeliveryStatus::outcome).isEqualTo(Outcome.DELIVERED);
        assertThat(DeliveryStatus.fromTwilio("d", "undelivered", "30003")).get()
                .satisfies(s -> {
                    assertThat(s.outcome()).isEqualTo(Outcome.UNDELIVERED);
                    assertThat(s.detail()).isEqualTo("undelivered, error 30003");
                });
        assertThat(DeliveryStatus.fromTwilio("d", "failed", "")).get().extracting(DeliveryStatus::outcome).isEqualTo(Outcome.UNDELIVERED);
        for (String s : new String[] {"queued", "sent", "sending", "accepted"}) {
            assertThat(DeliveryStatus.fromTwilio("d", s, null)).get().extracting(DeliveryStatus::outcome).isEqualTo(Outcome.PENDING);
        }
        assertThat(DeliveryStatus.fromTwilio("d", "read-by-martians", null)).isEmpty();
    }
}
