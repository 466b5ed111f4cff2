package io.waitless.journal;

import io.waitless.call.CallEvent;
import io.waitless.call.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Erases one caller's personal data from Redis ({@code waitless forget NUMBER}): every event of theirs in the
 * stream (found through their journey index and, unless told otherwise, a scan of the whole stream for events
 * written before the index existed), their deflection records, per-call markers, caller index, journey, declined
 * offers and per-number SMS budget. The daily rollups keep their counts, which name nobody. The opt-out list is
 * kept: it is the caller's own instruction not to be texted, and forgetting it would text them again.
 * Writes a {@code caller.forgotten} event holding only the counts, and logs the same.
 */
public final class Forget {
    private static final Logger log = LoggerFactory.getLogger(Forget.class);

    /** What was erased. */
    public record Result(long events, long calls, long deflections) {}

    private final UnifiedJedis redis;
    private final String prefix;
    private final RedisJournal journal;
    private final Clock clock;

    public Forget(UnifiedJedis redis, String prefix, RedisJournal journal, Clock clock) {
        this.redis = redis;
        this.prefix = prefix;
        this.journal = journal;
        this.clock = clock;
    }

    /**
     * @param callerRef  the caller's reference (HMAC of the number)
     * @param scanStream also read the whole stream, for events the journey index does not hold
     * @param progress   told the number of stream events read so far by the scan
     * @throws redis.clients.jedis.exceptions.JedisException when Redis fails part way (run it again: it resumes)
     */
    public Result forget(String callerRef, boolean scanStream, LongConsumer progress) {
        String stream = prefix + "events";
        journal.catchUp(RedisAnalytics.CATCH_UP); // so the journey index holds the caller's newest events
        Set<String> ids = new LinkedHashSet<>();
        Set<String> calls = new LinkedHashSet<>();
        Set<String> deflections = new LinkedHashSet<>();
        CallerIndex.Entries index = CallerIndex.of(redis, prefix, callerRef);
        calls.addAll(index.calls());
        for (StreamEntry e : CallerIndex.entries(redis, stream, index.eventIds())) {
            RedisJournal.toEvent(e.getFields()).ifPresent(ev -> take(e.getID().toString(), ev, ids, calls, deflections));
        }
        if (scanStream) {
            StreamEntryID start = new StreamEntryID(0, 0);
            long read = 0;
            while (true) {
                StreamEntryID s = start;
                List<StreamEntry> page = RedisCalls.retryingDeadConnection(() -> redis.xrange(stream, s, null, 10_000));
                for (StreamEntry e : page) {
                    if (mayConcern(e.getFields(), callerRef, calls, deflections)) {
                        RedisJournal.toEvent(e.getFields()).filter(ev -> callerRef.equals(ev.attribute("caller"))
                                        || calls.contains(ev.callId()) || deflections.contains(ev.attribute("deflection")))
                                .ifPresent(ev -> take(e.getID().toString(), ev, ids, calls, deflections));
                    }
                }
                read += page.size();
                progress.accept(read);
                if (page.size() < 10_000) {
                    break;
                }
                StreamEntryID last = page.getLast().getID();
                start = new StreamEntryID(last.getTime(), last.getSequence() + 1);
            }
        }
        long removed = 0;
        List<String> all = new ArrayList<>(ids);
        for (int i = 0; i < all.size(); i += 1_000) {
            StreamEntryID[] chunk = all.subList(i, Math.min(all.size(), i + 1_000)).stream()
                    .map(StreamEntryID::new).toArray(StreamEntryID[]::new);
            removed += RedisCalls.retryingDeadConnection(() -> redis.xdel(stream, chunk));
        }
        try (AbstractPipeline p = redis.pipelined()) {
            p.del(prefix + "journey:" + callerRef, prefix + "cr:" + callerRef, prefix + "declined:" + callerRef,
                    prefix + "budget:number:" + callerRef);
            for (String call : calls) {
                p.del(prefix + "fc:" + call);
            }
            for (String d : deflections) {
                p.del(prefix + "deflection:" + d);
            }
            p.sync();
        }
        Result r = new Result(removed, calls.size(), deflections.size());
        journal.append(CallEvent.of(EventType.CALLER_FORGOTTEN, clock.instant(), "")
                .with("events", r.events()).with("calls", r.calls()).with("deflections", r.deflections()).build());
        log.info("Forgot a caller at their request: {} events, {} calls, {} deflections erased (rollup counts kept)",
                r.events(), r.calls(), r.deflections());
        return r;
    }

    /** A cheap look at the raw entry before parsing it: the scan reads the whole stream. */
    private static boolean mayConcern(Map<String, String> f, String callerRef, Set<String> calls,
                                      Set<String> deflections) {
        String a = f.get("a");
        if (a == null) {
            return true; // an entry of an earlier version, one field per attribute
        }
        if (calls.contains(f.getOrDefault("call", "")) || a.contains(callerRef)) {
            return true;
        }
        for (String d : deflections) {
            if (a.contains(d)) {
                return true;
            }
        }
        return false;
    }

    private static void take(String id, CallEvent e, Set<String> ids, Set<String> calls, Set<String> deflections) {
        ids.add(id);
        if (!e.callId().isEmpty()) {
            calls.add(e.callId());
        }
        if (!e.attribute("deflection").isEmpty()) {
            deflections.add(e.attribute("deflection"));
        }
    }
}
