package io.waitless.deflect;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PromotionChooserTest {
    final Promotion pay = new Promotion("pay", "pay-bill", "Pay.", "", List.of("support"), 10);
    final Promotion outage = new Promotion("outage", "check-outage", "Outage.", "", List.of(), 10);
    final Promotion move = new Promotion("move", "moving", "Move.", "", List.of("support"), 5);
    final Promotion tech = new Promotion("tech", "check-outage", "Tech.", "", List.of("tech"), 50);
    final PromotionChooser chooser = new PromotionChooser(List.of(pay, outage, move, tech));

    @Test
    void only_promotions_of_the_callers_queue_are_chosen_and_the_highest_priority_wins() {
        assertThat(chooser.choose("tech", "anyone")).contains(tech);
        for (int i = 0; i < 50; i++) {
            assertThat(chooser.choose("support", "caller-" + i).orElseThrow()).isIn(pay, outage);
        }
    }

    @Test
    void the_same_caller_always_hears_the_same_promotion_and_callers_are_spread_over_equals() {
        assertThat(chooser.choose("support", "ref-1")).isEqualTo(chooser.choose("support", "ref-1"));
        Set<Promotion> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            seen.add(chooser.choose("support", "ref-" + i).orElseThrow());
        }
        assertThat(seen).containsExactlyInAnyOrder(pay, outage);
    }

    @Test
    void a_queue_without_promotions_gets_none() {
        assertThat(new PromotionChooser(List.of(pay)).choose("sales", "x")).isEmpty();
    }

    @Test
    void the_callers_spoken_intent_picks_the_promotion_of_its_flow_over_priority() {
        for (int i = 0; i < 20; i++) {
            assertThat(chooser.choose("support", "caller-" + i, Optional.of("moving"))).contains(move);
        }
    }

    @Test
    void an_intent_whose_flow_has_no_promotion_in_the_queue_changes_nothing() {
        assertThat(chooser.choose("support", "ref-7", Optional.of("cancel"))).isEqualTo(chooser.choose("support", "ref-7"));
        assertThat(chooser.choose("tech", "ref-7", Optional.of("moving"))).contains(tech);
    }
}
