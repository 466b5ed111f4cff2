package io.waitless.config;

import io.waitless.deflect.Promotion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A/B variants of a promotion: read, expanded into one promotion per variant, and every mistake refused. */
class ConfigLoaderVariantsTest {

    @TempDir
    Path dir;

    private ConfigFiles files() {
        return new ConfigFiles(dir);
    }

    private static String promotion(String yaml) {
        return ConfigFiles.validWith("  - {id: pay-in-app, flow: pay-bill, text: Pay in the app.}\n", yaml);
    }

    @Test
    void each_variant_becomes_a_promotion_of_its_own_with_the_shared_fields_and_its_overrides() {
        WaitlessConfig c = files().load(promotion("""
                  - id: pay-in-app
                    flow: pay-bill
                    text: Pay in the app.
                    incentive: No fee in the app.
                    priority: 5
                    queues: [support]
                    variants:
                      - {id: a, weight: 50}
                      - id: short
                        weight: 50
                        text: Skip the wait, pay in the app.
                        offer: Press 1 and we text you the link.
                """)).config();

        assertThat(c.promotions()).containsExactly(
                new Promotion("pay-in-app-a", "pay-bill", "Pay in the app.", "No fee in the app.", List.of("support"), 5,
                        Optional.of(new Promotion.Variant("pay-in-app", "pay-in-app", "a", 50, ""))),
                new Promotion("pay-in-app-short", "pay-bill", "Skip the wait, pay in the app.", "No fee in the app.",
                        List.of("support"), 5, Optional.of(new Promotion.Variant("pay-in-app", "pay-in-app", "short", 50,
                        "Press 1 and we text you the link."))));
        assertThat(c.promotions()).extracting(Promotion::mohClass)
                .containsExactly("waitless-pay-in-app-a", "waitless-pay-in-app-short");
    }

    @Test
    void the_experiment_name_defaults_to_the_promotion_id_and_may_be_set() {
        WaitlessConfig c = files().load(promotion("""
                  - id: pay-in-app
                    flow: pay-bill
                    text: Pay in the app.
                    experiment: pay-wording-dec
                    variants: [{id: a, weight: 100}, {id: b, weight: 0}]
                """)).config();
        assertThat(c.promotions()).allSatisfy(p -> assertThat(p.variant().orElseThrow().experiment()).isEqualTo("pay-wording-dec"));
        assertThat(c.promotions().get(1).variant().orElseThrow().weight()).isZero();
    }

    @Test
    void weights_that_do_not_add_up_to_100_are_refused_with_the_sum() {
        String yaml = promotion("""
                  - id: pay-in-app
                    flow: pay-bill
                    text: Pay in the app.
                    variants:
                      - {id: a, weight: 50}
                      - {id: b, weight: 40}
                """);
        files().assertRefused(yaml, "variants:", "promotions[0].variants", "the weights add up to 90, not 100 (a 50 + b 40)");
    }

    @Test
    void a_weight_out_of_range_or_missing_is_refused() {
        String yaml = promotion("""
                  - id: pay-in-app
                    flow: pay-bill
                    text: Pay in the app.
                    variants:
                      - {id: a, weight: 150}
                      - {id: b}
                """);
        String message = files().assertRefused(yaml, "weight: 150", "promotions[0].variants[0].weight", "0..100");
        assertThat(message).contains("promotions[0].variants[1].weight: is required");
    }

    @Test
    void one_variant_alone_is_refused() {
        files().assertRefused(promotion("""
                  - id: pay-in-app
                    flow: pay-bill
                    text: Pay in the app.
                    variants:
                      - {id: a, weight: 100}
                """), "variants:", "promotions[0].variants", "at least two variants");
    }

    @Test
    void a_repeated_or_malformed_variant_id_is_refused() {
        String yaml = promotion("""
                  - id: pay-in-app
                    flow: pay-bill
                    text: Pay in the app.
                    variants:
                      - {id: a, weight: 50}
                      - {id: a, weight: 25}
                      - {id: "B!", weight: 25}
                """);
        String message = files().assertRefused(yaml, "{id: a, weight: 25}", "promotions[0].variants[1].id",
                "is already a variant of this promotion (line " + ConfigFiles.lineOf(yaml, "{id: a, weight: 50}") + ")");
        assertThat(message).contains("promotions[0].variants[2].id: \"B!\" is not a variant id");
    }

    @Test
    void a_variant_whose_name_collides_with_another_promotion_is_refused() {
        String yaml = promotion("""
                  - id: pay-in-app
                    flow: pay-bill
                    text: Pay in the app.
                    variants:
                      - {id: a, weight: 50}
                      - {id: b, weight: 50}
                  - {id: pay-in-app-b, flow: pay-bill, text: Another.}
                """);
        files().assertRefused(yaml, "{id: b, weight: 50}", "promotions",
                "variant b of promotion pay-in-app plays as pay-in-app-b, which is also the id of another promotion");
    }

    @Test
    void a_variant_of_a_promotion_for_an_unknown_flow_reports_the_flow_and_the_variants_own_mistakes() {
        String yaml = promotion("""
                  - id: pay-in-app
                    flow: no-such-flow
                    text: Pay in the app.
                    variants:
                      - {id: a, weight: 50, colour: red}
                      - {id: b, weight: 50}
                """);
        String message = files().assertRefused(yaml, "flow: no-such-flow", "promotions[0].flow", "no-such-flow");
        assertThat(message).contains("promotions[0].variants[0].colour: unknown key");
    }
}
