package io.waitless.report;

import io.waitless.report.Experiment.Arm;
import io.waitless.report.Experiment.Comparison;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ExperimentTest {

    @Test
    void the_wilson_interval_matches_published_values() {
        // Newcombe (1998), Statistics in Medicine 17:857, table I: 81/263 -> 0.2553 to 0.3662
        double[] ci = new Arm("a", 263, 81).interval();
        assertThat(ci[0]).isCloseTo(0.2553, within(0.0005));
        assertThat(ci[1]).isCloseTo(0.3662, within(0.0005));
        // 15/148 -> 0.0624 to 0.1605
        double[] small = new Arm("b", 148, 15).interval();
        assertThat(small[0]).isCloseTo(0.0624, within(0.0005));
        assertThat(small[1]).isCloseTo(0.1605, within(0.0005));
        assertThat(new Arm("c", 0, 0).interval()).containsExactly(0, 1);
        assertThat(new Arm("d", 10, 0).interval()[0]).isZero();
    }

    @Test
    void a_clear_difference_is_significant_and_the_verdict_names_the_winner() {
        Comparison c = Experiment.compare(List.of(new Arm("a", 1000, 100), new Arm("b", 1000, 150))).getFirst();
        // pooled p = 0.125, se = sqrt(0.125*0.875*0.002) = 0.014790; z = 0.05/0.014790 = 3.3806
        assertThat(c.z()).isCloseTo(3.3806, within(0.0005));
        assertThat(c.p()).isCloseTo(0.000723, within(0.00002));
        assertThat(c.significant()).isTrue();
        assertThat(c.verdict()).isEqualTo("b converts better than a (15.0 % vs 10.0 %), p=<0.001");
    }

    @Test
    void a_small_difference_is_reported_as_not_significant_with_its_p_value() {
        Comparison c = Experiment.compare(List.of(new Arm("a", 200, 40), new Arm("b", 200, 46))).getFirst();
        assertThat(c.significant()).isFalse();
        assertThat(c.verdict()).startsWith("no significant difference yet between a and b (20.0 % vs 23.0 %), p=0.4");
    }

    @Test
    void too_few_conversions_or_non_conversions_is_not_enough_data_never_a_guess() {
        Comparison c = Experiment.compare(List.of(new Arm("a", 40, 4), new Arm("b", 40, 20))).getFirst();
        assertThat(c.p()).isNaN();
        assertThat(c.significant()).isFalse();
        assertThat(c.verdict()).isEqualTo("not enough data yet: a has 4 of 40 (each variant needs at least 5 conversions"
                + " and 5 non-conversions)");
    }

    @Test
    void several_variants_are_each_compared_with_the_control_and_adjusted() {
        List<Comparison> cs = Experiment.compare(List.of(new Arm("a", 1000, 100), new Arm("b", 1000, 125),
                new Arm("c", 1000, 100)));
        assertThat(cs).hasSize(2);
        double raw = Experiment.compare(new Arm("a", 1000, 100), new Arm("b", 1000, 125), 1).p();
        assertThat(cs.get(0).p()).isCloseTo(Math.min(1, raw * 2), within(1e-12));
        assertThat(cs.get(0).verdict()).endsWith("(Bonferroni-adjusted for 2 comparisons)");
        assertThat(cs.get(1).p()).isEqualTo(1.0);
    }

    @Test
    void bad_counts_are_refused() {
        assertThatThrownBy(() -> new Arm("a", 10, 11)).hasMessage("a: 11 successes of 10 trials");
        assertThatThrownBy(() -> Experiment.compare(List.of(new Arm("a", 10, 1))))
                .hasMessageContaining("at least two variants");
    }
}
