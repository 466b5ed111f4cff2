package io.waitless.journal;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.waitless.call.CallEvent;
import io.waitless.call.Deflection;
import io.waitless.call.EventType;
import io.waitless.config.WaitlessConfig;
import io.waitless.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.StreamEntry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link RedisJournal} against a real redis-server: the stream, the deflection hash, and failing open. */
class RedisJournalIT {

    private static final String PREFIX = "wl-it:";
    private static final Duration TIMEOUT = Duration.ofMillis(300);
    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00.123Z");

    private RedisServer server;
    private UnifiedJedis client;
    private SimpleMeterRegistry metrics;
    private RedisJournal journal;

    @BeforeEach
    void start_redis_and_journal() throws Exception {
        server = RedisServer.start();
        client = RedisConnector.connect(new WaitlessConfig.Redis(server.uri(), "", PREFIX, TIMEOUT));
        metrics = new SimpleMeterRegistry();
        journal = new RedisJournal(client, PREFIX, 10_000, metrics);
    }

    @AfterEach
    void stop() throws Exception {
        journal.close();
        client.close();
        server.close();
    }

    @Test
    void appended_events_land_in_the_stream_with_type_time_call_and_attributes() {
        CallEvent arrived = CallEvent.of(EventType.CALL_ARRIVED, T0, "1795423500.1")
                .with("queue", "support").with("promotion", "pay-in-app").build();

        assertThat(journal.append(arrived)).isTrue();

        List<StreamEntry> raw = client.xrange(PREFIX + "events", "-", "+");
        assertThat(raw).hasSize(1);
        assertThat(raw.getFirst().getFields()).containsExactly(Map.entry("type", "call.arrived"),
                Map.entry("time", Long.toString(T0.toEpochMilli())), Map.entry("call", "1795423500.1"),
                Map.entry("a", "{\"queue\":\"support\",\"promotion\":\"pay-in-app\"}"));
        assertThat(metrics.counter("waitless.events", "type", "call.arrived").count()).isEqualTo(1);
    }

    @Test
    void every_no_text_decision_is_counted_by_stage_and_reason_even_when_redis_is_gone() throws Exception {
        journal.append(CallEvent.of(EventType.OFFER_WITHHELD, T0, "c1").with("reason", "landline").build());
        journal.append(CallEvent.of(EventType.OFFER_REFUSED, T0, "c1").with("reason", "landline").build());
        server.close();
        journal.append(CallEvent.of(EventType.OFFER_WITHHELD, T0, "c2").with("reason", "landline").build());

        assertThat(metrics.counter("waitless.offers.refused", "stage", "arrive", "reason", "landline").count())
                .isEqualTo(2);
        assertThat(metrics.counter("waitless.offers.refused", "stage", "accept", "reason", "landline").count())
                .isEqualTo(1);
    }

    @Test
    void recent_reads_events_back_oldest_first_with_their_attributes() {
        List<CallEvent> written = List.of(
                CallEvent.of(EventType.CALL_ARRIVED, T0, "c1").with("queue", "support").build(),
                CallEvent.of(EventType.OFFER_ACCEPTED, T0.plusSeconds(75), "c1").with("via", "dtmf").build(),
                CallEvent.of(EventType.SMS_SENT, T0.plusSeconds(76), "c1").with("deflection", "d1").build(),
                CallEvent.of(EventType.LINK_OPENED, T0.plusSeconds(90), "").with("deflection", "d1").build());
        written.forEach(journal::append);

        assertThat(journal.recent(100)).containsExactlyElementsOf(written);
        assertThat(journal.recent(2)).containsExactlyElementsOf(written.subList(2, 4));
    }

    @Test
    void a_saved_deflection_reads_back_field_for_field() {
        Deflection d = deflection("d-save", Deflection.State.ACCEPTED);

        assertThat(journal.saveDeflection(d)).isTrue();

        assertThat(journal.deflection("d-save")).contains(d);
        assertThat(client.hget(PREFIX + "deflection:d-save", "accepted_at"))
                .isEqualTo(Long.toString(T0.toEpochMilli()));
        assertThat(journal.deflection("never-saved")).isEmpty();
    }

    @Test
    void a_deflections_tags_read_back_and_survive_its_advance() {
        Deflection d = new Deflection("d-tags", "1795423500.2", "ref-abc", "support", "pay-now-b", "pay-bill",
                Deflection.State.ACCEPTED, T0, T0, java.util.Map.of("experiment", "pay-now", "variant", "b",
                "intent", "billing", "language", "he", "colour", "ignored"));
        assertThat(d.tags()).containsOnlyKeys("experiment", "variant", "intent", "language");
        assertThat(journal.saveDeflection(d)).isTrue();
        assertThat(journal.advanceDeflection("d-tags", Deflection.State.SENT, T0.plusSeconds(2))).isTrue();
        assertThat(journal.deflection("d-tags").orElseThrow().tags()).isEqualTo(d.tags());
    }

    @Test
    void a_deflection_advances_forward_from_accepted_to_sent_to_opened() {
        journal.saveDeflection(deflection("d-fwd", Deflection.State.ACCEPTED));

        assertThat(journal.advanceDeflection("d-fwd", Deflection.State.SENT, T0.plusSeconds(1))).isTrue();
        assertThat(journal.advanceDeflection("d-fwd", Deflection.State.OPENED, T0.plusSeconds(60))).isTrue();

        Deflection now = journal.deflection("d-fwd").orElseThrow();
        assertThat(now.state()).isEqualTo(Deflection.State.OPENED);
        assertThat(now.updated()).isEqualTo(T0.plusSeconds(60));
        assertThat(client.hgetAll(PREFIX + "deflection:d-fwd")).containsEntry("sent_at",
                Long.toString(T0.plusSeconds(1).toEpochMilli())).containsEntry("opened_at",
                Long.toString(T0.plusSeconds(60).toEpochMilli()));
    }

    @Test
    void a_deflection_never_moves_backward_from_opened_to_sent() {
        journal.saveDeflection(deflection("d-back", Deflection.State.ACCEPTED));
        journal.advanceDeflection("d-back", Deflection.State.OPENED, T0.plusSeconds(60));

        // Redis answered, so this is not a storage failure (true), but the state must not move
        journal.advanceDeflection("d-back", Deflection.State.SENT, T0.plusSeconds(61));
        journal.advanceDeflection("d-back", Deflection.State.FAILED, T0.plusSeconds(62));

        Deflection now = journal.deflection("d-back").orElseThrow();
        assertThat(now.state()).isEqualTo(Deflection.State.OPENED);
        assertThat(now.updated()).isEqualTo(T0.plusSeconds(60));
        assertThat(client.hexists(PREFIX + "deflection:d-back", "sent_at")).isFalse();
    }

    @Test
    void advancing_an_unknown_deflection_returns_false_and_creates_nothing() {
        assertThat(journal.advanceDeflection("no-such-id", Deflection.State.OPENED, T0)).isFalse();

        assertThat(client.exists(PREFIX + "deflection:no-such-id")).isFalse();
        assertThat(errors()).isZero();
    }

    @Test
    void with_redis_killed_every_write_returns_false_quickly_and_counts_an_error() throws Exception {
        journal.saveDeflection(deflection("d-down", Deflection.State.ACCEPTED)); // the pool holds a live connection
        server.kill();

        assertThat(quick(() -> journal.append(CallEvent.of(EventType.CALL_ARRIVED, T0, "c-down").build()))).isFalse();
        assertThat(quick(() -> journal.saveDeflection(deflection("d-down-2", Deflection.State.ACCEPTED)))).isFalse();
        assertThat(quick(() -> journal.advanceDeflection("d-down", Deflection.State.SENT, T0))).isFalse();
        assertThat(errors()).isEqualTo(3);
        assertThat(journal.recent(10)).isEmpty();
        assertThat(journal.deflection("d-down")).isEmpty();
        assertThat(errors()).isEqualTo(5);
    }

    @Test
    void with_redis_frozen_every_write_gives_up_within_twice_the_timeout() throws Exception {
        journal.append(CallEvent.of(EventType.CALL_ARRIVED, T0, "c-warm").build()); // a pooled connection exists
        server.pause();
        try {
            assertThat(quick(() -> journal.append(CallEvent.of(EventType.CALL_ENDED, T0, "c-frozen").build())))
                    .isFalse();
            assertThat(quick(() -> journal.saveDeflection(deflection("d-frozen", Deflection.State.ACCEPTED))))
                    .isFalse();
            assertThat(quick(() -> journal.advanceDeflection("d-frozen", Deflection.State.SENT, T0))).isFalse();
            assertThat(errors()).isEqualTo(3);
        } finally {
            server.resume();
        }
    }

    @Test
    void after_redis_comes_back_on_the_same_port_appends_work_again() throws Exception {
        int port = server.port();
        journal.append(CallEvent.of(EventType.CALL_ARRIVED, T0, "c-before").build());
        server.kill();
        assertThat(journal.append(CallEvent.of(EventType.CALL_ARRIVED, T0, "c-during").build())).isFalse();

        server = RedisServer.startOn(port);

        CallEvent after = CallEvent.of(EventType.CALL_ARRIVED, T0, "c-after").build();
        assertThat(journal.append(after)).isTrue();
        assertThat(journal.recent(10)).containsExactly(after); // the new Redis is empty: nothing old, nothing lost
    }

    @Test
    void the_first_append_after_a_redis_restart_between_calls_is_not_lost() throws Exception {
        int port = server.port();
        journal.append(CallEvent.of(EventType.CALL_ARRIVED, T0, "c-before").build()); // leaves an idle connection
        server.kill();
        server = RedisServer.startOn(port);

        CallEvent first = CallEvent.of(EventType.CALL_ARRIVED, T0, "c-first-after-restart").build();
        assertThat(journal.append(first)).isTrue();
        assertThat(errors()).isZero();
    }

    private boolean quick(BooleanSupplier call) {
        long t0 = System.nanoTime();
        boolean result = call.getAsBoolean();
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(took).as("a journal call with Redis unavailable").isLessThan(TIMEOUT.multipliedBy(2));
        return result;
    }

    private double errors() {
        return metrics.counter("waitless.redis.errors").count();
    }

    private static Deflection deflection(String id, Deflection.State state) {
        return new Deflection(id, "1795423500.1", "ref-abc", "support", "pay-in-app", "pay-bill", state, T0, T0);
    }
}
