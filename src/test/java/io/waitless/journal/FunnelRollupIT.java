package io.waitless.journal;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.waitless.call.CallEvent;
import io.waitless.call.Deflection;
import io.waitless.call.EventType;
import io.waitless.config.WaitlessConfig;
import io.waitless.report.Dimension;
import io.waitless.report.ExperimentReport;
import io.waitless.report.FunnelOracle;
import io.waitless.report.FunnelQuery;
import io.waitless.report.FunnelResult;
import io.waitless.report.FunnelStep;
import io.waitless.report.Journey;
import io.waitless.sim.FunnelGenerator;
import io.waitless.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The funnel rollups against a real redis-server, checked against {@link FunnelOracle} (the same funnel counted
 * the obvious way from the events) on a generated journal: counts per day and dimension, repeat calls, the
 * rebuild from the stream, experiments, journeys, forgetting a caller and retention.
 */
class FunnelRollupIT {

    private static final String PREFIX = "wl-fr:";
    private static final ZoneId ZONE = ZoneId.of("Asia/Jerusalem");
    private static final LocalDate FIRST = LocalDate.of(2026, 10, 5);
    private static final int DAYS = 9;

    private RedisServer server;
    private UnifiedJedis client;
    private RedisJournal journal;
    private RedisAnalytics analytics;
    private final List<CallEvent> events = new ArrayList<>();
    private final Map<String, Deflection> deflections = new HashMap<>();

    @BeforeEach
    void seed() throws Exception {
        server = RedisServer.start();
        client = io.waitless.journal.RedisConnector.connect(new WaitlessConfig.Redis(server.uri(), "", PREFIX,
                Duration.ofSeconds(2)));
        journal = new RedisJournal(client, PREFIX, 1_000_000, ZONE, WaitlessConfig.Journal.DEFAULTS,
                Duration.ofSeconds(2), new SimpleMeterRegistry());
        analytics = new RedisAnalytics(client, PREFIX, ZONE, WaitlessConfig.Journal.DEFAULTS, Clock.fixed(Instant.parse("2026-10-20T10:00:00Z"), ZONE),
                () -> Map.of("pay-incentive", List.of("a", "b")), n -> Optional.of("ref-" + n));
        new FunnelGenerator(new FunnelGenerator.Settings(FIRST, DAYS, 300, ZONE, 42), n -> org.apache.commons.codec.digest.DigestUtils.sha256Hex(n).substring(0, 32))
                .generate(events::add, d -> deflections.put(d.id(), d));
        journal.appendAll(events);
        deflections.values().forEach(journal::saveDeflection);
    }

    @AfterEach
    void stop() throws Exception {
        journal.close();
        client.close();
        server.close();
    }

    private Map<LocalDate, Map<String, Long>> stored() {
        Map<LocalDate, Map<String, Long>> out = new TreeMap<>();
        analytics.rollups(FIRST.minusDays(1), FIRST.plusDays(DAYS + 1)).forEach((day, fields) -> {
            if (!fields.isEmpty()) {
                out.put(LocalDate.parse(day), fields.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                        e -> Long.parseLong(e.getValue()), (a, b) -> a, TreeMap::new)));
            }
        });
        return out;
    }

    @Test
    void rollups_hold_exactly_the_funnel_counted_from_the_events() {
        FunnelOracle oracle = new FunnelOracle(ZONE, WaitlessConfig.Journal.DEFAULTS.repeatWindow()).addAll(events);

        assertThat(stored()).isEqualTo(oracle.counts());
        Map<String, Long> total = oracle.total(FIRST, FIRST.plusDays(DAYS));
        assertThat(total.get("calls")).isGreaterThan(1_500);
        assertThat(total.get("repeat")).as("callers who phoned again after accepting").isPositive();
        assertThat(total.get("completed")).isPositive().isLessThan(total.get("opened"));
    }

    @Test
    void a_report_breaks_the_funnel_down_and_filters_as_asked() {
        FunnelOracle oracle = new FunnelOracle(ZONE, WaitlessConfig.Journal.DEFAULTS.repeatWindow()).addAll(events);
        LocalDate to = FIRST.plusDays(DAYS);

        FunnelResult all = analytics.funnel(new FunnelQuery(FIRST, to, List.of(), Map.of()));
        assertThat(all.rows()).hasSize(1);
        assertThat(all.total().counts()).containsAllEntriesOf(oracle.total(FIRST, to));

        FunnelResult byDayQueue = analytics.funnel(new FunnelQuery(FIRST, to, List.of(Dimension.DAY, Dimension.QUEUE),
                Map.of(Dimension.LANGUAGE, "he")));
        long heCalls = events.stream().filter(e -> e.type() == EventType.CALL_ARRIVED
                && e.attribute("language").equals("he")).count();
        assertThat(byDayQueue.total().get(FunnelStep.CALLS)).isEqualTo(heCalls);
        assertThat(byDayQueue.rows()).extracting(r -> r.key().get(Dimension.QUEUE)).containsOnly("support", "sales");
        assertThat(byDayQueue.rows().getFirst().key()).containsEntry(Dimension.DAY, FIRST.toString());
        assertThat(byDayQueue.rows().stream().mapToLong(r -> r.counts().get(FunnelStep.CALLS)).sum()).isEqualTo(heCalls);

        FunnelResult byWeek = analytics.funnel(new FunnelQuery(FIRST, to, List.of(Dimension.WEEK), Map.of()));
        assertThat(byWeek.rows()).extracting(r -> r.key().get(Dimension.WEEK)).containsExactly("2026-W41", "2026-W42");
        assertThat(all.total().breakdown("withheld")).containsKeys("landline", "withheld", "opted-out");
        assertThat(all.total().breakdown("ended")).containsKeys("answered", "abandoned", "abandoned-after-link",
                "hung-up-before-queue");

        assertThatThrownBy(() -> analytics.funnel(new FunnelQuery(FIRST, FIRST.plusDays(500), List.of(), Map.of())))
                .hasMessageContaining("at most 400");
    }

    @Test
    void experiments_from_the_rollups_agree_with_the_exact_count_from_the_stream() {
        ExperimentReport exact = new ExperimentReport();
        events.forEach(exact::add);
        List<ExperimentReport.Result> fromStream = exact.results(e -> List.of("a", "b"));

        List<ExperimentReport.Result> fromRollups = analytics.experiments(FIRST.minusDays(1), FIRST.plusDays(DAYS + 1));

        assertThat(fromRollups).isEqualTo(fromStream);
        assertThat(fromRollups.getFirst().rows()).extracting(ExperimentReport.Row::variant).containsExactly("a", "b");
        assertThat(fromRollups.getFirst().rows().get(1).accepted()).isPositive();
    }

    @Test
    void a_rebuild_from_the_stream_gives_the_same_rollups_even_after_they_were_damaged() {
        Map<LocalDate, Map<String, Long>> before = stored();
        client.hincrBy(PREFIX + "funnel:" + FIRST.plusDays(2), "calls|support||en|||", 1_000);
        client.del(PREFIX + "funnel:" + FIRST.plusDays(4));

        FunnelRebuild.Result r = new FunnelRebuild(client, PREFIX, ZONE, WaitlessConfig.Journal.DEFAULTS)
                .rebuild(FIRST.minusDays(1), FIRST.plusDays(DAYS + 1), n -> { });

        assertThat(r.events()).isEqualTo(events.size());
        assertThat(stored()).isEqualTo(before);
        assertThat(client.keys(PREFIX + "rebuild:*")).as("the run's own markers are gone").isEmpty();
    }

    @Test
    void a_rebuild_of_some_days_leaves_the_other_days_alone_and_counts_new_events_once() {
        Map<LocalDate, Map<String, Long>> before = stored();
        LocalDate day = FIRST.plusDays(3);
        client.hset(PREFIX + "funnel:" + FIRST.plusDays(6), "calls|x|||||", "7");

        new FunnelRebuild(client, PREFIX, ZONE, WaitlessConfig.Journal.DEFAULTS).rebuild(day, day, n -> { });

        Map<LocalDate, Map<String, Long>> after = stored();
        assertThat(after.get(day)).isEqualTo(before.get(day));
        assertThat(after.get(FIRST.plusDays(6))).containsEntry("calls|x|||||", 7L);
        // a call of the rebuilt day still going on: its next step is counted once, not again
        String call = events.stream().filter(e -> e.type() == EventType.CALL_ARRIVED
                && !e.time().isBefore(day.atStartOfDay(ZONE).toInstant())).findFirst().orElseThrow().callId();
        long calls = after.get(day).values().stream().mapToLong(Long::longValue).sum();
        journal.append(CallEvent.of(EventType.CALL_ARRIVED, day.atTime(23, 0).atZone(ZONE).toInstant(), call)
                .with("queue", "support").build());
        assertThat(stored().get(day).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(calls);
    }

    @Test
    void days_whose_events_were_trimmed_cannot_be_rebuilt_but_their_rollups_stay() {
        Map<LocalDate, Map<String, Long>> before = stored();
        Retention retention = new Retention(client, PREFIX, Duration.ofDays(1),
                Clock.offset(Clock.systemUTC(), Duration.ofDays(2)));

        assertThat(retention.trim()).isEqualTo(events.size());
        assertThat(client.xlen(PREFIX + "events")).isZero();
        assertThat(stored()).isEqualTo(before);
        FunnelRebuild rebuild = new FunnelRebuild(client, PREFIX, ZONE, WaitlessConfig.Journal.DEFAULTS);
        LocalDate firstWhole = rebuild.firstWholeDay().orElseThrow();
        assertThat(firstWhole).isAfter(LocalDate.now(ZONE));
        assertThatThrownBy(() -> rebuild.rebuild(FIRST, FIRST.plusDays(1), n -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trimmed by journal.retention").hasMessageContaining("rebuild from " + firstWhole);
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void a_journey_holds_every_event_of_a_caller_across_calls_found_by_reference_or_deflection() {
        Deflection d = deflections.values().stream().filter(x -> events.stream().anyMatch(e ->
                e.type() == EventType.CALL_ARRIVED && e.attribute("caller").equals(x.callerRef())
                        && !e.callId().equals(x.callId()))).findFirst().orElseThrow();
        List<String> callsOfCaller = events.stream().filter(e -> d.callerRef().equals(e.attribute("caller")))
                .map(CallEvent::callId).distinct().toList();
        List<CallEvent> expected = events.stream().filter(e -> callsOfCaller.contains(e.callId())).toList();

        Journey byRef = analytics.journey(d.callerRef()).orElseThrow();
        Journey byDeflection = analytics.journey(d.id()).orElseThrow();

        assertThat(byRef).isEqualTo(byDeflection);
        assertThat(callsOfCaller).hasSizeGreaterThan(1);
        assertThat(byRef.events()).extracting(Journey.Touch::type)
                .containsExactlyElementsOf(expected.stream().map(e -> e.type().wireName()).toList());
        assertThat(byRef.masked()).contains("•").doesNotMatch(".*\\d{7}.*");
        assertThat(analytics.journey("no-such-thing")).isEmpty();
    }

    @Test
    void forgetting_a_caller_erases_their_events_and_records_but_keeps_the_counts() {
        Map<LocalDate, Map<String, Long>> before = stored();
        Deflection d = deflections.values().iterator().next();
        long theirs = client.xrange(PREFIX + "events", "-", "+", 1_000_000).stream()
                .map(e -> RedisJournal.toEvent(e.getFields()).orElseThrow())
                .filter(e -> e.callId().equals(d.callId()) || d.callerRef().equals(e.attribute("caller")))
                .count();

        Forget.Result r = new Forget(client, PREFIX, journal, Clock.systemUTC()).forget(d.callerRef(), true, n -> { });

        assertThat(r.events()).isGreaterThanOrEqualTo(theirs).isPositive();
        assertThat(r.deflections()).isPositive();
        assertThat(client.xrange(PREFIX + "events", "-", "+", 1_000_000)).noneMatch(e ->
                e.getFields().get("a").contains(d.callerRef()) || d.callId().equals(e.getFields().get("call")));
        assertThat(client.exists(PREFIX + "deflection:" + d.id())).isFalse();
        assertThat(client.exists(PREFIX + "fc:" + d.callId())).isFalse();
        assertThat(analytics.journey(d.callerRef())).isEmpty();
        assertThat(stored()).isEqualTo(before);
        assertThat(journal.recent(1).getFirst().type()).isEqualTo(EventType.CALLER_FORGOTTEN);
        assertThat(journal.recent(1).getFirst().attributes()).doesNotContainValue(d.callerRef());
    }

    @Test
    void live_counters_count_calls_waiting_and_the_last_hour() {
        Instant now = Instant.parse("2026-10-20T10:00:00Z");
        RedisAnalytics live = new RedisAnalytics(client, PREFIX, ZONE, WaitlessConfig.Journal.DEFAULTS, Clock.fixed(now, ZoneOffset.UTC), Map::of,
                n -> Optional.empty());
        journal.append(CallEvent.of(EventType.CALL_ARRIVED, now.minusSeconds(60), "live.1").with("queue", "q").build());
        journal.append(CallEvent.of(EventType.CALL_ARRIVED, now.minusSeconds(50), "live.2").with("queue", "q").build());
        journal.append(CallEvent.of(EventType.OFFER_ACCEPTED, now.minusSeconds(40), "live.2").with("queue", "q").build());
        journal.append(CallEvent.of(EventType.OFFER_MADE, now.minusSeconds(3_000), "live.1").with("queue", "q").build());
        journal.append(CallEvent.of(EventType.OFFER_MADE, now.minusSeconds(4_000), "live.2").with("queue", "q").build());
        journal.append(CallEvent.of(EventType.CALL_ENDED, now.minusSeconds(10), "live.2").with("queue", "q").build());

        assertThat(live.live()).isEqualTo(new io.waitless.report.Live(1, 1, 1, 0));
    }
}
