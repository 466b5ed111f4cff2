package io.waitless.journal;

import io.waitless.call.CallEvent;
import io.waitless.report.Analytics;
import io.waitless.report.Dimension;
import io.waitless.report.ExperimentReport;
import io.waitless.report.FunnelCounts;
import io.waitless.report.FunnelQuery;
import io.waitless.report.FunnelResult;
import io.waitless.report.FunnelStep;
import io.waitless.report.Journey;
import io.waitless.report.Live;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.Response;
import redis.clients.jedis.resps.StreamEntry;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@link Analytics} from Redis: funnels and experiments from the daily rollups {@link FunnelRoller} keeps
 * ({@code <prefix>funnel:<day>}, one {@code HGETALL} per day, pipelined), journeys from the caller index and
 * the stream, live counters from the live keys. Each read first lets the rollups catch up with the stream (at most
 * {@link #CATCH_UP}), so it counts every event written before it. Reads throw
 * {@link redis.clients.jedis.exceptions.JedisException} when Redis cannot be read: a report must never pass off
 * missing data as zeros. Thread-safe.
 */
public final class RedisAnalytics implements Analytics {

    /** Longest range one funnel may span (a bit over a year), so a typo cannot ask for centuries. */
    public static final int MAX_DAYS = 400;

    /** Longest a read waits for the rollups to count what the stream holds before it answers. */
    static final java.time.Duration CATCH_UP = java.time.Duration.ofSeconds(10);

    /** The dimensions of a rollup field after its step, in order ({@link Rollup}). */
    private static final Dimension[] FIELD_DIMS = {Dimension.QUEUE, Dimension.INTENT, Dimension.LANGUAGE,
            Dimension.PROMOTION, Dimension.EXPERIMENT, Dimension.VARIANT};

    private final UnifiedJedis redis;
    private final String prefix;
    private final ZoneId zone;
    private final Clock clock;
    private final Supplier<Map<String, List<String>>> experimentOrder;
    private final Function<String, Optional<String>> callerOfNumber;
    private final FunnelRoller roller;

    /**
     * @param zone            the company's time zone (funnel days are its days)
     * @param settings        the repeat window and retention the rollups are counted with (a read that finds no
     *                        node counting catches up itself)
     * @param experimentOrder experiment → its configured variants, the control first (read at each report, so a
     *                        reload reaches it)
     * @param callerOfNumber  a phone number as typed → its caller reference (empty when it is not a number)
     */
    public RedisAnalytics(UnifiedJedis redis, String prefix, ZoneId zone,
                          io.waitless.config.WaitlessConfig.Journal settings, Clock clock,
                          Supplier<Map<String, List<String>>> experimentOrder,
                          Function<String, Optional<String>> callerOfNumber) {
        this.roller = new FunnelRoller(redis, prefix, zone, settings);
        this.redis = redis;
        this.prefix = prefix;
        this.zone = zone;
        this.clock = clock;
        this.experimentOrder = experimentOrder;
        this.callerOfNumber = callerOfNumber;
    }

    @Override
    public LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    @Override
    public FunnelResult funnel(FunnelQuery q) {
        checkRange(q.from(), q.to());
        Map<List<String>, Map<String, Long>> rows = new HashMap<>();
        Map<String, Long> total = new HashMap<>();
        rollups(q.from(), q.to()).forEach((day, fields) -> fields.forEach((field, value) -> {
            String[] parts = field.split("\\|", -1);
            if (parts.length != 7) {
                return; // not a rollup field this version writes
            }
            for (Map.Entry<Dimension, String> w : q.where().entrySet()) {
                if (!w.getValue().equals(valueOf(w.getKey(), day, parts))) {
                    return;
                }
            }
            long n = Long.parseLong(value);
            List<String> key = new ArrayList<>(q.by().size());
            for (Dimension d : q.by()) {
                key.add(valueOf(d, day, parts));
            }
            rows.computeIfAbsent(key, k -> new HashMap<>()).merge(parts[0], n, Long::sum);
            total.merge(parts[0], n, Long::sum);
        }));
        List<FunnelResult.Row> out = new ArrayList<>(rows.size());
        rows.entrySet().stream().sorted(Map.Entry.comparingByKey(RedisAnalytics::compareKeys)).forEach(e -> {
            Map<Dimension, String> key = new LinkedHashMap<>();
            for (int i = 0; i < q.by().size(); i++) {
                key.put(q.by().get(i), e.getKey().get(i));
            }
            out.add(new FunnelResult.Row(key, new FunnelCounts(e.getValue())));
        });
        return new FunnelResult(q, out, new FunnelCounts(total));
    }

    @Override
    public List<ExperimentReport.Result> experiments(LocalDate from, LocalDate to) {
        FunnelResult f = funnel(new FunnelQuery(from, to, List.of(Dimension.EXPERIMENT, Dimension.VARIANT), Map.of()));
        Map<String, Map<String, ExperimentReport.Row>> counted = new TreeMap<>();
        for (FunnelResult.Row r : f.rows()) {
            String experiment = r.key().get(Dimension.EXPERIMENT);
            String variant = r.key().get(Dimension.VARIANT);
            if (experiment.isEmpty() || variant.isEmpty()) {
                continue;
            }
            FunnelCounts c = r.counts();
            long offered = Math.max(0, c.get(FunnelStep.CALLS) - c.get(FunnelStep.WITHHELD));
            counted.computeIfAbsent(experiment, x -> new TreeMap<>()).put(variant, new ExperimentReport.Row(variant,
                    offered, c.get(FunnelStep.ACCEPTED), c.get(FunnelStep.SENT), c.get(FunnelStep.OPENED),
                    c.get(FunnelStep.COMPLETED)));
        }
        Map<String, List<String>> order = experimentOrder.get();
        return ExperimentReport.results(counted, e -> order.getOrDefault(e, List.of()));
    }

    @Override
    public Optional<Journey> journey(String id) {
        String s = id == null ? "" : id.strip();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        String fromDeflection = RedisCalls.retryingDeadConnection(() -> redis.hget(prefix + "deflection:" + s, "caller"));
        Optional<String> caller = fromDeflection != null && !fromDeflection.isEmpty() ? Optional.of(fromDeflection)
                : s.matches("[0-9a-f]{32}") ? Optional.of(s) : callerOfNumber.apply(s);
        return caller.flatMap(this::journeyOf);
    }

    private Optional<Journey> journeyOf(String caller) {
        roller.catchUp(CATCH_UP);
        CallerIndex.Entries index = CallerIndex.of(redis, prefix, caller);
        if (index.eventIds().isEmpty()) {
            return Optional.empty();
        }
        List<Journey.Touch> touches = new ArrayList<>();
        String masked = "";
        for (StreamEntry e : CallerIndex.entries(redis, prefix + "events", index.eventIds())) {
            Optional<CallEvent> ev = RedisJournal.toEvent(e.getFields());
            if (ev.isEmpty()) {
                continue;
            }
            CallEvent c = ev.get();
            if (!c.attribute("number").isEmpty()) {
                masked = c.attribute("number");
            }
            touches.add(new Journey.Touch(c.time(), c.type().wireName(), c.callId(), c.attributes()));
        }
        if (touches.isEmpty()) {
            return Optional.empty(); // every indexed event was trimmed by retention
        }
        touches.sort(Comparator.comparing(Journey.Touch::time));
        return Optional.of(new Journey(caller, masked, touches));
    }

    /**
     * Calls waiting: calls that arrived in the last 4 hours less those that ended (a call whose end was never
     * written drops out after 4 hours); offers, accepts and texts sent in the last 60 minutes. From the per-minute
     * counters, in one round trip.
     */
    @Override
    public Live live() {
        roller.catchUp(CATCH_UP);
        long minute = clock.millis() / 60_000;
        Map<String, List<Response<String>>> steps = new LinkedHashMap<>();
        try (AbstractPipeline p = redis.pipelined()) {
            for (String step : List.of("calls", "ended", "offered", "accepted", "sent")) {
                int minutes = step.equals("calls") || step.equals("ended") ? 240 : 60;
                List<Response<String>> r = new ArrayList<>(minutes);
                for (long m = minute - minutes + 1; m <= minute; m++) {
                    r.add(p.get(prefix + "live:" + step + ":" + m));
                }
                steps.put(step, r);
            }
            p.sync();
        }
        Function<String, Long> sum = step -> steps.get(step).stream().map(Response::get)
                .mapToLong(v -> v == null ? 0 : Long.parseLong(v)).sum();
        return new Live(Math.max(0, sum.apply("calls") - sum.apply("ended")), sum.apply("offered"),
                sum.apply("accepted"), sum.apply("sent"));
    }

    /** Every rollup hash of the days {@code from..to}, day by day. */
    Map<String, Map<String, String>> rollups(LocalDate from, LocalDate to) {
        roller.catchUp(CATCH_UP);
        Map<String, Response<Map<String, String>>> replies = new LinkedHashMap<>();
        try (AbstractPipeline p = redis.pipelined()) {
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                replies.put(d.toString(), p.hgetAll(prefix + "funnel:" + d));
            }
            p.sync();
        }
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        replies.forEach((day, r) -> out.put(day, r.get()));
        return out;
    }

    private static void checkRange(LocalDate from, LocalDate to) {
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        if (days > MAX_DAYS) {
            throw new IllegalArgumentException("the range " + from + ".." + to + " spans " + days
                    + " days; at most " + MAX_DAYS + " are read at once");
        }
    }

    private static String valueOf(Dimension d, String day, String[] parts) {
        return switch (d) {
            case DAY -> day;
            case WEEK -> {
                LocalDate date = LocalDate.parse(day);
                yield String.format(java.util.Locale.ROOT, "%d-W%02d", date.get(IsoFields.WEEK_BASED_YEAR),
                        date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            }
            case MONTH -> day.substring(0, 7);
            default -> parts[1 + java.util.Arrays.asList(FIELD_DIMS).indexOf(d)];
        };
    }

    private static int compareKeys(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
