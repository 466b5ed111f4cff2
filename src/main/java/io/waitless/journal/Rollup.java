package io.waitless.journal;

import io.waitless.call.EventType;
import io.waitless.config.WaitlessConfig;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.Response;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts runs of stream events into the funnel rollups, in stream order, and says which Redis writes that takes
 * ({@link Writes}, applied by {@link FunnelRoller} in one script). For each event:
 * <ul>
 *   <li>the call's funnel day (the day of its first event, in the company's time zone), queue, intent, language and
 *       caller are fixed in {@code <markers>fc:<call>}, and its promotion, experiment and variant follow the latest
 *       event that names one;</li>
 *   <li>the call is counted once per funnel step in {@code <prefix>funnel:<day>}, field
 *       {@code step|queue|intent|language|promotion|experiment|variant} (with the {@code withheld:<reason>},
 *       {@code refused:<reason>}, {@code accepted-<via>} and {@code ended:<outcome>} breakdowns beside it); the step
 *       marker (the step's first stream id) in the call's hash is what makes it once;</li>
 *   <li>an accepting call is remembered per caller ({@code <markers>cr:<caller>}); when the same caller phones again
 *       within the repeat window, one {@code repeat} is counted on the accepting call;</li>
 *   <li>the event is indexed for the journey and for {@code forget}: its stream id in the call's hash (as a step
 *       marker's value or a field of its own), the call under its caller ({@code <prefix>journey:<caller>},
 *       {@code c:<call>}, the newest 1,000), an event outside a call there too ({@code e:<id>});</li>
 *   <li>calls arrived and ended, offers, accepts and sends are counted per minute
 *       ({@code <prefix>live:<step>:<epoch minute>}, kept five hours).</li>
 * </ul>
 * The state of recent calls and callers is kept in memory, valid only while this rollup is the only writer of its
 * markers (the roller's lease; a rebuild's own markers): {@link #forget()} drops it. Not thread-safe.
 */
final class Rollup {

    /**
     * What the funnel needs of a stream entry, worked out when it is read (on the roller's reading thread): its id,
     * funnel step ("" when none), time (epoch ms), call ("" off a call), caller reference ("" when none),
     * {@code queue|intent|language}, {@code promotion|experiment|variant} ("" when it names no promotion) and the
     * breakdown counted beside the step ("" when none).
     */
    record Entry(String id, String step, long time, String call, String caller, String base, String promotion,
                 String breakdown) {

        /**
         * The entry of an event's fields: its attributes are {@code json} (null when none) and then {@code older}
         * (an entry of an earlier version: one field per attribute; null when none); null when not an event.
         */
        static Entry of(String id, String type, String time, String call, byte[] json, Map<String, String> older) {
            java.util.Optional<EventType> t = EventType.fromWireName(type == null ? "" : type);
            if (t.isEmpty() || time == null) {
                return null;
            }
            String[] a = new String[ATTRIBUTE_NAMES.length];
            try {
                if (json != null) {
                    AttributesJson.read(json, ATTRIBUTE_NAMES, a);
                }
                if (older != null) {
                    older.forEach((k, v) -> {
                        int i = java.util.Arrays.asList(ATTRIBUTES).indexOf(k);
                        if (i >= 0) {
                            a[i] = v;
                        }
                    });
                }
                long at = Long.parseLong(time);
                String step = STEPS.getOrDefault(t.get(), "");
                String promotion = a[PROMOTION] == null ? "" : promotionDims(a[PROMOTION], a[EXPERIMENT], a[VARIANT]);
                return new Entry(id, step, at, call == null ? "" : call, orEmpty(a[CALLER]),
                        clean(a[QUEUE]) + "|" + clean(a[INTENT]) + "|" + clean(a[LANGUAGE]), promotion,
                        Rollup.breakdown(step, a));
            } catch (IllegalArgumentException e) { // JSON that is not an object of strings, a time that is not a number
                return null;
            }
        }
    }

    /** A page of the stream read and parsed: its events, the id of its last entry, how many entries it had. */
    record Page(List<Entry> entries, String last, int size) {}

    private static final byte[] TYPE = bytes("type"), TIME = bytes("time"), CALL = bytes("call"), A = bytes("a");

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Reads and parses up to {@code count} entries of {@code stream} from {@code start} to {@code end} ({@code XRANGE}
     * ids, {@code (} for exclusive): the reply is taken as it comes, each entry's four fields found by their bytes,
     * with no map or id object per entry (this is most of what the roller does per event). Entries that are not
     * events are passed over; {@code last} is {@code start} when the page is empty.
     *
     * @throws redis.clients.jedis.exceptions.JedisException when Redis cannot be read
     */
    static Page read(UnifiedJedis redis, byte[] stream, String start, String end, int count) {
        List<Object> reply = RedisCalls.retryingDeadConnection(
                () -> redis.xrange(stream, bytes(start), bytes(end), count));
        List<Entry> entries = new ArrayList<>(reply.size());
        String last = start;
        for (Object o : reply) {
            List<?> entry = (List<?>) o;
            last = new String((byte[]) entry.get(0), java.nio.charset.StandardCharsets.US_ASCII);
            List<?> fields = (List<?>) entry.get(1);
            String type = null, time = null, call = null;
            byte[] json = null;
            Map<String, String> older = null;
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                byte[] name = (byte[]) fields.get(i);
                byte[] value = (byte[]) fields.get(i + 1);
                if (Arrays.equals(name, A)) {
                    json = value;
                } else if (Arrays.equals(name, TYPE)) {
                    type = text(value);
                } else if (Arrays.equals(name, TIME)) {
                    time = text(value);
                } else if (Arrays.equals(name, CALL)) {
                    call = text(value);
                } else {
                    if (older == null) {
                        older = new java.util.LinkedHashMap<>();
                    }
                    older.put(text(name), text(value));
                }
            }
            Entry e = Entry.of(last, type, time, call, json, older);
            if (e != null) {
                entries.add(e);
            }
        }
        return new Page(entries, last, reply.size());
    }

    private static String text(byte[] b) {
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static final int CALLER = 0, QUEUE = 1, INTENT = 2, LANGUAGE = 3, PROMOTION = 4, EXPERIMENT = 5,
            VARIANT = 6, REASON = 7, VIA = 8, OUTCOME = 9;
    /** The attributes the funnel reads, by those indexes; the others (the masked number…) are never decoded. */
    private static final String[] ATTRIBUTES = {"caller", "queue", "intent", "language", "promotion", "experiment",
            "variant", "reason", "via", "outcome"};
    private static final byte[][] ATTRIBUTE_NAMES = AttributesJson.names(ATTRIBUTES);

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** Funnel step of each event type counted in the funnel; other types only reach the stream. */
    static final Map<EventType, String> STEPS = Map.ofEntries(
            Map.entry(EventType.CALL_ARRIVED, "calls"), Map.entry(EventType.INTENT_RECOGNIZED, "intent"),
            Map.entry(EventType.OFFER_MADE, "offered"), Map.entry(EventType.OFFER_WITHHELD, "withheld"),
            Map.entry(EventType.OFFER_ACCEPTED, "accepted"), Map.entry(EventType.OFFER_DECLINED, "declined"),
            Map.entry(EventType.OFFER_REFUSED, "refused"), Map.entry(EventType.SMS_SENT, "sent"),
            Map.entry(EventType.SMS_FAILED, "failed"), Map.entry(EventType.SMS_DELIVERED, "delivered"),
            Map.entry(EventType.SMS_UNDELIVERED, "undelivered"), Map.entry(EventType.LINK_OPENED, "opened"),
            Map.entry(EventType.TOKEN_REDEEMED, "redeemed"), Map.entry(EventType.FLOW_COMPLETED, "completed"),
            Map.entry(EventType.CALL_ENDED, "ended"));

    private static final List<String> STEP_NAMES = List.copyOf(new java.util.TreeSet<>(STEPS.values()));
    /** What is read of a call's marker hash: day, base and promotion dimensions, caller, then each step. */
    private static final String[] MARKER_FIELDS = java.util.stream.Stream.concat(
            java.util.stream.Stream.of("d", "b", "p", "c"), STEP_NAMES.stream()).toArray(String[]::new);
    private static final Set<String> LIVE_STEPS = Set.of("calls", "ended", "offered", "accepted", "sent");
    /** Calls and callers remembered: a call's events come within minutes, a late one reads its markers again. */
    static final int CACHED = 100_000;

    /** What one call has reached: its funnel day and dimensions, caller, and the steps already counted. */
    private static final class CallState {
        /** Its marker hash. */
        final String key;
        /** Fields and values to write to it with the page being counted. */
        final List<String> pending = new ArrayList<>(8);
        boolean expire;
        String day;
        /** {@code |base|promotion}, the dimensions of its rollup fields. */
        String dims;
        String base;
        String promotion;
        String caller;
        /** In a rebuild, the live marker's day of a call not yet met (null when it has none). */
        String liveDay;
        final Set<String> steps = new HashSet<>();

        CallState(String key) {
            this.key = key;
        }
    }

    /** A caller's latest accepting call, for repeat calls. */
    private static final class Accepted {
        String call;
        long at;
        String day;
        String dims;
        boolean counted;
    }

    private final String prefix;
    private final String markers;
    private final boolean replay;
    private final LocalDate from;
    private final LocalDate to;
    private final ZoneId zone;
    /** Seconds per-call markers and journeys are kept, as the script takes it. */
    private final String ttl;
    private final long windowMillis;
    private final int cached;
    /** Remembered calls and callers, oldest first; never those of the page being counted are dropped. */
    private final Map<String, CallState> calls = new LinkedHashMap<>(1024);
    private final Map<String, Accepted> accepted = new LinkedHashMap<>(1024);
    private final Map<String, String> dayKeys = new HashMap<>();
    /** Where markers are read, for the page being counted. */
    private UnifiedJedis redis;

    private Rollup(String prefix, String markers, boolean replay, LocalDate from, LocalDate to, ZoneId zone,
                   WaitlessConfig.Journal settings, int cached) {
        this.cached = cached;
        this.prefix = prefix;
        this.markers = markers;
        this.replay = replay;
        this.from = from;
        this.to = to;
        this.zone = zone;
        this.ttl = Long.toString(Math.max(1, settings.retention().toSeconds()));
        this.windowMillis = settings.repeatWindow().toMillis();
    }

    /** The live rollup: markers under {@code prefix}, every day counted, journeys and live counters kept. */
    static Rollup live(String prefix, ZoneId zone, WaitlessConfig.Journal settings, int cached) {
        return new Rollup(prefix, prefix, false, LocalDate.MIN, LocalDate.MAX, zone, settings, cached);
    }

    /**
     * A rebuild: only calls whose funnel day is within {@code [from, to]} are counted, per-call markers live under
     * {@code markers} (so they do not meet the live ones; a call's day is still taken from its live marker when it
     * has one), and nothing is indexed or counted live.
     */
    static Rollup replay(String prefix, String markers, ZoneId zone, WaitlessConfig.Journal settings,
                         LocalDate from, LocalDate to) {
        return new Rollup(prefix, markers, true, from, to, zone, settings, CACHED);
    }

    /** Drops what is remembered of calls and callers: another writer may have changed their markers. */
    void forget() {
        calls.clear();
        accepted.clear();
    }

    /**
     * Counts {@code entries} (stream order), reading the markers it does not remember from Redis. Throws when Redis
     * fails; the caller then {@link #forget}s, as the remembered state may hold part of the page.
     */
    Writes count(List<Entry> entries, UnifiedJedis redis) {
        this.redis = redis;
        load(entries);
        Writes w = new Writes();
        for (Entry e : entries) {
            count(e, w);
        }
        return w;
    }

    private void count(Entry e, Writes w) {
        String id = e.id();
        String call = e.call();
        String caller = e.caller();
        if (call.isEmpty()) {
            if (!replay && !caller.isEmpty()) {
                w.journey(prefix + "journey:" + caller, "e:" + id);
            }
            return;
        }
        String step = e.step();
        String promotion = e.promotion();
        CallState c = calls.get(call);
        boolean fresh = c.day == null;
        if (fresh) {
            c.day = c.liveDay != null ? c.liveDay : LocalDate.ofInstant(Instant.ofEpochMilli(e.time()), zone).toString();
            c.base = e.base();
            c.promotion = promotion.isEmpty() ? "||" : promotion;
            c.dims = "|" + c.base + "|" + c.promotion;
            c.caller = caller;
            w.hset(c, "d", c.day);
            w.hset(c, "b", c.base);
            w.hset(c, "p", c.promotion);
            w.hset(c, "c", caller);
            c.expire = true;
        } else {
            if (!promotion.isEmpty() && !promotion.equals(c.promotion)) {
                c.promotion = promotion;
                c.dims = "|" + c.base + "|" + c.promotion;
                w.hset(c, "p", promotion);
            }
            if (caller.isEmpty()) {
                caller = c.caller;
            } else if (c.caller.isEmpty()) {
                c.caller = caller;
                fresh = true;
                w.hset(c, "c", caller);
            }
        }
        boolean first = !step.isEmpty() && c.steps.add(step);
        if (first) {
            w.hset(c, step, id);
            countFirst(e, call, caller, c, w);
        } else if (!replay) {
            w.hset(c, id, "");
        }
        if (!replay && fresh && !c.caller.isEmpty()) {
            w.journey(prefix + "journey:" + c.caller, "c:" + call);
        }
    }

    private void countFirst(Entry e, String call, String caller, CallState c, Writes w) {
        String step = e.step();
        String dims = c.dims;
        if (!step.equals("ended")) {
            count(w, c.day, step + dims);
        }
        if (!e.breakdown().isEmpty()) {
            count(w, c.day, e.breakdown() + dims);
        }
        long t = e.time();
        if (step.equals("calls") && !caller.isEmpty()) {
            Accepted r = accepted(caller);
            if (r.call != null && !r.call.equals(call) && !r.counted && t >= r.at && t - r.at <= windowMillis) {
                count(w, r.day, "repeat" + r.dims);
                r.counted = true;
                w.accepted(markers + "cr:" + caller, r, false, windowMillis);
            }
        } else if (step.equals("accepted") && !caller.isEmpty()) {
            Accepted r = accepted(caller);
            r.call = call;
            r.at = t;
            r.day = c.day;
            r.dims = dims;
            r.counted = false;
            w.accepted(markers + "cr:" + caller, r, true, windowMillis);
        }
        if (!replay && LIVE_STEPS.contains(step)) {
            w.live(prefix + "live:" + step + ":" + t / 60_000);
        }
    }

    private void count(Writes w, String day, String field) {
        if (!replay || (day.compareTo(from.toString()) >= 0 && day.compareTo(to.toString()) <= 0)) {
            w.count(dayKeys.computeIfAbsent(day, d -> prefix + "funnel:" + d), field);
        }
    }

    /**
     * Makes room (dropping the oldest remembered calls and callers not in {@code entries}), then reads, in one round
     * trip each, the markers of the page's calls and callers not remembered. A call without markers is remembered
     * with no day (and, in a rebuild, with its live marker's day).
     */
    private void load(List<Entry> entries) {
        Set<String> pageCalls = new java.util.LinkedHashSet<>();
        Set<String> pageCallers = new java.util.LinkedHashSet<>();
        for (Entry e : entries) {
            if (!e.call().isEmpty()) {
                pageCalls.add(e.call());
            }
            if (!e.caller().isEmpty()) {
                pageCallers.add(e.caller());
            }
        }
        evict(calls, pageCalls);
        loadCalls(pageCalls.stream().filter(c -> !calls.containsKey(c)).toList());
        for (String call : pageCalls) {
            CallState c = calls.get(call);
            if (c.day != null && !c.caller.isEmpty()) {
                pageCallers.add(c.caller); // its events may not name the caller
            }
        }
        evict(accepted, pageCallers);
        loadCallers(pageCallers.stream().filter(c -> !accepted.containsKey(c)).toList());
    }

    private <V> void evict(Map<String, V> remembered, Set<String> keep) {
        var it = remembered.keySet().iterator();
        while (remembered.size() > cached && it.hasNext()) {
            if (!keep.contains(it.next())) {
                it.remove();
            }
        }
    }

    private void loadCalls(List<String> missing) {
        if (missing.isEmpty()) {
            return;
        }
        List<Response<List<String>>> marks = new ArrayList<>(missing.size());
        List<Response<String>> liveDays = new ArrayList<>();
        try (AbstractPipeline p = redis.pipelined()) {
            for (String call : missing) {
                marks.add(p.hmget(markers + "fc:" + call, MARKER_FIELDS));
                if (replay) {
                    liveDays.add(p.hget(prefix + "fc:" + call, "d"));
                }
            }
            p.sync();
        }
        for (int i = 0; i < missing.size(); i++) {
            List<String> m = marks.get(i).get();
            CallState c = new CallState(markers + "fc:" + missing.get(i));
            if (m.get(0) != null) {
                c.day = m.get(0);
                c.base = m.get(1) == null ? "||" : m.get(1);
                c.promotion = m.get(2) == null ? "||" : m.get(2);
                c.dims = "|" + c.base + "|" + c.promotion;
                c.caller = m.get(3) == null ? "" : m.get(3);
                for (int s = 0; s < STEP_NAMES.size(); s++) {
                    if (m.get(4 + s) != null) {
                        c.steps.add(STEP_NAMES.get(s));
                    }
                }
            } else if (replay) {
                c.liveDay = liveDays.get(i).get();
            }
            calls.put(missing.get(i), c);
        }
    }

    private void loadCallers(List<String> missing) {
        if (missing.isEmpty()) {
            return;
        }
        List<Response<List<String>>> replies = new ArrayList<>(missing.size());
        try (AbstractPipeline p = redis.pipelined()) {
            for (String caller : missing) {
                replies.add(p.hmget(markers + "cr:" + caller, "call", "at", "day", "dims", "counted"));
            }
            p.sync();
        }
        for (int i = 0; i < missing.size(); i++) {
            List<String> r = replies.get(i).get();
            Accepted a = new Accepted();
            if (r.get(0) != null && r.get(1) != null) {
                a.call = r.get(0);
                a.at = Long.parseLong(r.get(1));
                a.day = r.get(2);
                a.dims = r.get(3);
                a.counted = "1".equals(r.get(4));
            }
            accepted.put(missing.get(i), a);
        }
    }

    /** The caller's latest acceptance; read now when the page learnt the caller from an earlier event of a call. */
    private Accepted accepted(String caller) {
        Accepted a = accepted.get(caller);
        if (a == null) {
            loadCallers(List.of(caller));
            a = accepted.get(caller);
        }
        return a;
    }

    /** The breakdown counted beside a step: its reason, its way of accepting, or how the call ended. */
    private static String breakdown(String step, String[] a) {
        return switch (step) {
            case "withheld", "refused" -> step + ":" + clean(a[REASON]);
            case "accepted" -> "accepted-" + (orEmpty(a[VIA]).isEmpty() ? "dtmf" : clean(a[VIA]));
            case "ended" -> "ended:" + (orEmpty(a[OUTCOME]).isEmpty() ? "unknown" : clean(a[OUTCOME]));
            default -> "";
        };
    }

    /** {@code promotion|experiment|variant}, the promotion without its variant's suffix ({@code pay-in-app-b}). */
    private static String promotionDims(String promotion, String experiment, String variant) {
        String v = orEmpty(variant);
        String p = promotion;
        if (!v.isEmpty() && p.endsWith("-" + v)) {
            p = p.substring(0, p.length() - v.length() - 1);
        }
        return clean(p) + "|" + clean(experiment) + "|" + clean(v);
    }

    /** A dimension value fit for a rollup field: '|' separates them. */
    private static String clean(String v) {
        return v == null ? "" : v.replace('|', '/');
    }

    /**
     * The Redis writes a run of events takes, merged per key, as the arguments of {@link FunnelRoller}'s apply
     * script: {@code H key n field value…} (HSET), {@code E key seconds} (EXPIRE), {@code P key ms} (PEXPIRE),
     * {@code I key field by} (HINCRBY), {@code R key ttl n item…} (RPUSH, keep the newest 1,000, EXPIRE),
     * {@code L key by} (INCRBY, kept five hours).
     */
    final class Writes {
        private final List<CallState> touched = new ArrayList<>();
        private final Map<String, Map<String, String>> hashes = new LinkedHashMap<>();
        private final Map<String, Long> pexpires = new HashMap<>();
        private final Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        private final Map<String, List<String>> journeys = new LinkedHashMap<>();
        private final Map<String, Long> live = new LinkedHashMap<>();

        private void hset(CallState c, String field, String value) {
            if (c.pending.isEmpty()) {
                touched.add(c);
            }
            c.pending.add(field);
            c.pending.add(value);
        }

        private Map<String, String> hset(String key, String field, String value) {
            Map<String, String> h = hashes.computeIfAbsent(key, k -> new LinkedHashMap<>());
            h.put(field, value);
            return h;
        }

        private void accepted(String key, Accepted r, boolean renew, long windowMillis) {
            Map<String, String> h = hset(key, "call", r.call);
            h.put("at", Long.toString(r.at));
            h.put("day", r.day);
            h.put("dims", r.dims);
            h.put("counted", r.counted ? "1" : "0");
            if (renew) {
                pexpires.put(key, windowMillis + 86_400_000L);
            }
        }

        private void count(String key, String field) {
            counts.computeIfAbsent(key, k -> new HashMap<>()).merge(field, 1L, Long::sum);
        }

        private void journey(String key, String item) {
            journeys.computeIfAbsent(key, k -> new ArrayList<>()).add(item);
        }

        private void live(String key) {
            live.merge(key, 1L, Long::sum);
        }

        boolean isEmpty() {
            return touched.isEmpty() && hashes.isEmpty() && counts.isEmpty() && journeys.isEmpty() && live.isEmpty();
        }

        /** Appends the script arguments for these writes to {@code args} (once: the calls' pending writes are taken). */
        void toArgs(List<String> args) {
            for (CallState c : touched) {
                args.add("H");
                args.add(c.key);
                args.add(Integer.toString(c.pending.size() / 2));
                args.addAll(c.pending);
                c.pending.clear();
                if (c.expire) {
                    args.add("E");
                    args.add(c.key);
                    args.add(ttl);
                    c.expire = false;
                }
            }
            touched.clear();
            hashes.forEach((key, h) -> {
                args.add("H");
                args.add(key);
                args.add(Integer.toString(h.size()));
                h.forEach((f, v) -> {
                    args.add(f);
                    args.add(v);
                });
            });
            pexpires.forEach((key, ms) -> {
                args.add("P");
                args.add(key);
                args.add(Long.toString(ms));
            });
            counts.forEach((key, fields) -> fields.forEach((f, by) -> {
                args.add("I");
                args.add(key);
                args.add(f);
                args.add(Long.toString(by));
            }));
            journeys.forEach((key, items) -> {
                args.add("R");
                args.add(key);
                args.add(ttl);
                args.add(Integer.toString(items.size()));
                args.addAll(items);
            });
            live.forEach((key, by) -> {
                args.add("L");
                args.add(key);
                args.add(Long.toString(by));
            });
        }
    }

}
