package io.waitless.deflect;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A/B variants: a sticky, weighted assignment per caller and experiment, stoppable by weight 0. */
class PromotionVariantsTest {

    static Promotion variant(String name, int weight, String experiment) {
        return new Promotion("pay-" + name, "pay-bill", "Pay " + name + ".", "", List.of(), 10,
                Optional.of(new Promotion.Variant(experiment, "pay", name, weight, "")));
    }

    static Map<String, Integer> split(PromotionChooser chooser, int callers) {
        Map<String, Integer> n = new HashMap<>();
        for (int i = 0; i < callers; i++) {
            n.merge(chooser.choose("support", "caller-ref-" + i).orElseThrow().id(), 1, Integer::sum);
        }
        return n;
    }

    @Test
    void a_50_50_experiment_splits_callers_about_evenly_and_each_caller_keeps_their_variant() {
        PromotionChooser chooser = new PromotionChooser(List.of(variant("a", 50, "pay"), variant("b", 50, "pay")));
        Map<String, Integer> n = split(chooser, 10_000);
        assertThat(n.keySet()).containsExactlyInAnyOrder("pay-a", "pay-b");
        assertThat(n.get("pay-a")).isBetween(4_800, 5_200);
        for (int i = 0; i < 200; i++) {
            String ref = "caller-ref-" + i;
            assertThat(chooser.choose("support", ref)).isEqualTo(chooser.choose("support", ref));
        }
    }

    @Test
    void weights_set_the_shares() {
        PromotionChooser chooser = new PromotionChooser(List.of(variant("a", 80, "pay"), variant("b", 20, "pay")));
        assertThat(split(chooser, 10_000).get("pay-b")).isBetween(1_800, 2_200);
    }

    @Test
    void stopping_a_variant_moves_only_its_callers() {
        List<String> refs = IntStream.range(0, 2_000).mapToObj(i -> "caller-ref-" + i).toList();
        PromotionChooser before = new PromotionChooser(List.of(variant("a", 50, "pay"), variant("b", 25, "pay"),
                variant("c", 25, "pay")));
        PromotionChooser stopped = new PromotionChooser(List.of(variant("a", 50, "pay"), variant("b", 0, "pay"),
                variant("c", 50, "pay")));
        Function<PromotionChooser, Map<String, String>> assign = c -> refs.stream()
                .collect(Collectors.toMap(r -> r, r -> c.choose("support", r).orElseThrow().id()));
        Map<String, String> a = assign.apply(before);
        Map<String, String> b = assign.apply(stopped);
        assertThat(b.values()).doesNotContain("pay-b");
        refs.stream().filter(r -> !a.get(r).equals("pay-b"))
                .forEach(r -> assertThat(b.get(r)).as(r).isEqualTo(a.get(r)));
    }

    @Test
    void a_new_experiment_name_draws_the_callers_again() {
        PromotionChooser first = new PromotionChooser(List.of(variant("a", 50, "pay-1"), variant("b", 50, "pay-1")));
        PromotionChooser second = new PromotionChooser(List.of(variant("a", 50, "pay-2"), variant("b", 50, "pay-2")));
        long moved = IntStream.range(0, 1_000).mapToObj(i -> "caller-ref-" + i)
                .filter(r -> !first.choose("support", r).orElseThrow().id().equals(second.choose("support", r).orElseThrow().id()))
                .count();
        assertThat(moved).isBetween(400L, 600L);
    }

    @Test
    void an_experiment_counts_as_one_promotion_among_equals() {
        Promotion plain = new Promotion("outage", "check-outage", "Outage.", "", List.of(), 10);
        PromotionChooser chooser = new PromotionChooser(List.of(variant("a", 50, "pay"), variant("b", 50, "pay"), plain));
        Map<String, Integer> n = split(chooser, 10_000);
        assertThat(n.get("outage")).isBetween(4_700, 5_300);
        assertThat(n.get("pay-a") + n.get("pay-b")).isEqualTo(10_000 - n.get("outage"));
    }
}
