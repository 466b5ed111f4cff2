package io.waitless.journal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.waitless.call.CallEvent;
import io.waitless.call.Deflection;
import io.waitless.call.EventType;
import io.waitless.call.Journal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.resps.StreamEntry;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The journal in Redis: events in one stream ({@code <prefix>events}, {@code XADD}, fields {@link #fields}), one
 * hash per deflection ({@code <prefix>deflection:<id>}); the funnel rollups follow the stream ({@link FunnelRoller}).
 *
 * <p>Fail open: every Redis failure is logged at WARN with the event, counted in
 * {@code waitless.redis.errors}, and reported as {@code false}; the call goes on. With a spool
 * ({@code journal.spool}), events Redis cannot take go to a local file instead ({@link EventSpool}), and so does
 * every event after them until the {@link SpoolReplayer} has written them all to the stream, in order: an
 * append reports {@code true} once the event is in Redis or forced to the spool's disk. Thread-safe.
 */
public final class RedisJournal implements Journal {
    private static final Logger log = LoggerFactory.getLogger(RedisJournal.class);

    /**
     * Funnel states only move forward: set the new state only when its rank is higher. A failed send (or an
     * undelivered report) outranks sent; a late delivery report never undoes an open.
     */
    private static final String ADVANCE = """
            local rank = {accepted=1, sent=2, failed=3, delivered=4, opened=5, completed=6}
            local cur = redis.call('HGET', KEYS[1], 'state')
            if not cur then return -1 end
            if rank[ARGV[1]] <= rank[cur] then return 0 end
            redis.call('HSET', KEYS[1], 'state', ARGV[1], 'updated', ARGV[2], ARGV[1] .. '_at', ARGV[2])
            return 1
            """;

    /** Most events written in one pipelined round trip. */
    static final int MAX_BATCH = 256;

    private final UnifiedJedis redis;
    private final String streamKey;
    private final byte[] streamKeyBytes;
    private final String deflectionPrefix;
    private final Counter errors;
    private final MeterRegistry metrics;
    private final FunnelRoller roller;
    /** {@code waitless_events_total{type}}, looked up once per type rather than per append. */
    private final Map<EventType, Counter> appended = new java.util.concurrent.ConcurrentHashMap<>();
    private final GroupCommit<CallEvent> commits;
    private final XAddParams params;
    /** Null without {@code journal.spool}. */
    private final EventSpool spool;
    private final SpoolReplayer replayer;
    private final Counter spooled;
    private final Counter lost;
    private volatile boolean spooling;
    /**
     * Each writer thread's marker ({@code <prefix>writer:<journal>-<n>}) and the number of its next batch: a
     * writer's batches go one after another, so its marker holding {@code seq} or more means batch {@code seq}
     * is in the stream.
     */
    private final ThreadLocal<Writer> writer;

    private static final class Writer {
        final String key;
        long next = 1;

        Writer(String key) {
            this.key = key;
        }
    }

    /** A journal whose funnel days are UTC days, with the default retention and repeat window. */
    public RedisJournal(UnifiedJedis redis, String keyPrefix, long maxLength, MeterRegistry metrics) {
        this(redis, keyPrefix, maxLength, java.time.ZoneOffset.UTC,
                io.waitless.config.WaitlessConfig.Journal.DEFAULTS, java.time.Duration.ofSeconds(2), metrics);
    }

    /**
     * Starts the journal and its {@link FunnelRoller} (which counts on this node while it holds the lease). When
     * Redis cannot be reached now, the roller fixes where counting starts once it can.
     *
     * @param maxLength approximate cap on the stream length, beside the retention by age
     * @param zone      the company's time zone: funnel days are its days
     * @param settings  retention (how long per-call markers and journeys are kept) and the repeat window
     * @param timeout   the Redis command timeout: an append waits at most two of them (its own batch, and the one
     *                  the other writer may have in flight): a frozen Redis costs a call at most that
     */
    public RedisJournal(UnifiedJedis redis, String keyPrefix, long maxLength, java.time.ZoneId zone,
                        io.waitless.config.WaitlessConfig.Journal settings, java.time.Duration timeout,
                        MeterRegistry metrics) {
        this.redis = redis;
        this.streamKey = keyPrefix + "events";
        this.streamKeyBytes = streamKey.getBytes(StandardCharsets.UTF_8);
        this.deflectionPrefix = keyPrefix + "deflection:";
        this.metrics = metrics;
        this.errors = Counter.builder("waitless.redis.errors").description("Redis commands that failed")
                .register(metrics);
        this.roller = new FunnelRoller(redis, keyPrefix, zone, settings);
        try {
            roller.init();
        } catch (RuntimeException e) {
            log.warn("Redis unavailable at start: the funnel roller starts counting once it answers: {}", e.toString());
        }
        roller.start();
        this.params = XAddParams.xAddParams().maxLen(maxLength).approximateTrimming();
        this.spooled = Counter.builder("waitless.journal.spooled")
                .description("Events spooled to local disk while Redis could not take them").register(metrics);
        String journalId = java.util.UUID.randomUUID().toString();
        java.util.concurrent.atomic.AtomicInteger writers = new java.util.concurrent.atomic.AtomicInteger();
        this.writer = ThreadLocal.withInitial(
                () -> new Writer(keyPrefix + "writer:" + journalId + "-" + writers.incrementAndGet()));
        this.lost = Counter.builder("waitless.journal.lost")
                .description("Events neither Redis nor the spool took (the call went on)").register(metrics);
        if (settings.spool().isPresent()) {
            io.waitless.config.WaitlessConfig.Spool sp = settings.spool().get();
            try {
                this.spool = new EventSpool(sp.directory(), sp.maxBytes());
            } catch (java.io.IOException e) {
                roller.close();
                throw new IllegalStateException("journal.spool.directory: " + e.getMessage(), e);
            }
            this.replayer = new SpoolReplayer(redis, keyPrefix, streamKey, params, spool,
                    java.time.Duration.ofSeconds(1), metrics);
            io.micrometer.core.instrument.Gauge.builder("waitless.journal.spool.bytes", spool, EventSpool::bytes)
                    .description("Bytes of events waiting in the spool for Redis").baseUnit("bytes").register(metrics);
            if (spool.pending()) {
                log.warn("The journal's spool holds {} bytes from an earlier run: replaying them in order before"
                        + " new events", spool.bytes());
                replayer.wake();
            }
        } else {
            this.spool = null;
            this.replayer = null;
        }
        this.commits = new GroupCommit<>("journal-writer", 2, 16_384, MAX_BATCH, timeout.multipliedBy(2),
                this::write, this::batchFailed);
    }

    /**
     * Appends the event to the stream, in one pipelined round trip with the events other threads append at the
     * same moment (group commit); returns once it is stored, or {@code false} (logged, counted) when it could not
     * be. The funnel rollups count it a few milliseconds later ({@link FunnelRoller}).
     */
    @Override
    public boolean append(CallEvent event) {
        countRefusal(event);
        if (commits.submit(event)) {
            appended.computeIfAbsent(event.type(),
                    t -> metrics.counter("waitless.events", "type", t.wireName())).increment();
            return true;
        }
        errors.increment();
        lost.increment();
        log.warn("Redis unavailable, call goes on without it: could not append {} for call {}",
                event.type().wireName(), event.callId());
        return false;
    }

    /**
     * Appends many events in order, {@value #MAX_BATCH} per round trip, from the calling thread: for importing and
     * seeding a journal (the benchmark, the tests), not for calls (they use {@link #append}, which fails open).
     *
     * @throws redis.clients.jedis.exceptions.JedisException when Redis fails (the events before the failing
     *                                                         batch are stored)
     */
    public void appendAll(List<CallEvent> events) {
        for (int i = 0; i < events.size(); i += MAX_BATCH) {
            xadd(raw(events.subList(i, Math.min(events.size(), i + MAX_BATCH))));
        }
    }

    /** The events as Redis takes them ({@link #raw(CallEvent)}). */
    private static List<Map<byte[], byte[]>> raw(List<CallEvent> events) {
        List<Map<byte[], byte[]>> entries = new ArrayList<>(events.size());
        for (CallEvent e : events) {
            entries.add(raw(e));
        }
        return entries;
    }

    private static List<Map<String, String>> entries(List<CallEvent> events) {
        List<Map<String, String>> entries = new ArrayList<>(events.size());
        for (CallEvent e : events) {
            entries.add(fields(e));
        }
        return entries;
    }

    /**
     * Writes a batch: behind the spool while it holds anything, else to Redis, and to the spool when Redis fails.
     *
     * @throws RuntimeException when it could not be stored anywhere (the whole batch is lost)
     */
    private void write(List<CallEvent> events) {
        if (spool == null) {
            xadd(raw(events));
            return;
        }
        try {
            if (spool.appendIfPending(() -> entries(events))) {
                spooled.increment(events.size());
                return;
            }
        } catch (EventSpool.SpoolException e) {
            throw new IllegalStateException("Redis is still catching up and " + e.getMessage(), e);
        }
        Writer w = writer.get();
        long seq = w.next++;
        try {
            xaddMarked(raw(events), w.key, seq);
            spooling = false;
            return;
        } catch (RuntimeException redisFailed) {
            // Redis may have applied the batch before the failure reached us (a timeout, a connection cut after
            // the send): the heading line lets the replayer ask the writer's marker and skip it if so
            List<Map<String, String>> entries = entries(events);
            List<Map<String, String>> lines = new ArrayList<>(entries.size() + 1);
            lines.add(Map.of(EventSpool.GROUP_OF, Integer.toString(entries.size()), "writer", w.key,
                    "seq", Long.toString(seq)));
            lines.addAll(entries);
            try {
                spool.append(lines);
            } catch (EventSpool.SpoolException e) {
                e.addSuppressed(redisFailed);
                throw new IllegalStateException("Redis failed (" + redisFailed.getMessage() + ") and " + e.getMessage(), e);
            }
            spooled.increment(entries.size());
            if (!spooling) {
                spooling = true;
                log.warn("Redis cannot take events ({}): spooling them to {} and replaying them in order once it"
                        + " answers", redisFailed.toString(), spool.directory());
            }
            replayer.wake();
        }
    }

    /**
     * {@code XADD}s the entries in order and sets the writer's marker to {@code seq}, as one transaction in one
     * round trip: the marker says whether the batch is in the stream, all of it, when the reply never came. Not
     * retried on a broken connection (as other commands are): a batch that may have been applied goes to the
     * spool, whose replayer asks the marker, so it is never added twice.
     */
    private void xaddMarked(List<Map<byte[], byte[]>> entries, String writerKey, long seq) {
        try (AbstractTransaction t = redis.multi()) {
            for (Map<byte[], byte[]> f : entries) {
                t.xadd(streamKeyBytes, params, f);
            }
            t.set(writerKey, Long.toString(seq), SetParams.setParams().ex(SpoolReplayer.MARKER_TTL.toSeconds()));
            if (t.exec() == null) {
                throw new IllegalStateException("Redis discarded the transaction");
            }
        }
    }

    /** {@code XADD}s the entries in order, pipelined: one round trip. */
    private void xadd(List<Map<byte[], byte[]>> entries) {
        RedisCalls.retryingDeadConnection(() -> {
            try (AbstractPipeline p = redis.pipelined()) {
                for (Map<byte[], byte[]> f : entries) {
                    p.xadd(streamKeyBytes, params, f);
                }
                p.sync();
            }
            return null;
        });
    }

    /** Waits until the funnel rollups count every event appended so far (for readers of them in this process). */
    public boolean catchUp(java.time.Duration deadline) {
        return roller.catchUp(deadline);
    }

    private void batchFailed(RuntimeException e) {
        log.warn("Redis unavailable: a batch of events was not stored: {}", e.toString());
    }

    /**
     * Every "no text" decision, by stage and reason, counted whether or not Redis takes the event:
     * {@code waitless_offers_refused_total{stage="arrive"|"accept",reason}}.
     */
    private void countRefusal(CallEvent event) {
        String stage = switch (event.type()) {
            case OFFER_WITHHELD -> "arrive";
            case OFFER_REFUSED -> "accept";
            default -> null;
        };
        if (stage != null) {
            metrics.counter("waitless.offers.refused", "stage", stage, "reason", event.attribute("reason"))
                    .increment();
        }
    }

    @Override
    public boolean saveDeflection(Deflection d) {
        Map<String, String> h = new HashMap<>();
        h.put("id", d.id());
        h.put("call", d.callId());
        h.put("caller", d.callerRef());
        h.put("queue", d.queue());
        h.put("promotion", d.promotion());
        h.put("flow", d.flow());
        h.put("state", d.state().wireName());
        h.put("created", Long.toString(d.created().toEpochMilli()));
        h.put("updated", Long.toString(d.updated().toEpochMilli()));
        h.put(d.state().wireName() + "_at", Long.toString(d.updated().toEpochMilli()));
        d.tags().forEach((k, v) -> h.put("tag." + k, v));
        h.values().removeIf(v -> v == null);
        try {
            RedisCalls.retryingDeadConnection(() -> redis.hset(deflectionPrefix + d.id(), h));
            return true;
        } catch (RuntimeException e) {
            failed("save deflection " + d.id(), e);
            return false;
        }
    }

    @Override
    public boolean advanceDeflection(String id, Deflection.State state, Instant at) {
        try {
            Object r = RedisCalls.retryingDeadConnection(() -> redis.eval(ADVANCE, List.of(deflectionPrefix + id),
                    List.of(state.wireName(), Long.toString(at.toEpochMilli()))));
            return r instanceof Long l && l >= 0;
        } catch (RuntimeException e) {
            failed("advance deflection " + id + " to " + state.wireName(), e);
            return false;
        }
    }

    @Override
    public Optional<Deflection> deflection(String id) {
        Map<String, String> h;
        try {
            h = RedisCalls.retryingDeadConnection(() -> redis.hgetAll(deflectionPrefix + id));
        } catch (RuntimeException e) {
            failed("read deflection " + id, e);
            return Optional.empty();
        }
        if (h == null || h.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Deflection(h.get("id"), h.getOrDefault("call", ""), h.getOrDefault("caller", ""),
                h.getOrDefault("queue", ""), h.getOrDefault("promotion", ""), h.getOrDefault("flow", ""),
                Deflection.State.valueOf(h.get("state").toUpperCase(java.util.Locale.ROOT)),
                Instant.ofEpochMilli(Long.parseLong(h.get("created"))),
                Instant.ofEpochMilli(Long.parseLong(h.get("updated"))), tags(h)));
    }

    private static Map<String, String> tags(Map<String, String> h) {
        Map<String, String> out = new LinkedHashMap<>();
        h.forEach((k, v) -> {
            if (k.startsWith("tag.")) {
                out.put(k.substring(4), v);
            }
        });
        return out;
    }

    @Override
    public List<CallEvent> recent(int limit) {
        List<StreamEntry> entries;
        try {
            entries = RedisCalls.retryingDeadConnection(() -> redis.xrevrange(streamKey, "+", "-", limit));
        } catch (RuntimeException e) {
            failed("read recent events", e);
            return List.of();
        }
        List<CallEvent> events = new ArrayList<>(entries.size());
        for (int i = entries.size() - 1; i >= 0; i--) {
            toEvent(entries.get(i).getFields()).ifPresent(events::add);
        }
        return events;
    }

    /**
     * Every event whose stream entry was added in {@code [from, to)}, oldest first, read in pages of
     * {@code page} (stream ids are the time the entry was added, so the range costs no more than its events).
     *
     * @throws redis.clients.jedis.exceptions.JedisException when Redis cannot be read (a report must not pass
     *                                                         off a partial read as the numbers)
     */
    public void scan(Instant from, Instant to, int page, java.util.function.Consumer<CallEvent> each) {
        redis.clients.jedis.StreamEntryID start = new redis.clients.jedis.StreamEntryID(from.toEpochMilli(), 0);
        long end = to.toEpochMilli() - 1;
        if (end < from.toEpochMilli()) {
            return;
        }
        redis.clients.jedis.StreamEntryID last = new redis.clients.jedis.StreamEntryID(end, Long.MAX_VALUE);
        while (true) {
            redis.clients.jedis.StreamEntryID s = start;
            List<StreamEntry> entries = RedisCalls.retryingDeadConnection(() -> redis.xrange(streamKey, s, last, page));
            for (StreamEntry e : entries) {
                toEvent(e.getFields()).ifPresent(each);
            }
            if (entries.size() < page) {
                return;
            }
            redis.clients.jedis.StreamEntryID id = entries.getLast().getID();
            start = new redis.clients.jedis.StreamEntryID(id.getTime(), id.getSequence() + 1);
        }
    }

    /**
     * A stream entry's fields: always {@code type}, {@code time} (epoch ms), {@code call} (empty off a call) and
     * {@code a}, the attributes as a JSON object, so every entry has the same four fields (the stream stores their
     * names once) and an append parses four values, not one per attribute.
     */
    static Map<String, String> fields(CallEvent e) {
        Map<String, String> f = new LinkedHashMap<>(8);
        f.put("type", e.type().wireName());
        f.put("time", Long.toString(e.time().toEpochMilli()));
        f.put("call", e.callId());
        f.put("a", new String(AttributesJson.write(e.attributes()), StandardCharsets.UTF_8));
        return f;
    }

    private static final byte[] TYPE = "type".getBytes(StandardCharsets.UTF_8),
            TIME = "time".getBytes(StandardCharsets.UTF_8), CALL = "call".getBytes(StandardCharsets.UTF_8),
            A = "a".getBytes(StandardCharsets.UTF_8);
    private static final Map<EventType, byte[]> WIRE_NAMES = new java.util.EnumMap<>(EventType.class);

    static {
        for (EventType t : EventType.values()) {
            WIRE_NAMES.put(t, t.wireName().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** {@link #fields} as the bytes Redis takes, made at once in UTF-8 (an append's hot path), in the same order. */
    static Map<byte[], byte[]> raw(CallEvent e) {
        Map<byte[], byte[]> f = new LinkedHashMap<>(8);
        f.put(TYPE, WIRE_NAMES.get(e.type()));
        f.put(TIME, Long.toString(e.time().toEpochMilli()).getBytes(StandardCharsets.ISO_8859_1));
        f.put(CALL, e.callId().getBytes(StandardCharsets.UTF_8));
        f.put(A, AttributesJson.write(e.attributes()));
        return f;
    }

    /**
     * The event of a stream entry; empty when it is not one (an unknown type, no time, attributes that are not a
     * JSON object of strings). Entries of earlier versions, one field per attribute, read the same.
     */
    public static Optional<CallEvent> toEvent(Map<String, String> fields) {
        Optional<EventType> type = EventType.fromWireName(fields.getOrDefault("type", ""));
        String time = fields.get("time");
        if (type.isEmpty() || time == null) {
            return Optional.empty();
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        try {
            attributes(fields, attrs::put);
            return Optional.of(new CallEvent(type.get(), Instant.ofEpochMilli(Long.parseLong(time)),
                    fields.get("call"), attrs));
        } catch (IllegalArgumentException e) { // attributes that are not a JSON object of strings, a bad time
            return Optional.empty();
        }
    }

    /**
     * Hands each attribute of a stream entry to {@code each}: those of {@code a}, then (an entry of an earlier
     * version) every field but {@code type}, {@code time}, {@code call} and {@code a}.
     *
     * @throws IllegalArgumentException when {@code a} is not one JSON object of strings
     */
    static void attributes(Map<String, String> fields, java.util.function.BiConsumer<String, String> each) {
        String json = fields.get("a");
        if (json != null) {
            AttributesJson.read(json, each);
        }
        fields.forEach((k, v) -> {
            if (!k.equals("type") && !k.equals("time") && !k.equals("call") && !k.equals("a")) {
                each.accept(k, v);
            }
        });
    }

    private void failed(String what, RuntimeException e) {
        errors.increment();
        log.warn("Redis unavailable, call goes on without it: could not {}: {}", what, e.toString());
    }

    /**
     * Writes what is already handed in and stops the writer, then the roller (handing its lease to another node);
     * the UnifiedJedis is shared and closed by its owner.
     */
    @Override
    public void close() {
        commits.close();
        if (spool != null) {
            replayer.close();
            try {
                spool.close();
            } catch (java.io.IOException e) {
                log.warn("Could not close the journal's spool: {}", e.toString());
            }
        }
        roller.close();
    }
}
