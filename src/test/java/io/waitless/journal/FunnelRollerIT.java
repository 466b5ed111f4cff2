package io.waitless.journal;

import io.waitless.call.CallEvent;
import io.waitless.call.EventType;
import io.waitless.config.WaitlessConfig;
import io.waitless.report.FunnelOracle;
import io.waitless.sim.FunnelGenerator;
import io.waitless.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The roller that counts the event stream into the funnel rollups, against a real redis-server: exactly once while
 * several rollers compete and the lease changes hands, nothing written by a roller that lost its lease, a takeover
 * when the leading node dies, and the upgrade from a journal whose events were counted as they were written.
 */
class FunnelRollerIT {

    private static final String PREFIX = "wl-roll:";
    private static final ZoneId ZONE = ZoneId.of("Europe/London");
    private static final LocalDate FIRST = LocalDate.of(2026, 11, 2);
    private static final int DAYS = 4;
    private static final WaitlessConfig.Journal SETTINGS = WaitlessConfig.Journal.DEFAULTS;

    private RedisServer server;
    private UnifiedJedis client;
    private final List<FunnelRoller> rollers = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = RedisServer.start();
        client = RedisConnector.connect(new WaitlessConfig.Redis(server.uri(), "", PREFIX, Duration.ofSeconds(2)));
    }

    @AfterEach
    void stop() throws Exception {
        rollers.forEach(FunnelRoller::close);
        client.close();
        server.close();
    }

    @Test
    void rollers_competing_for_the_lease_count_every_event_exactly_once_even_when_it_changes_hands() throws Exception {
        List<CallEvent> events = generated();
        FunnelRoller a = roller();
        FunnelRoller b = roller();
        a.init();
        write(events.subList(0, events.size() / 2));
        a.start();
        b.start();
        for (int i = 0; i < 6; i++) { // hand the lease over while they count: whoever holds it loses it
            Thread.sleep(30);
            client.del(PREFIX + "rollup:lease");
        }
        write(events.subList(events.size() / 2, events.size()));

        assertThat(b.catchUp(Duration.ofSeconds(30))).isTrue();

        FunnelOracle oracle = new FunnelOracle(ZONE, SETTINGS.repeatWindow()).addAll(events);
        assertThat(stored()).isEqualTo(oracle.counts());
        assertThat(oracle.total(FIRST, FIRST.plusDays(DAYS)).get("calls")).isGreaterThan(500);
    }

    @Test
    void a_roller_that_remembers_few_calls_reads_the_others_back_and_counts_the_same() {
        List<CallEvent> events = generated();
        FunnelRoller small = new FunnelRoller(client, PREFIX, ZONE, SETTINGS, 40);
        rollers.add(small);
        small.init();
        write(events);

        assertThat(small.catchUp(Duration.ofSeconds(60))).isTrue();

        assertThat(stored()).isEqualTo(new FunnelOracle(ZONE, SETTINGS.repeatWindow()).addAll(events).counts());
    }

    @Test
    void a_roller_whose_lease_was_taken_writes_nothing_and_says_it_is_behind() {
        FunnelRoller a = roller();
        a.init();
        write(List.of(arrived("c1", "2026-11-02T09:00:00Z")));
        a.start(); // leads, and keeps the lease
        assertThat(a.catchUp(Duration.ofSeconds(5))).isTrue();
        Map<LocalDate, Map<String, Long>> before = stored();
        String cursor = client.get(PREFIX + "rollup:cursor");

        // another node took the lease (this one paused past it); this one still believes it leads
        client.set(PREFIX + "rollup:lease", "another-node", SetParams.setParams().px(60_000));
        write(List.of(arrived("c2", "2026-11-02T09:01:00Z")));

        assertThat(a.catchUp(Duration.ofMillis(300))).isFalse();
        assertThat(stored()).isEqualTo(before);
        assertThat(client.get(PREFIX + "rollup:cursor")).isEqualTo(cursor);
    }

    @Test
    void when_the_leading_node_dies_another_counts_once_its_lease_runs_out() {
        FunnelRoller b = roller();
        b.init();
        client.set(PREFIX + "rollup:lease", "a-node-that-died", SetParams.setParams().px(400));
        write(List.of(arrived("c1", "2026-11-02T09:00:00Z"), arrived("c2", "2026-11-02T09:00:01Z")));

        long t0 = System.nanoTime();
        assertThat(b.catchUp(Duration.ofSeconds(5))).isTrue();

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(Duration.ofMillis(250));
        assertThat(stored().get(FIRST)).containsEntry("calls|support||en|||", 2L);
        assertThat(client.exists(PREFIX + "rollup:lease")).as("a catch-up hands the lease back").isFalse();
    }

    @Test
    void an_upgraded_journal_counts_only_what_follows_the_entries_the_old_version_counted() {
        client.xadd(PREFIX + "events", redis.clients.jedis.params.XAddParams.xAddParams(), Map.of(
                "type", "call.arrived", "time", "1793610000000", "call", "old.1", "queue", "support"));
        client.hincrBy(PREFIX + "funnel:" + FIRST, "calls|support|||||", 1); // what the old version counted

        FunnelRoller r = roller();
        r.init();
        write(List.of(arrived("new.1", "2026-11-02T09:00:00Z")));
        assertThat(r.catchUp(Duration.ofSeconds(5))).isTrue();

        assertThat(stored().get(FIRST)).containsEntry("calls|support|||||", 1L).containsEntry("calls|support||en|||", 1L)
                .hasSize(2);
    }

    @Test
    void an_entry_that_is_not_an_event_is_passed_over_and_the_next_is_counted() {
        FunnelRoller r = roller();
        r.init();
        client.xadd(PREFIX + "events", redis.clients.jedis.params.XAddParams.xAddParams(), Map.of(
                "type", "call.arrived", "time", "1793610000000", "call", "bad.1", "a", "{not json"));
        client.xadd(PREFIX + "events", redis.clients.jedis.params.XAddParams.xAddParams(), Map.of(
                "type", "no.such.type", "time", "1793610000000", "call", "bad.2", "a", "{}"));
        write(List.of(arrived("good.1", "2026-11-02T09:00:00Z")));

        assertThat(r.catchUp(Duration.ofSeconds(5))).isTrue();

        assertThat(stored().get(FIRST)).containsExactly(Map.entry("calls|support||en|||", 1L));
        assertThat(RedisJournal.toEvent(Map.of("type", "call.arrived", "time", "1", "call", "x", "a", "[1]"))).isEmpty();
    }

    @Test
    void entries_of_earlier_versions_read_as_the_same_events() {
        CallEvent e = CallEvent.of(EventType.OFFER_ACCEPTED, Instant.parse("2026-11-02T09:00:00Z"), "c1")
                .with("queue", "support").with("via", "speech").with("number", "+97250•••4567").build();

        assertThat(RedisJournal.toEvent(RedisJournal.fields(e))).contains(e);
        assertThat(RedisJournal.toEvent(Map.of("type", "offer.accepted", "time", "1793610000000", "call", "c1",
                "queue", "support", "via", "speech", "number", "+97250•••4567")))
                .hasValueSatisfying(old -> assertThat(old.attributes()).isEqualTo(e.attributes()));
    }

    private FunnelRoller roller() {
        FunnelRoller r = new FunnelRoller(client, PREFIX, ZONE, SETTINGS);
        rollers.add(r);
        return r;
    }

    private static CallEvent arrived(String call, String at) {
        return CallEvent.of(EventType.CALL_ARRIVED, Instant.parse(at), call).with("queue", "support")
                .with("language", "en").build();
    }

    private List<CallEvent> generated() {
        List<CallEvent> events = new ArrayList<>();
        new FunnelGenerator(new FunnelGenerator.Settings(FIRST, DAYS, 200, ZONE, 7),
                n -> org.apache.commons.codec.digest.DigestUtils.sha256Hex(n).substring(0, 32))
                .generate(events::add, d -> { });
        return events;
    }

    /** Appends as a node does, without a roller of its own. */
    private void write(List<CallEvent> events) {
        try (AbstractPipeline p = client.pipelined()) {
            for (CallEvent e : events) {
                p.xadd(PREFIX + "events", redis.clients.jedis.params.XAddParams.xAddParams(), RedisJournal.fields(e));
            }
            p.sync();
        }
    }

    private Map<LocalDate, Map<String, Long>> stored() {
        Map<LocalDate, Map<String, Long>> out = new TreeMap<>();
        for (LocalDate d = FIRST.minusDays(1); !d.isAfter(FIRST.plusDays(DAYS + 1)); d = d.plusDays(1)) {
            Map<String, String> h = client.hgetAll(PREFIX + "funnel:" + d);
            if (!h.isEmpty()) {
                out.put(d, h.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                        x -> Long.parseLong(x.getValue()), (x, y) -> x, TreeMap::new)));
            }
        }
        return out;
    }
}
