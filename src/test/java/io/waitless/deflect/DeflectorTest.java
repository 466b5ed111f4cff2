package io.waitless.deflect;

import io.waitless.call.CallEvent;
import io.waitless.call.CallInfo;
import io.waitless.call.EventType;
import io.waitless.call.Outcome;
import io.waitless.config.WaitlessConfig;
import io.waitless.testing.InMemoryJournal;
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

    Deflector deflector() {
        WaitlessConfig cfg = TestConfigs.config(dir, URI.create("redis://127.0.0.1:1/0"));
        return TestNodes.deflector(cfg, journal, links, gateway, Clock.fixed(now, ZoneOffset.UTC));
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
        assertThat(made.attribute("count")).isEqualTo("4");
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
    void outcomes_follow_the_dialplan_state_and_answered_time() {
        Deflector d = deflector();
        assertThat(d.ended(call("x"), new Deflector.Ending("support", "queued", 120, Optional.empty(), "", "", "16")))
                .isEqualTo(Outcome.ANSWERED);
        assertThat(d.ended(call("x"), new Deflector.Ending("support", "queued", 0, Optional.empty(), "", "D1", "16")))
                .isEqualTo(Outcome.ABANDONED_AFTER_LINK);
        assertThat(d.ended(call("x"), new Deflector.Ending("support", "queued", 0, Optional.empty(), "", "", "16")))
                .isEqualTo(Outcome.ABANDONED);
        assertThat(d.ended(call("x"), new Deflector.Ending("support", "accept", 0, Optional.empty(), "", "", "16")))
                .isEqualTo(Outcome.HUNG_UP_IN_ACCEPT);
        assertThat(d.ended(call("x"), new Deflector.Ending("support", "arrive", 0, Optional.empty(), "", "", "16")))
                .isEqualTo(Outcome.HUNG_UP_BEFORE_QUEUE);
        assertThat(d.ended(call("x"), new Deflector.Ending("support", "left:LEAVEEMPTY", 0, Optional.empty(), "", "", "")))
                .isEqualTo(Outcome.LEFT_QUEUE);
        assertThat(d.ended(call("x"), new Deflector.Ending("support", "", 0, Optional.empty(), "", "", "")))
                .isEqualTo(Outcome.UNKNOWN);
    }
}
