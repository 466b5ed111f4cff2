package io.waitless.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Trims events older than {@code journal.retention} from the stream ({@code XTRIM MINID}, exact: an hour's
 * worth at a time is cheap), hourly on every node
 * (trimming is idempotent, so nodes need no coordination). The daily rollups are kept. The cut is remembered in
 * {@code <prefix>events:trimmed-before} (it only moves forward) so a rebuild knows which days are no longer whole.
 * Per-call markers and journey indexes expire by themselves after the same time.
 */
public final class Retention implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    /** Key (after the prefix) of the instant, in epoch ms, before which events may have been trimmed. */
    static final String TRIMMED_BEFORE = "events:trimmed-before";

    private static final String TRIM = """
            local removed = redis.call('XTRIM', KEYS[1], 'MINID', ARGV[1])
            local before = tonumber(redis.call('GET', KEYS[2]) or '0')
            if tonumber(ARGV[2]) > before then redis.call('SET', KEYS[2], ARGV[2]) end
            return removed
            """;

    private final UnifiedJedis redis;
    private final String prefix;
    private final Duration retention;
    private final Clock clock;
    private ScheduledExecutorService timer;

    public Retention(UnifiedJedis redis, String prefix, Duration retention, Clock clock) {
        this.redis = redis;
        this.prefix = prefix;
        this.retention = retention;
        this.clock = clock;
    }

    /**
     * Trims once now.
     *
     * @return how many events were removed
     */
    public long trim() {
        Instant cut = clock.instant().minus(retention);
        String minId = cut.toEpochMilli() + "-0";
        Object removed = RedisCalls.retryingDeadConnection(() -> redis.eval(TRIM,
                java.util.List.of(prefix + "events", prefix + TRIMMED_BEFORE),
                java.util.List.of(minId, Long.toString(cut.toEpochMilli()))));
        long n = removed instanceof Long l ? l : 0;
        if (n > 0) {
            log.info("Retention: trimmed {} events older than {} from the journal (rollups kept)", n, cut);
        }
        return n;
    }

    /** Trims a minute after start, then every hour; a failure is logged and tried again next hour. */
    public Retention start() {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("retention").factory());
        timer.scheduleWithFixedDelay(() -> {
            try {
                trim();
            } catch (RuntimeException e) {
                log.warn("Retention: could not trim the journal, trying again in an hour: {}", e.toString());
            }
        }, 1, 60, TimeUnit.MINUTES);
        return this;
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
