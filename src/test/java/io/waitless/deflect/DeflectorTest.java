package io.waitless.deflect;

import io.waitless.call.CallEvent;
import io.waitless.call.CallInfo;
import io.waitless.call.EventType;
import io.waitless.call.Outcome;
import io.waitless.config.WaitlessConfig;
import io.waitless.testing.InMemoryJournal;
import io.waitless.testing.InMemoryOptOuts;
import io.waitless.testing.InMemorySmsBudget;
import io.waitless.testing.InMemoryLinkStore;
import io.waitless.testing.RecordingSmsGateway;
import io.waitless.testing.TestConfigs;
import io.waitless.testing.TestNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DeflectorTest {
    @TempDir
    Path dir;

    final InMemoryJournal journal = new InMemoryJournal();
    final InMemoryLinkStore links = new InMemoryLinkStore();
    final RecordingSmsGateway gateway = new RecordingSmsGateway();
    final Instant now = Instant.parse("2026-11-23T10:00:00Z");

    final InMemoryOptOuts optOuts = new InMemoryOptOuts();
    final InMemorySmsBudget budget = new InMemorySmsBudget(WaitlessConfig.Budgets.DEFAULTS, Clock.fixed(now, ZoneOffset.UTC));

    Deflector deflector() {
        WaitlessConfig cfg = TestConfigs.config(dir, URI.create("redis://127.0.0.1:1/0"));
        return TestNodes.deflector(cfg, journal, links, gateway, optOuts, budget, Clock.fixed(now, ZoneOffset.UTC));
    }

    Deflector.Acceptance accept(Deflector d, String number) {
        return d.accept(call(number), "support", "pay-in-app", Optional.empty(), "1", Consent.Via.DTMF);
    }

    static final String REF_MOBILE = new io.waitless.phone.PhoneNumberPolicy(
            new WaitlessConfig.Callers("IL", java.util.List.of("IL"), false, "test-reference-key")).reference("+972502345678");

    void optOut(String ref) {
        optOuts.add(new OptOuts.Entry(ref, "+97250•••5678", now, "cli"));
    }

    CallInfo call(String callerId) {
        return new CallInfo("1795423503.7", "Local/x", callerId, 0, "en");
    }

    @Test
    void accepting_creates_a_deflection_a_live_link_and_a_one_segment_text() {
        Deflector d = deflector();
        var a = d.accept(call("+972502345678"), "support", "pay-in-app", Optional.of(now.minusSeconds(90)), "2", Consent.Via.DTMF);
        assertThat(a).isInstanceOf(Deflector.Acceptance.Ready.class);
        var ready = (Deflector.Acceptance.Ready) a;
        assertThat(ready.link().deflection()).isEqualTo(ready.deflection().id());
        assertThat(ready.link().code()).isNotEqualTo(ready.deflection().id());
        assertThat(ready.link().expires()).isEqualTo(now.plus(Duration.ofDays(7)));
        assertThat(ready.message().text())
                .isEqualTo("Galil Cable: pay your bill here: https://go.galilcable.example/l/" + ready.link().code()
                        + " - you keep your place in line.");
        assertThat(d.send(ready).ok()).isTrue();
        assertThat(journal.deflection(ready.deflection().id()).orElseThrow().state().wireName()).isEqualTo("sent");
        CallEvent made = journal.events(EventType.OFFER_MADE).getFirst();
        assertThat(made.attribute("count")).isEqualTo("3"); // clips ended at 28, 56 and 84 s; the reminder offers nothing
        assertThat(made.attribute("queued-seconds")).isEqualTo("90");
    }

    @Test
    void a_landline_gets_no_text_and_the_reason_is_journaled() {
        var a = deflector().accept(call("+97236123456"), "support", "pay-in-app", Optional.empty(), "1", Consent.Via.DTMF);
        assertThat(a).isEqualTo(new Deflector.Acceptance.Refused("landline"));
        assertThat(journal.types()).containsExactly("offer.made", "offer.accepted", "offer.refused");
        assertThat(gateway.sent()).isEmpty();
    }

    @Test
    void a_link_store_outage_means_no_text_promised_and_an_sms_failed_event() {
        links.goDown();
        var a = deflector().accept(call("+972502345678"), "support", "pay-in-app", Optional.empty(), "1", Consent.Via.DTMF);
        assertThat(a).isEqualTo(new Deflector.Acceptance.Refused("link-store-unavailable"));
        assertThat(journal.events(EventType.SMS_FAILED)).singleElement()
                .satisfies(e -> assertThat(e.attribute("reason")).isEqualTo("link-store-unavailable"));
    }

    @Test
    void a_journal_outage_does_not_stop_the_text() {
        journal.goDown();
        Deflector d = deflector();
        var a = d.accept(call("+972502345678"), "support", "pay-in-app", Optional.empty(), "1", Consent.Via.DTMF);
        assertThat(d.send((Deflector.Acceptance.Ready) a).ok()).isTrue();
        assertThat(gateway.sent()).hasSize(1);
    }

    @Test
    void an_unknown_promotion_falls_back_to_the_queues_choice() {
        var a = deflector().accept(call("+972502345678"), "support", "", Optional.empty(), "1", Consent.Via.DTMF);
        assertThat(a).isInstanceOfSatisfying(Deflector.Acceptance.Ready.class,
                r -> assertThat(r.deflection().promotion()).isEqualTo("pay-in-app"));
    }

    @Test
    void a_textable_caller_is_offered_a_text_and_nothing_is_withheld() {
        Deflector.Arrival a = deflector().arrive(call("0502345678"), "support");
        assertThat(a.offerable()).isTrue();
        assertThat(a.holdAudioClass()).contains("waitless-pay-in-app");
        assertThat(journal.events(EventType.OFFER_WITHHELD)).isEmpty();
    }

    @Test
    void a_landline_is_withheld_at_arrival_with_its_reason_journaled_and_hears_the_no_offer_audio() {
        Deflector.Arrival a = deflector().arrive(call("+97236123456"), "support");
        assertThat(a.withheld()).contains("landline");
        assertThat(a.holdAudioClass()).contains("waitless-pay-in-app-nooffer");
        assertThat(journal.events(EventType.OFFER_WITHHELD)).singleElement().satisfies(e -> {
            assertThat(e.attribute("reason")).isEqualTo("landline");
            assertThat(e.attribute("number")).isEqualTo("+97236••3456");
        });
    }

    @Test
    void an_opted_out_number_is_neither_offered_nor_texted_even_when_it_presses_1() {
        optOut(REF_MOBILE);
        Deflector d = deflector();
        assertThat(d.arrive(call("+972502345678"), "support").withheld()).contains("opted-out");
        assertThat(accept(d, "+972502345678")).isEqualTo(new Deflector.Acceptance.Refused("opted-out"));
        assertThat(journal.events(EventType.OFFER_REFUSED)).singleElement()
                .satisfies(e -> assertThat(e.attribute("reason")).isEqualTo("opted-out"));
        assertThat(links.all()).isEmpty();
    }

    @Test
    void an_unreadable_opt_out_list_means_no_text_but_the_call_goes_on() {
        optOuts.goDown();
        Deflector d = deflector();
        assertThat(d.arrive(call("+972502345678"), "support").withheld()).contains("optout-unavailable");
        assertThat(accept(d, "+972502345678")).isEqualTo(new Deflector.Acceptance.Refused("optout-unavailable"));
        assertThat(gateway.sent()).isEmpty();
    }

    @Test
    void the_per_number_budget_is_spent_at_accept_and_stops_the_third_text_and_then_the_offer() {
        Deflector d = deflector();
        for (int i = 0; i < 2; i++) {
            assertThat(d.send((Deflector.Acceptance.Ready) accept(d, "+972502345678")).ok()).isTrue();
        }
        assertThat(accept(d, "+972502345678")).isEqualTo(new Deflector.Acceptance.Refused("budget-number"));
        assertThat(d.arrive(call("+972502345678"), "support").withheld()).contains("budget-number");
        assertThat(d.arrive(call("+972548765432"), "support").offerable()).isTrue();
        assertThat(gateway.sent()).hasSize(2);
    }

    @Test
    void checking_at_arrival_spends_nothing() {
        Deflector d = deflector();
        for (int i = 0; i < 5; i++) {
            assertThat(d.arrive(call("+972502345678"), "support").offerable()).isTrue();
        }
        assertThat(accept(d, "+972502345678")).isInstanceOf(Deflector.Acceptance.Ready.class);
    }

    @Test
    void an_unavailable_budget_means_no_text() {
        budget.goDown();
        Deflector d = deflector();
        assertThat(d.arrive(call("+972502345678"), "support").withheld()).contains("budget-unavailable");
        assertThat(accept(d, "+972502345678")).isEqualTo(new Deflector.Acceptance.Refused("budget-unavailable"));
    }

    @Test
    void an_open_gateway_breaker_withholds_the_offer_refuses_the_text_and_spends_no_budget() {
        gateway.unavailable();
        Deflector d = deflector();
        assertThat(d.arrive(call("+972502345678"), "support").withheld()).contains("gateway-unavailable");
        for (int i = 0; i < 3; i++) {
            assertThat(accept(d, "+972502345678")).isEqualTo(new Deflector.Acceptance.Refused("gateway-unavailable"));
        }
        assertThat(budget.check(new SmsBudget.Recipient(REF_MOBILE, "+972502345678", "IL")).allowed()).isTrue();
    }

    @Test
    void the_accepted_event_records_how_when_and_which_prompt_version_the_caller_heard() {
        Deflector d = deflector();
        var ready = (Deflector.Acceptance.Ready) d.accept(call("+972502345678"), "support", "pay-in-app",
                Optional.empty(), "3", Consent.Via.SPEECH);
        String expected = DeflectionSettings.promptVersion("Press 1 for a link by text.", "Pay your bill in the app. No fee.");
        assertThat(expected).hasSize(8);
        assertThat(ready.consent()).isEqualTo(new Consent("1795423503.7", Consent.Via.SPEECH, now, expected));
        CallEvent accepted = journal.events(EventType.OFFER_ACCEPTED).getFirst();
        assertThat(accepted.attribute("via")).isEqualTo("speech");
        assertThat(accepted.attribute("prompt-version")).isEqualTo(expected);
        assertThat(accepted.time()).isEqualTo(now);
        assertThat(DeflectionSettings.promptVersion("Press 1 for a link by text.", "Something else")).isNotEqualTo(expected);
    }

    @Test
    void a_text_is_never_sent_with_consent_from_another_call() {
        Deflector d = deflector();
        var ready = (Deflector.Acceptance.Ready) accept(d, "+972502345678");
        var forged = new Deflector.Acceptance.Ready(ready.deflection(), ready.link(), ready.message(), ready.call(),
                new Consent("another-call", Consent.Via.DTMF, now, "00000000"));
        assertThat(d.send(forged)).isEqualTo(new Deflector.Sent(false, "no-consent"));
        assertThat(gateway.sent()).isEmpty();
    }

    @Test
    void pressing_1_over_the_no_offer_audio_is_refused_and_not_counted_as_an_offer() {
        Deflector d = deflector();
        var a = d.accept(call("+97236123456"), "support", "pay-in-app", Optional.of(now.minusSeconds(90)), "2",
                Consent.Via.DTMF, false);
        assertThat(a).isEqualTo(new Deflector.Acceptance.Refused("landline"));
        assertThat(journal.events(EventType.OFFER_MADE)).isEmpty();
        assertThat(journal.events(EventType.OFFER_ACCEPTED)).hasSize(1); // the key press itself is still journaled
    }

    @Test
    void a_landline_caller_gets_the_no_offer_hold_audio_and_is_never_counted_as_offered() {
        Deflector d = deflector();
        Deflector.Arrival arrival = d.arrive(call("+97236123456"), "support");
        assertThat(arrival.withheld()).contains("landline");
        assertThat(arrival.holdAudioClass()).contains(arrival.promotion().orElseThrow().noOfferMohClass());

        d.ended(call("+97236123456"), new Deflector.Ending("support", "queued", 0, Optional.of(now.minusSeconds(200)),
                arrival.promotion().orElseThrow().id(), "", "16", false));
        assertThat(journal.events(EventType.PROMO_PLAYED)).hasSize(1);
        assertThat(journal.events(EventType.OFFER_MADE)).isEmpty();
    }

    @Test
    void outcomes_follow_the_dialplan_state_and_answered_time() {
        Deflector d = deflector();
        assertThat(d.ended(call("x"), new Deflector.Ending("support", "queued", 120, Optional.empty(), "", "", "16", true)))
                .isEqualTo(Outcome.ANSWERED);
        assertThat(d.ended(call("x"), new Deflector.Ending("support", "queued", 0, Optional.empty(), "", "D1", "16", true)))
                .isEqualTo(Outcome.ABANDONED_AFTER_LINK);
        assertThat(d.ended(call("x"), new Deflector.Ending("support", "queued", 0, Optional.empty(), "", "", "16", true)))
                .isEqualTo(Outcome.ABANDONED);
        assertThat(d.ended(call("x"), new Deflector.Ending("support", "accept", 0, Optional.empty(), "", "", "16", true)))
                .isEqualTo(Outcome.HUNG_UP_IN_ACCEPT);
        assertThat(d.ended(call("x"), new Deflector.Ending("support", "arrive", 0, Optional.empty(), "", "", "16", true)))
                .isEqualTo(Outcome.HUNG_UP_BEFORE_QUEUE);
        assertThat(d.ended(call("x"), new Deflector.Ending("support", "left:LEAVEEMPTY", 0, Optional.empty(), "", "", "", true)))
                .isEqualTo(Outcome.LEFT_QUEUE);
        assertThat(d.ended(call("x"), new Deflector.Ending("support", "", 0, Optional.empty(), "", "", "", true)))
                .isEqualTo(Outcome.UNKNOWN);
    }

    @Test
    void a_recognised_spoken_intent_is_on_call_arrived_and_journaled_with_transcript_and_score() {
        SpokenIntent said = SpokenIntent.recognized("billing", Optional.of("pay-bill"), 0.8125,
                "i want to pay my bill", 1, java.time.Duration.ofMillis(4200));
        deflector().arrive(call("+972502345678"), "support", Optional.of(said));
        assertThat(journal.events(EventType.CALL_ARRIVED)).singleElement()
                .satisfies(e -> assertThat(e.attribute("intent")).isEqualTo("billing"));
        assertThat(journal.events(EventType.INTENT_RECOGNIZED)).singleElement().satisfies(e -> {
            assertThat(e.attribute("intent")).isEqualTo("billing");
            assertThat(e.attribute("flow")).isEqualTo("pay-bill");
            assertThat(e.attribute("score")).isEqualTo("0.813");
            assertThat(e.attribute("transcript")).isEqualTo("i want to pay my bill");
            assertThat(e.attribute("listened-ms")).isEqualTo("4200");
        });
        assertThat(journal.events(EventType.INTENT_UNKNOWN)).isEmpty();
    }

    @Test
    void an_unclear_answer_is_journaled_as_unknown_and_the_call_arrives_without_an_intent() {
        SpokenIntent said = SpokenIntent.notRecognized(SpokenIntent.Outcome.UNCLEAR, 0.31, "what time is the game", 2,
                java.time.Duration.ofSeconds(9));
        Deflector.Arrival a = deflector().arrive(call("+972502345678"), "support", Optional.of(said));
        assertThat(a.promotion()).isPresent();
        assertThat(journal.events(EventType.CALL_ARRIVED)).singleElement()
                .satisfies(e -> assertThat(e.attributes()).doesNotContainKey("intent"));
        assertThat(journal.events(EventType.INTENT_UNKNOWN)).singleElement().satisfies(e -> {
            assertThat(e.attribute("outcome")).isEqualTo("unclear");
            assertThat(e.attribute("attempts")).isEqualTo("2");
        });
    }

    @Test
    void a_spoken_offer_is_counted_once_even_when_accepted() {
        Deflector d = deflector();
        d.offering(call("+972502345678"), "support", "pay-in-app", Optional.empty(), "1");
        var a = d.acceptSpoken(call("+972502345678"), "support", "pay-in-app", "3", Consent.Via.SPEECH);
        assertThat(a).isInstanceOf(Deflector.Acceptance.Ready.class);
        assertThat(journal.events(EventType.OFFER_MADE)).singleElement()
                .satisfies(e -> assertThat(e.attribute("spoken")).isEqualTo("true"))
                .satisfies(e -> assertThat(e.attribute("nth")).isEqualTo("1"));
        assertThat(journal.events(EventType.OFFER_ACCEPTED)).singleElement()
                .satisfies(e -> assertThat(e.attribute("via")).isEqualTo("speech"));
    }

    @Test
    void a_declined_spoken_offer_is_journaled_with_the_answer() {
        deflector().declined(call("+972502345678"), "support", "pay-in-app", "agent", "speech", "i want a person");
        assertThat(journal.events(EventType.OFFER_DECLINED)).singleElement().satisfies(e -> {
            assertThat(e.attribute("answer")).isEqualTo("agent");
            assertThat(e.attribute("via")).isEqualTo("speech");
        });
    }

    Deflector deflectorWith(ChannelStates channels) {
        WaitlessConfig cfg = TestConfigs.config(dir, URI.create("redis://127.0.0.1:1/0"));
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        return new Deflector(TestNodes.settings(cfg), new io.waitless.phone.PhoneNumberPolicy(cfg.callers(), cfg.queues(),
                io.waitless.phone.LineTypes.NONE), id -> TestNodes.SCHEDULE, journal, links,
                new io.waitless.link.LinkCodes(cfg.links().codeLength()), gateway, optOuts, budget, channels, clock);
    }

    @Test
    void a_promotion_whose_channel_is_down_is_not_chosen_and_another_plays_instead() {
        java.util.Set<String> down = new java.util.HashSet<>();
        Deflector d = deflectorWith(c -> !down.contains(c));
        assertThat(d.arrive(call("+972502345678"), "tech").promotion().map(Promotion::id)).contains("pay-in-app");

        down.add("app");

        assertThat(d.arrive(call("+972502345678"), "tech").promotion().map(Promotion::id)).contains("outage-web");
        assertThat(d.arrive(call("+972502345678"), "support").promotion()).isEmpty();
        down.clear();
        assertThat(d.arrive(call("+972502345678"), "support").promotion().map(Promotion::id)).contains("pay-in-app");
    }

    @Test
    void pressing_1_for_a_promotion_whose_channel_went_down_is_refused_with_channel_down_and_nothing_is_spent() {
        Deflector d = deflectorWith(c -> !c.equals("app"));

        var a = accept(d, "+972502345678");

        assertThat(a).isEqualTo(new Deflector.Acceptance.Refused("channel-down"));
        assertThat(journal.events(EventType.OFFER_REFUSED)).singleElement()
                .satisfies(e -> assertThat(e.attribute("reason")).isEqualTo("channel-down"));
        assertThat(links.all()).isEmpty();
        assertThat(gateway.sent()).isEmpty();
    }

    /** The test config's settings with other promotions. */
    DeflectionSettings settingsWith(Promotion... promotions) {
        WaitlessConfig cfg = TestConfigs.config(dir, URI.create("redis://127.0.0.1:1/0"));
        return new DeflectionSettings(cfg.company().name(), cfg.sms().sender(), cfg.links().publicBaseUrl(),
                cfg.links().ttl(), cfg.sms().templates(), cfg.flows(), java.util.List.of(promotions), "Press 1.");
    }

    static Promotion targeted(String id, String flow, int priority, java.util.List<String> intents, String hours) {
        Optional<Schedule> schedule = hours.isEmpty() ? Optional.empty() : Optional.of(new Schedule(ZoneOffset.UTC,
                java.util.List.of(new Schedule.Window(java.util.EnumSet.of(java.time.DayOfWeek.MONDAY),
                        java.time.LocalTime.parse(hours.split("-")[0]), java.time.LocalTime.parse(hours.split("-")[1])))));
        return new Promotion(id, flow, id + ".", "", java.util.List.of(), priority, Optional.empty(),
                new Promotion.Targeting(intents, schedule));
    }

    @Test
    void a_reload_changes_the_promotions_for_the_next_caller_and_a_promotion_outside_its_hours_is_not_chosen() {
        Deflector d = deflector();
        assertThat(d.arrive(call("+972502345678"), "support").promotion().map(Promotion::id)).contains("pay-in-app");

        // now is Monday 10:00 UTC
        d.reload(settingsWith(targeted("lunch-pay", "pay-bill", 20, java.util.List.of(), "12:00-14:00"),
                targeted("morning-outage", "check-outage", 10, java.util.List.of(), "09:00-11:00")), id -> TestNodes.SCHEDULE);

        assertThat(d.arrive(call("+972502345678"), "support").promotion().map(Promotion::id)).contains("morning-outage");
        assertThat(d.settings().promotions()).extracting(Promotion::id).containsExactly("lunch-pay", "morning-outage");

        d.reload(settingsWith(targeted("lunch-pay", "pay-bill", 20, java.util.List.of(), "12:00-14:00")), id -> TestNodes.SCHEDULE);
        assertThat(d.arrive(call("+972502345678"), "support").promotion()).isEmpty();
    }

    @Test
    void a_callers_intent_excludes_promotions_for_other_intents_and_prefers_those_for_theirs() {
        Deflector d = deflector();
        d.reload(settingsWith(targeted("generic", "check-outage", 10, java.util.List.of(), ""),
                targeted("for-billing", "pay-bill", 1, java.util.List.of("billing"), "")), id -> TestNodes.SCHEDULE);
        java.util.function.Function<Optional<String>, Optional<String>> heard = intent -> d.arrive(call("+972502345678"),
                "support", intent.map(i -> SpokenIntent.recognized(i, Optional.empty(), 0.9, i, 1, java.time.Duration.ofSeconds(2))))
                .promotion().map(Promotion::id);

        assertThat(heard.apply(Optional.of("billing"))).contains("for-billing");
        assertThat(heard.apply(Optional.of("outage"))).contains("generic");
        assertThat(heard.apply(Optional.empty())).contains("generic");
    }

    /** Declines in memory, with their rests, for the decline tests. */
    static final class MemoryDeclines implements Declines {
        final java.util.Map<String, java.util.Map<String, java.time.Duration>> byCaller = new java.util.concurrent.ConcurrentHashMap<>();
        boolean broken;

        @Override
        public java.util.Set<String> recent(String callerRef) {
            if (broken) {
                throw new DeclinesUnavailableException("redis down", null);
            }
            return byCaller.getOrDefault(callerRef, java.util.Map.of()).keySet();
        }

        @Override
        public void record(String callerRef, String slot, java.time.Duration rest) {
            if (broken) {
                throw new DeclinesUnavailableException("redis down", null);
            }
            byCaller.computeIfAbsent(callerRef, k -> new java.util.concurrent.ConcurrentHashMap<>()).put(slot, rest);
        }
    }

    Deflector deflectorWith(Declines declines, Promotion... promotions) {
        WaitlessConfig cfg = TestConfigs.config(dir, URI.create("redis://127.0.0.1:1/0"));
        return new Deflector(settingsWith(promotions), new io.waitless.phone.PhoneNumberPolicy(cfg.callers(), cfg.queues(),
                io.waitless.phone.LineTypes.NONE), id -> TestNodes.SCHEDULE, journal, links,
                new io.waitless.link.LinkCodes(cfg.links().codeLength()), gateway, optOuts, budget, ChannelStates.ALL_UP,
                declines, Clock.fixed(now, ZoneOffset.UTC));
    }

    static Promotion resting(String id, String flow, int priority, java.time.Duration rest) {
        return new Promotion(id, flow, id + ".", "", java.util.List.of(), priority, Optional.empty(),
                new Promotion.Targeting(java.util.List.of(), Optional.empty(), rest));
    }

    @Test
    void a_no_is_remembered_for_the_promotions_rest_and_the_caller_is_offered_another_one_next_time() {
        MemoryDeclines declines = new MemoryDeclines();
        Deflector d = deflectorWith(declines, resting("pay", "pay-bill", 10, java.time.Duration.ofDays(3)),
                resting("outage", "check-outage", 5, java.time.Duration.ZERO));
        assertThat(d.arrive(call("+972502345678"), "support").promotion().map(Promotion::id)).contains("pay");

        d.declined(call("+972502345678"), "support", "pay", "agent", "speech", "an agent please");
        assertThat(declines.byCaller).as("only a no is a decline").isEmpty();
        d.declined(call("+972502345678"), "support", "pay", "no", "speech", "no thanks");
        assertThat(declines.byCaller.get(REF_MOBILE)).containsExactly(java.util.Map.entry("pay", java.time.Duration.ofDays(3)));

        assertThat(d.arrive(call("+972502345678"), "support").promotion().map(Promotion::id)).contains("outage");
        assertThat(d.arrive(call("+972502876543"), "support").promotion().map(Promotion::id)).as("another caller")
                .contains("pay");

        d.declined(call("+972502345678"), "support", "outage", "no", "dtmf", "");
        assertThat(declines.byCaller.get(REF_MOBILE)).as("a rest of zero is not remembered").containsOnlyKeys("pay");
    }

    @Test
    void unreadable_declines_offer_as_if_there_were_none_and_a_failed_record_does_not_break_the_call() {
        MemoryDeclines declines = new MemoryDeclines();
        declines.broken = true;
        Deflector d = deflectorWith(declines, resting("pay", "pay-bill", 10, java.time.Duration.ofDays(3)));
        assertThat(d.arrive(call("+972502345678"), "support").promotion().map(Promotion::id)).contains("pay");
        d.declined(call("+972502345678"), "support", "pay", "no", "speech", "no");
        assertThat(journal.events(EventType.OFFER_DECLINED)).hasSize(1);
    }

    @Test
    void next_skips_what_the_caller_heard_in_this_call_counting_an_experiment_once() {
        Promotion a = new Promotion("pay-a", "pay-bill", "A.", "", java.util.List.of(), 10,
                Optional.of(new Promotion.Variant("pay", "pay", "a", 50, "")));
        Promotion b = new Promotion("pay-b", "pay-bill", "B.", "", java.util.List.of(), 10,
                Optional.of(new Promotion.Variant("pay", "pay", "b", 50, "")));
        Deflector d = deflectorWith(Declines.NONE, a, b, resting("outage", "check-outage", 5, java.time.Duration.ZERO));

        assertThat(d.next(call("+972502345678"), "support", java.util.Set.of("pay-a"), Optional.empty())
                .map(Promotion::id)).contains("outage");
        assertThat(d.next(call("+972502345678"), "support", java.util.Set.of("pay-b", "outage"), Optional.empty())).isEmpty();
        assertThat(journal.events(EventType.PROMO_CHANGED)).singleElement()
                .satisfies(e -> assertThat(e.attribute("after")).isEqualTo("pay-a"));
    }

    @Test
    void a_caller_of_a_hebrew_queue_hears_the_hebrew_hold_audio_once_laid_out_and_gets_the_hebrew_text() {
        WaitlessConfig cfg = TestConfigs.config(dir, URI.create("redis://127.0.0.1:1/0"));
        java.util.Map<String, String> templates = new java.util.LinkedHashMap<>();
        templates.put("en", "{company}: {flow} {link}");
        templates.put("he", "HE {company}: {link}");
        Languages languages = new Languages(java.util.List.of("en", "he"), java.util.Map.of("support", "he", "tech", "channel"));
        DeflectionSettings base = new DeflectionSettings(cfg.company().name(), cfg.sms().sender(), cfg.links().publicBaseUrl(),
                cfg.links().ttl(), templates, cfg.flows(), cfg.promotions(), "Press 1.");
        Deflector d = deflector();

        d.reload(base.withLanguages(languages, java.util.Set.of()), id -> TestNodes.SCHEDULE);
        Deflector.Arrival notYet = d.arrive(call("+972502345678"), "support");
        assertThat(notYet.language()).isEqualTo("he");
        assertThat(notYet.holdAudioClass()).as("no Hebrew class laid out: the fallback's").contains("waitless-pay-in-app");

        d.reload(base.withLanguages(languages, java.util.Set.of("waitless-pay-in-app_he")), id -> TestNodes.SCHEDULE);
        assertThat(d.arrive(call("+972502345678"), "support").holdAudioClass()).contains("waitless-pay-in-app_he");
        assertThat(d.arrive(call("+972502345678"), "tech").language()).as("tech takes the channel's: en").isEqualTo("en");
        assertThat(journal.events(EventType.CALL_ARRIVED)).extracting(e -> e.attribute("language"))
                .containsExactly("he", "he", "en");

        var ready = (Deflector.Acceptance.Ready) accept(d, "+972502345678");
        assertThat(ready.message().text()).startsWith("HE Galil Cable: https://go.galilcable.example/l/");
    }

    @Test
    void an_accepted_variant_keeps_its_experiment_variant_intent_and_language_on_the_deflection_and_its_events() {
        Promotion b = new Promotion("pay-in-app-b", "pay-bill", "B.", "", java.util.List.of(), 10,
                Optional.of(new Promotion.Variant("pay-in-app", "pay-in-app", "b", 100, "")));
        Deflector d = deflectorWith(Declines.NONE, b);

        var ready = (Deflector.Acceptance.Ready) d.accept(call("+972502345678"), "support", "pay-in-app-b",
                Optional.empty(), "1", Consent.Via.DTMF, true, Optional.of("billing"));

        assertThat(ready.deflection().tags()).isEqualTo(java.util.Map.of("experiment", "pay-in-app", "variant", "b",
                "intent", "billing", "language", "en"));
        assertThat(d.send(ready).ok()).isTrue();
        assertThat(journal.events(EventType.SMS_SENT)).singleElement().satisfies(e -> {
            assertThat(e.callId()).isEqualTo("1795423503.7");
            assertThat(e.attributes()).containsEntry("variant", "b").containsEntry("intent", "billing")
                    .containsEntry("deflection", ready.deflection().id());
        });
    }
}
