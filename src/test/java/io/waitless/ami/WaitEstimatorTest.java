package io.waitless.ami;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class WaitEstimatorTest {
    static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    static List<QueueCaller> queue(String... ids) {
        List<QueueCaller> out = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            out.add(new QueueCaller("support", i + 1, "Local/" + ids[i], ids[i], "", 0, 0));
        }
        return out;
    }

    @Test
    void one_caller_leaving_every_40_seconds_is_40_seconds_per_position() {
        WaitEstimator e = new WaitEstimator();
        e.observe(T0, queue("a", "b", "c", "d", "e", "f"), id -> false);
        assertThat(e.perPosition()).isEmpty();
        String[] left = {"a", "b", "c", "d", "e", "f"};
        for (int i = 1; i <= 4; i++) {
            e.observe(T0.plusSeconds(40L * i), queue(java.util.Arrays.copyOfRange(left, i, left.length)), id -> false);
        }
        assertThat(e.perPosition()).contains(Duration.ofSeconds(40));
        assertThat(e.expectedWait(3)).contains(Duration.ofSeconds(120));
    }

    @Test
    void callers_withdrawn_for_an_offer_are_not_departures() {
        WaitEstimator e = new WaitEstimator();
        e.observe(T0, queue("a", "b", "c", "d", "e"), id -> false);
        Set<String> atOffer = Set.of("b", "c", "d");
        e.observe(T0.plusSeconds(10), queue("a", "e"), atOffer::contains);
        e.observe(T0.plusSeconds(20), queue("a", "e", "b", "c", "d"), id -> false);
        assertThat(e.perPosition()).as("nobody left the queue").isEmpty();
    }

    @Test
    void departures_older_than_half_an_hour_no_longer_count() {
        WaitEstimator e = new WaitEstimator();
        e.observe(T0, queue("a", "b", "c", "d"), id -> false);
        e.observe(T0.plusSeconds(10), queue("d"), id -> false); // three left at once
        assertThat(e.perPosition()).isPresent();
        e.observe(T0.plus(Duration.ofMinutes(31)), queue("d"), id -> false);
        assertThat(e.perPosition()).isEmpty();
    }
}
