package io.waitless.journal;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.LongConsumer;

/**
 * Rebuilds the daily funnel rollups of a range of days from the event stream, the source of truth
 * ({@code waitless journal rebuild}). Safe while nodes keep writing:
 * <ol>
 *   <li>one script clears the days' rollups and returns the roller's cursor {@code S} (the last event the rollups
 *       counted); from then on the {@link FunnelRoller} counts the events after {@code S} into the cleared rollups
 *       as usual, using the per-call markers it already has, so a step a call reached up to {@code S} is not
 *       counted again;</li>
 *   <li>the events up to {@code S} are counted again by the same {@link Rollup}, with markers of their own
 *       (under {@code <prefix>rebuild:<run>:}), only for calls whose funnel day is in the range;</li>
 *   <li>the run's markers are removed.</li>
 * </ol>
 * Days whose events were already trimmed by retention cannot be rebuilt (their rollups are all that is left), so
 * a range that starts before the oldest complete day of the stream is refused.
 */
public final class FunnelRebuild {

    /** What a rebuild did. */
    public record Result(LocalDate from, LocalDate to, long events, Duration took) {}

    private static final String CLEAR = """
            for i = 1, #KEYS do redis.call('UNLINK', KEYS[i]) end
            return redis.call('GET', ARGV[1]) or '0-0'
            """;

    private final UnifiedJedis redis;
    private final String prefix;
    private final ZoneId zone;
    private final io.waitless.config.WaitlessConfig.Journal settings;
    private final FunnelRoller.Scripts scripts;

    /** @param settings the repeat window and retention the nodes count with */
    public FunnelRebuild(UnifiedJedis redis, String prefix, ZoneId zone,
                         io.waitless.config.WaitlessConfig.Journal settings) {
        this.redis = redis;
        this.prefix = prefix;
        this.zone = zone;
        this.settings = settings;
        this.scripts = new FunnelRoller.Scripts(redis);
    }

    /** The first day the stream still holds whole (empty when nothing was ever trimmed: every day is whole). */
    public java.util.Optional<LocalDate> firstWholeDay() {
        String trimmed = RedisCalls.retryingDeadConnection(() -> redis.get(prefix + Retention.TRIMMED_BEFORE));
        if (trimmed == null) {
            return java.util.Optional.empty();
        }
        Instant cut = Instant.ofEpochMilli(Long.parseLong(trimmed));
        LocalDate day = LocalDate.ofInstant(cut, zone);
        return java.util.Optional.of(cut.equals(day.atStartOfDay(zone).toInstant()) ? day : day.plusDays(1));
    }

    /**
     * Rebuilds the days {@code from..to}.
     *
     * @param progress told the number of events read so far, after each page
     * @throws IllegalArgumentException when {@code from} is before the first whole day, or the range is empty
     */
    public Result rebuild(LocalDate from, LocalDate to, LongConsumer progress) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("--to " + to + " is before --from " + from);
        }
        if (java.time.temporal.ChronoUnit.DAYS.between(from, to) >= RedisAnalytics.MAX_DAYS) {
            throw new IllegalArgumentException("at most " + RedisAnalytics.MAX_DAYS + " days are rebuilt at once");
        }
        firstWholeDay().filter(from::isBefore).ifPresent(first -> {
            throw new IllegalArgumentException("the stream holds whole days from " + first + " on (older events"
                    + " were trimmed by journal.retention, and their rollups are all that is left): rebuild from "
                    + first + " or later");
        });
        long started = System.nanoTime();
        List<String> keys = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            keys.add(prefix + "funnel:" + d);
        }
        String last = (String) RedisCalls.retryingDeadConnection(
                () -> redis.eval(CLEAR, keys, List.of(prefix + "rollup:cursor")));
        String markers = prefix + "rebuild:" + UUID.randomUUID() + ":";
        Rollup rollup = Rollup.replay(prefix, markers, zone, settings, from, to);
        long events = 0;
        try {
            if (!"0-0".equals(last)) {
                byte[] stream = (prefix + "events").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                String start = from.atStartOfDay(zone).toInstant().toEpochMilli() + "-0";
                while (true) {
                    Rollup.Page page = Rollup.read(redis, stream, start, last, 1_000);
                    if (page.size() == 0) {
                        break;
                    }
                    Rollup.Writes writes = rollup.count(page.entries(), redis);
                    if (!writes.isEmpty()) {
                        List<String> args = new ArrayList<>();
                        args.add("free");
                        writes.toArgs(args);
                        scripts.run(FunnelRoller.APPLY, List.of(), args);
                    }
                    events += page.size();
                    progress.accept(events);
                    if (page.size() < 1_000 || page.last().equals(last)) {
                        break;
                    }
                    start = "(" + page.last();
                }
            }
        } finally {
            unlinkAll(markers + "*");
        }
        return new Result(from, to, events, Duration.ofNanos(System.nanoTime() - started));
    }

    private void unlinkAll(String pattern) {
        String cursor = ScanParams.SCAN_POINTER_START;
        ScanParams params = new ScanParams().match(pattern).count(1_000);
        do {
            String c = cursor;
            ScanResult<String> r = RedisCalls.retryingDeadConnection(() -> redis.scan(c, params));
            if (!r.getResult().isEmpty()) {
                redis.unlink(r.getResult().toArray(String[]::new));
            }
            cursor = r.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
    }
}
