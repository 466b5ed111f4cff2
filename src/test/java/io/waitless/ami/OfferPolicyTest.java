package io.waitless.ami;

import io.waitless.ami.OfferPolicy.CallState;
import io.waitless.config.WaitlessConfig.TimedQueue;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class OfferPolicyTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final TimedQueue CFG = new TimedQueue(Duration.ofSeconds(60), Duration.ofSeconds(120), 2, 2);

    static QueueCaller at(int position, String uid, long waitSeconds) {
        return new QueueCaller("support", position, "Local/" + uid + "@q-1;2", uid, "+97250" + position, waitSeconds, 0);
    }

    static CallState arrived(long secondsAgo, int offers, Long lastOfferSecondsAgo) {
        return new CallState(NOW.minusSeconds(secondsAgo), offers,
                Optional.ofNullable(lastOfferSecondsAgo).map(NOW::minusSeconds));
    }

    @Test
    void callers_at_or_near_the_head_are_never_withdrawn() {
        List<QueueCaller> q = List.of(at(1, "a", 600), at(2, "b", 600), at(3, "c", 600));

        assertThat(OfferPolicy.due(CFG, q, Map.of(), NOW, 10)).extracting(QueueCaller::uniqueId).containsExactly("c");
    }

    @Test
    void the_first_offer_waits_for_first_offer_after() {
        QueueCaller c = at(3, "c", 0);

        assertThat(OfferPolicy.isDue(CFG, c, arrived(59, 0, null), NOW)).isFalse();
        assertThat(OfferPolicy.isDue(CFG, c, arrived(60, 0, null), NOW)).isTrue();
    }

    @Test
    void later_offers_wait_every_since_the_last_one() {
        QueueCaller c = at(3, "c", 0);

        assertThat(OfferPolicy.isDue(CFG, c, arrived(600, 1, 119L), NOW)).isFalse();
        assertThat(OfferPolicy.isDue(CFG, c, arrived(600, 1, 120L), NOW)).isTrue();
    }

    @Test
    void no_more_than_max_offers_per_call() {
        assertThat(OfferPolicy.isDue(CFG, at(3, "c", 0), arrived(6000, 2, 3000L), NOW)).isFalse();
    }

    @Test
    void the_clock_is_waitlesss_first_sight_not_app_queues_wait_which_restarts_at_each_re_entry() {
        // re-entered a second ago (Wait 1) after an offer 5 minutes into a 10-minute wait
        QueueCaller reentered = at(4, "c", 1);

        assertThat(OfferPolicy.isDue(CFG, reentered, arrived(600, 1, 300L), NOW)).isTrue();
        // and a long app_queue Wait does not make a caller due when Waitless saw them arrive just now
        assertThat(OfferPolicy.isDue(CFG, at(4, "d", 900), arrived(10, 0, null), NOW)).isFalse();
    }

    @Test
    void a_call_without_state_counts_from_now_minus_its_wait() {
        assertThat(CallState.firstSight(at(3, "c", 75), NOW)).isEqualTo(arrived(75, 0, null));
        assertThat(OfferPolicy.due(CFG, List.of(at(3, "c", 75), at(4, "d", 30)), Map.of(), NOW, 5))
                .extracting(QueueCaller::uniqueId).containsExactly("c");
    }

    @Test
    void forgotten_state_makes_a_call_new_again() {
        QueueCaller c = at(3, "c", 5);
        Map<String, CallState> remembered = Map.of("c", arrived(600, 2, 200L));

        assertThat(OfferPolicy.due(CFG, List.of(c), remembered, NOW, 5)).isEmpty();
        assertThat(OfferPolicy.due(CFG, List.of(c), Map.of(), NOW, 5)).isEmpty(); // 5 s since first sight
    }

    @Test
    void at_most_max_per_tick_nearest_the_head_first() {
        List<QueueCaller> q = List.of(at(6, "f", 900), at(3, "c", 900), at(5, "e", 900), at(4, "d", 900));

        assertThat(OfferPolicy.due(CFG, q, Map.of(), NOW, 2)).extracting(QueueCaller::uniqueId).containsExactly("c", "d");
    }

    @Test
    void with_min_expected_wait_only_callers_expected_to_wait_that_long_are_offered_unless_the_pace_is_unknown() {
        TimedQueue cfg = new TimedQueue(Duration.ofSeconds(60), Duration.ofSeconds(120), 2, 2, Duration.ofMinutes(3));
        List<QueueCaller> q = List.of(at(1, "a", 600), at(2, "b", 600), at(3, "c", 600), at(4, "d", 600),
                at(5, "e", 600));

        // 50 s per position: position 3 expects 150 s (too short), 4 expects 200 s
        assertThat(OfferPolicy.due(cfg, q, Map.of(), NOW, 10, Optional.of(Duration.ofSeconds(50))))
                .extracting(QueueCaller::uniqueId).containsExactly("d", "e");
        assertThat(OfferPolicy.due(cfg, q, Map.of(), NOW, 10, Optional.empty()))
                .as("no pace known yet: the threshold holds nobody back").extracting(QueueCaller::uniqueId)
                .containsExactly("c", "d", "e");
        assertThat(OfferPolicy.due(CFG, q, Map.of(), NOW, 10, Optional.of(Duration.ofSeconds(1))))
                .as("no threshold set").extracting(QueueCaller::uniqueId).containsExactly("c", "d", "e");
    }
}
