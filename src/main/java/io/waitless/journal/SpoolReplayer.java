package io.waitless.journal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.params.XAddParams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Replays the {@link EventSpool} into the stream, oldest segment first, in the order the entries were spooled,
 * once Redis answers again; then the spool empties and appends go straight to Redis.
 *
 * <p>Each page is one {@code MULTI}/{@code EXEC}: its {@code XADD}s and the replay marker
 * {@code <prefix>spool:<segment>} (how many bytes of the segment are in the stream). Redis applies a transaction
 * whole or not at all, so a node that dies mid-replay, or a replay cut off by Redis going away again, resumes
 * after the last page Redis took, and no entry is added twice (as long as Redis keeps what it acknowledged:
 * with AOF, see the README). The marker expires after {@link #MARKER_TTL}.
 */
final class SpoolReplayer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SpoolReplayer.class);
    static final int PAGE = 256;
    static final Duration MARKER_TTL = Duration.ofDays(7);

    private final UnifiedJedis redis;
    private final String streamKey;
    private final String markerPrefix;
    private final XAddParams params;
    private final EventSpool spool;
    private final Duration retry;
    private final Counter replayed;
    private final Counter alreadyThere;
    private final Thread thread;
    private volatile boolean closed;
    /** The segment being replayed and how far, in bytes; -1: ask Redis's marker first. */
    private EventSpool.Segment segment;
    private long offset = -1;
    private boolean failing;

    /** @param streamKey and {@code params}: the stream and the {@code XADD} parameters the journal writes with */
    SpoolReplayer(UnifiedJedis redis, String keyPrefix, String streamKey, XAddParams params, EventSpool spool,
                  Duration retry, MeterRegistry metrics) {
        this.redis = redis;
        this.streamKey = streamKey;
        this.markerPrefix = keyPrefix + "spool:";
        this.params = params;
        this.spool = spool;
        this.retry = retry;
        this.replayed = Counter.builder("waitless.journal.replayed")
                .description("Spooled events written to Redis once it answered again").register(metrics);
        this.alreadyThere = Counter.builder("waitless.journal.replay.skipped")
                .description("Spooled events not replayed: Redis had taken them although their writer timed out")
                .register(metrics);
        this.thread = Thread.ofPlatform().daemon().name("journal-replayer").start(this::run);
    }

    /** Wakes the replayer: something was just spooled. */
    void wake() {
        LockSupport.unpark(thread);
    }

    private void run() {
        while (!closed) {
            boolean progressed;
            try {
                progressed = step();
                if (failing) {
                    failing = false;
                    log.info("Redis answers again: replaying the journal's spool ({} bytes waiting)", spool.bytes());
                }
            } catch (RuntimeException | IOException e) {
                if (!failing) {
                    failing = true;
                    log.warn("Cannot replay the journal's spool yet ({} bytes waiting), retrying every {}: {}",
                            spool.bytes(), retry, e.toString());
                }
                progressed = false;
            }
            if (!progressed) {
                LockSupport.parkNanos(retry.toNanos());
            }
        }
    }

    /**
     * Replays one page, or releases a segment that is all replayed.
     *
     * @return whether there is more to do at once
     */
    boolean step() throws IOException {
        EventSpool.Segment s = spool.oldest();
        if (s == null) {
            return false;
        }
        if (!s.equals(segment)) {
            segment = s;
            offset = -1;
        }
        if (offset < 0) {
            String marker = RedisCalls.retryingDeadConnection(() -> redis.get(markerPrefix + s.id()));
            offset = marker == null ? 0 : Long.parseLong(marker);
        }
        EventSpool.Page page;
        try {
            page = spool.read(s, offset, PAGE);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (page.entries().isEmpty()) {
            if (spool.release(s, page.to())) {
                RedisCalls.retryingDeadConnection(() -> redis.del(markerPrefix + s.id()));
                segment = null;
                return true;
            }
            return false; // an append is on its way into this segment
        }
        int added;
        try {
            added = write(s, page);
        } catch (RuntimeException e) {
            offset = -1; // the transaction may have been applied before the connection broke: ask the marker
            throw e;
        }
        offset = page.to();
        replayed.increment(added);
        return true;
    }

    /** Adds the page's entries Redis does not have yet, and the segment's marker; returns how many it added. */
    private int write(EventSpool.Segment s, EventSpool.Page page) {
        List<Map<String, String>> lines = page.entries();
        boolean[] skip = new boolean[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            Map<String, String> head = lines.get(i);
            String group = head.get(EventSpool.GROUP_OF);
            if (group == null) {
                continue;
            }
            skip[i] = true;
            String marker = redis.get(head.get("writer"));
            if (marker != null && Long.parseLong(marker) >= Long.parseLong(head.get("seq"))) {
                int n = Integer.parseInt(group); // Redis took this batch although its writer never heard back
                for (int j = i + 1; j <= i + n && j < lines.size(); j++) {
                    skip[j] = true;
                }
                alreadyThere.increment(n);
            }
        }
        List<Object> done;
        int added = 0;
        try (AbstractTransaction t = redis.multi()) {
            for (int i = 0; i < lines.size(); i++) {
                if (!skip[i] && !lines.get(i).isEmpty()) { // empty: a line that does not read (a damaged disk)
                    t.xadd(streamKey, params, lines.get(i));
                    added++;
                }
            }
            t.set(markerPrefix + s.id(), Long.toString(page.to()), SetParams.setParams().ex(MARKER_TTL.toSeconds()));
            done = t.exec();
        }
        if (done == null) {
            throw new IllegalStateException("Redis discarded the replay transaction");
        }
        return added;
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
