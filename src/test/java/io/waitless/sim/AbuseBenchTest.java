package io.waitless.sim;

import io.waitless.call.CallEvent;
import io.waitless.call.EventType;
import io.waitless.config.WaitlessConfig.Budgets;
import io.waitless.sim.AbusePopulation.Caller;
import io.waitless.sim.AbusePopulation.Kind;
import io.waitless.sms.SmsMessage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's verifier judges from the population: it must catch each kind of forbidden outcome. */
class AbuseBenchTest {
    static final Instant T0 = Instant.parse("2026-11-23T10:00:30Z");
    static final AbuseBench.Run RUN = new AbuseBench.Run(T0, T0.plusSeconds(5));

    final List<CallEvent> events = new ArrayList<>();

    Caller caller(int i, Kind kind, String e164) {
        return new Caller("c" + i, kind, e164, 0, e164);
    }

    void texted(Caller c, boolean consent) {
        if (consent) {
            events.add(CallEvent.of(EventType.OFFER_ACCEPTED, T0, c.callId()).with("via", "dtmf")
                    .with("prompt-version", "abcd1234").build());
        }
        events.add(CallEvent.of(EventType.SMS_SENT, T0, c.callId()).build());
    }

    void refused(Caller c, String reason) {
        events.add(CallEvent.of(EventType.OFFER_WITHHELD, T0, c.callId()).with("reason", reason).build());
        events.add(CallEvent.of(EventType.OFFER_REFUSED, T0, c.callId()).with("reason", reason).build());
    }

    static SmsMessage text(Caller c) {
        return new SmsMessage("d-" + c.callId(), c.e164(), "Galil", "hi");
    }

    @Test
    void a_clean_run_verifies() {
        Caller m = caller(1, Kind.MOBILE, "+972502345678");
        Caller l = caller(2, Kind.LANDLINE, "+97236123456");
        texted(m, true);
        refused(l, "landline");
        var r = AbuseBench.verify(List.of(m, l), Set.of(), List.of(text(m)), events, Budgets.DEFAULTS, RUN);
        assertThat(r.problems()).isEmpty();
        assertThat(r.refusedByReason()).containsEntry("landline", 1L);
    }

    @Test
    void a_text_to_a_landline_or_an_opted_out_number_is_caught() {
        Caller l = caller(1, Kind.LANDLINE, "+97236123456");
        Caller o = caller(2, Kind.MOBILE, "+972548765432");
        texted(l, true);
        texted(o, true);
        var r = AbuseBench.verify(List.of(l, o), Set.of("+972548765432"), List.of(text(l), text(o)), events,
                Budgets.DEFAULTS, RUN);
        assertThat(r.problems()).anyMatch(p -> p.contains("LANDLINE")).anyMatch(p -> p.contains("opted-out"));
    }

    @Test
    void a_third_text_to_one_number_and_a_sixth_new_number_in_a_prefix_are_caught() {
        List<Caller> callers = new ArrayList<>();
        List<SmsMessage> texts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Caller c = caller(i, Kind.REPEAT, "+972502345678");
            callers.add(c);
            texted(c, true);
            texts.add(text(c));
        }
        for (int i = 0; i < 5; i++) {
            Caller c = caller(10 + i, Kind.PUMPING, "+97250231234" + i);
            callers.add(c);
            texted(c, true);
            texts.add(text(c));
        }
        var r = AbuseBench.verify(callers, Set.of(), texts, events, Budgets.DEFAULTS, RUN);
        assertThat(r.problems()).anyMatch(p -> p.startsWith("per-number budget exceeded: 3 texts"))
                .anyMatch(p -> p.startsWith("prefix burst: 6 distinct numbers texted in +9725023"));
    }

    @Test
    void a_text_without_consent_in_its_call_and_a_silent_refusal_are_caught() {
        Caller m = caller(1, Kind.MOBILE, "+972502345678");
        Caller silent = caller(2, Kind.MOBILE, "+972548765432");
        texted(m, false);
        var r = AbuseBench.verify(List.of(m, silent), Set.of(), List.of(text(m)), events, Budgets.DEFAULTS, RUN);
        assertThat(r.problems()).anyMatch(p -> p.contains("without consent"))
                .anyMatch(p -> p.contains("c2 (MOBILE) got no text and no offer.refused reason"));
    }

    @Test
    void a_run_across_a_window_boundary_allows_two_windows_worth() {
        var across = new AbuseBench.Run(Instant.parse("2026-11-23T10:59:59Z"), Instant.parse("2026-11-23T11:00:01Z"));
        assertThat(AbuseBench.windows(Budgets.DEFAULTS.perPrefix(), across)).isEqualTo(2);
        assertThat(AbuseBench.windows(Budgets.DEFAULTS.perPrefix(), RUN)).isEqualTo(1);
    }

    @Test
    void the_population_has_every_kind_in_its_share_and_is_reproducible() {
        List<Caller> a = AbusePopulation.generate(1000, 7);
        assertThat(a).hasSize(1000).extracting(Caller::callId).doesNotHaveDuplicates();
        assertThat(a.stream().filter(c -> c.kind() == Kind.PUMPING))
                .hasSize(150).allSatisfy(c -> assertThat(c.e164()).startsWith("+9725023").hasSize(13));
        assertThat(a.stream().map(Caller::kind).distinct()).containsExactlyInAnyOrder(Kind.values());
        assertThat(AbusePopulation.generate(1000, 7)).isEqualTo(a);
    }
}
