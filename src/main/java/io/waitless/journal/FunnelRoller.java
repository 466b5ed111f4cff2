package io.waitless.journal;

import io.waitless.config.WaitlessConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.StreamEntry;


import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Keeps the funnel rollups, journeys and live counters up with the event stream: the stream is written first (a
 * plain {@code XADD} per event), and one node at a time, the holder of a lease in Redis, reads it on from a cursor
 * and counts it ({@link Rollup}). Each page of up to {@value #PAGE} events is applied by one script that first
 * checks the lease is still this roller's and the cursor is where it left it (so a roller that paused past its
 * lease, or lost it to another node, writes nothing), then writes the counts and moves the cursor, all or
 * nothing. One page is in flight at a time: it is applied while the next is read and counted, and the next goes
 * only once it landed (a refused page voids what was counted after it). An event is therefore counted exactly
 * once, a few milliseconds after it was written; readers that must
 * see their own writes call {@link #catchUp}. When the leading node dies, another takes over once the lease
 * ({@value #LEASE_MS} ms) runs out. Keys: {@code <prefix>rollup:cursor}, {@code <prefix>rollup:lease}.
 *
 * <p>Thread-safe: the background loop ({@link #start}) and {@link #catchUp} callers share one page at a time.
 * The keys are built inside the script, so it needs a single Redis (not Cluster), like the SMS budget script.
 */
public final class FunnelRoller implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FunnelRoller.class);

    /** Most events counted by one script run. */
    static final int PAGE = 2_000;
    static final long LEASE_MS = 5_000;
    private static final long IDLE_MS = 20;
    private static final long FOLLOW_MS = 1_000;

    /**
     * ARGV: {@code fenced}, lease key, token, cursor key, expected cursor, new cursor, lease ms, then the writes
     * ({@link Rollup.Writes}); or {@code free} and the writes (a rebuild's own markers). Returns 1 when applied, 0
     * when the lease is not this roller's, -1 when the cursor moved.
     */
    static final String APPLY = """
            local i, n = 2, #ARGV
            if ARGV[1] == 'fenced' then
              if redis.call('GET', ARGV[2]) ~= ARGV[3] then return 0 end
              if (redis.call('GET', ARGV[4]) or '0-0') ~= ARGV[5] then return -1 end
              redis.call('SET', ARGV[4], ARGV[6])
              redis.call('PEXPIRE', ARGV[2], ARGV[7])
              i = 8
            end
            while i <= n do
              local op, key = ARGV[i], ARGV[i + 1]
              if op == 'H' then
                local c = tonumber(ARGV[i + 2])
                redis.call('HSET', key, unpack(ARGV, i + 3, i + 2 + 2 * c))
                i = i + 3 + 2 * c
              elseif op == 'E' then
                redis.call('EXPIRE', key, ARGV[i + 2]); i = i + 3
              elseif op == 'P' then
                redis.call('PEXPIRE', key, ARGV[i + 2]); i = i + 3
              elseif op == 'I' then
                redis.call('HINCRBY', key, ARGV[i + 2], ARGV[i + 3]); i = i + 4
              elseif op == 'R' then
                local c = tonumber(ARGV[i + 3])
                if redis.call('RPUSH', key, unpack(ARGV, i + 4, i + 3 + c)) > 1000 then
                  redis.call('LTRIM', key, -1000, -1)
                end
                redis.call('EXPIRE', key, ARGV[i + 2])
                i = i + 4 + c
              elseif op == 'L' then
                local by = tonumber(ARGV[i + 2])
                if redis.call('INCRBY', key, by) == by then redis.call('EXPIRE', key, 18000) end
                i = i + 3
              else
                return redis.error_reply('unknown rollup write ' .. tostring(op))
              end
            end
            return 1
            """;

    /**
     * Sets the cursor when there is none: at the start of the stream, unless its last entry was written by a version
     * that counted events as it wrote them (its fields are not {@code type time call a}), then after it.
     */
    private static final String INIT = """
            if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            local last = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)
            local at = '0-0'
            if #last == 1 and last[1][2][7] ~= 'a' then at = last[1][1] end
            redis.call('SET', KEYS[1], at)
            return 1
            """;

    private static final String RENEW = """
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return 1
            """;

    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """;

    private final UnifiedJedis redis;
    private final String stream;
    private final byte[] streamBytes;
    private final String cursorKey;
    private final String leaseKey;
    private final Rollup rollup;
    private final Scripts scripts;
    private final String token = UUID.randomUUID().toString();
    private volatile boolean leading;
    private String cursor = "0-0";
    private long renewed;
    private Thread loop;
    private volatile boolean closed;
    /** Reads the next page of the stream while the roller counts the current one. */
    private final java.util.concurrent.ExecutorService reader = java.util.concurrent.Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("funnel-reader").factory());
    private java.util.concurrent.Future<Rollup.Page> ahead;
    private String aheadFrom = "";
    /**
     * Applies a counted page while the next one is read and counted: each waits for the one before ({@link #settle})
     * before it goes, so pages land in order, and a refused one voids what was counted after it.
     */
    private final java.util.concurrent.ExecutorService applier = java.util.concurrent.Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("funnel-applier").factory());
    /** The page being applied (its script's reply); null when none. {@link #cursor} is already past it. */
    private java.util.concurrent.Future<Long> applying;
    private long applyingSince;

    public FunnelRoller(UnifiedJedis redis, String prefix, ZoneId zone, WaitlessConfig.Journal settings) {
        this(redis, prefix, zone, settings, Rollup.CACHED);
    }

    /** @param cached how many calls and callers the roller remembers (tests make it small) */
    FunnelRoller(UnifiedJedis redis, String prefix, ZoneId zone, WaitlessConfig.Journal settings, int cached) {
        this.redis = redis;
        this.stream = prefix + "events";
        this.streamBytes = stream.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.cursorKey = prefix + "rollup:cursor";
        this.leaseKey = prefix + "rollup:lease";
        this.rollup = Rollup.live(prefix, zone, settings, cached);
        this.scripts = new Scripts(redis);
    }

    /**
     * Fixes where counting starts when Redis has no cursor yet: the start of the stream, or its end when it was
     * written by a version that counted as it wrote (an upgrade). Called before this process appends anything.
     *
     * @throws redis.clients.jedis.exceptions.JedisException when Redis cannot be reached
     */
    void init() {
        RedisCalls.retryingDeadConnection(() -> redis.eval(INIT, List.of(cursorKey, stream), List.of()));
    }

    /** Counts in the background while this node holds the lease (and tries to take it every second otherwise). */
    public synchronized FunnelRoller start() {
        if (loop == null) {
            loop = Thread.ofPlatform().daemon().name("funnel-roller").start(this::run);
        }
        return this;
    }

    private void run() {
        long failingSince = 0;
        while (!closed) {
            try {
                int n = lead() ? rollPage() : 0;
                if (failingSince != 0) {
                    log.info("Funnel rollups resumed after {} s", (System.currentTimeMillis() - failingSince) / 1000);
                    failingSince = 0;
                }
                if (n < PAGE) {
                    sleep(leading ? IDLE_MS : FOLLOW_MS);
                }
            } catch (RuntimeException e) {
                if (failingSince == 0) {
                    failingSince = System.currentTimeMillis();
                    log.warn("Funnel rollups paused: {} (the events stay in the stream and are counted once this"
                            + " node or another can go on)", e.toString());
                }
                dropLead();
                sleep(FOLLOW_MS);
            }
        }
    }

    /**
     * Counts until the rollups hold every event the stream held when called: by this roller when it holds or can
     * take the lease, else by waiting for the node that does.
     *
     * @return false when {@code deadline} passed first (logged): the numbers read next may lack the newest events
     * @throws redis.clients.jedis.exceptions.JedisException when Redis cannot be read
     */
    public boolean catchUp(Duration deadline) {
        List<StreamEntry> last = RedisCalls.retryingDeadConnection(() -> redis.xrevrange(stream, "+", "-", 1));
        if (last.isEmpty()) {
            return true;
        }
        StreamEntryID target = last.getFirst().getID();
        long until = System.nanoTime() + deadline.toNanos();
        boolean tookLease = false;
        try {
            while (true) {
                synchronized (this) {
                    if (!leading && lead()) {
                        tookLease = loop == null;
                    }
                    if (leading) {
                        if (!before(cursor, target)) {
                            if (settle()) {
                                return true;
                            }
                            continue; // the page in flight was refused: another node counts now
                        }
                        if (rollPage() == 0 && leading) {
                            return true; // nothing left to read: the newest entries were deleted since (forget)
                        }
                        continue;
                    }
                }
                String at = RedisCalls.retryingDeadConnection(() -> redis.get(cursorKey));
                if (at != null && !before(at, target)) {
                    return true;
                }
                if (System.nanoTime() > until) {
                    log.warn("Funnel rollups are behind the stream (at {}, stream at {}); reading them as they are",
                            at, target);
                    return false;
                }
                sleep(5);
            }
        } finally {
            if (tookLease) {
                release();
            }
        }
    }

    /** Takes or keeps the lease; false when another roller holds it. */
    private synchronized boolean lead() {
        long now = System.currentTimeMillis();
        if (leading) {
            if (now - renewed < LEASE_MS / 5) {
                return true;
            }
            if (scripts.run(RENEW, List.of(leaseKey), List.of(token, Long.toString(LEASE_MS))) == 1) {
                renewed = now;
                return true;
            }
            dropLead();
            return false;
        }
        String ok = RedisCalls.retryingDeadConnection(
                () -> redis.set(leaseKey, token, SetParams.setParams().nx().px(LEASE_MS)));
        if (!"OK".equals(ok)) {
            return false;
        }
        String at = RedisCalls.retryingDeadConnection(() -> redis.get(cursorKey));
        if (at == null) {
            init();
            at = RedisCalls.retryingDeadConnection(() -> redis.get(cursorKey));
        }
        cursor = at == null ? "0-0" : at;
        rollup.forget();
        renewed = now;
        leading = true;
        return true;
    }

    private synchronized void dropLead() {
        leading = false;
        ahead = null;
        applying = null; // if it lands, it moved the cursor with its counts; if not, neither moved
        rollup.forget();
    }

    /**
     * Waits for the page in flight to be applied; false (no longer leading) when the script refused it. Counts of a
     * later page are void then: {@link #dropLead} forgets them with everything else.
     *
     * @throws RuntimeException when Redis failed (the caller drops the lead)
     */
    private synchronized boolean settle() {
        java.util.concurrent.Future<Long> f = applying;
        if (f == null) {
            return leading;
        }
        applying = null;
        long r;
        try {
            r = f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException x ? x : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while applying a page of rollups", e);
        }
        if (r != 1) {
            log.warn("Funnel rollups: this node's lease {}; another node counts now", r == 0 ? "ran out" : "was"
                    + " overtaken (the cursor moved)");
            dropLead();
            return false;
        }
        renewed = applyingSince;
        return true;
    }

    private Rollup.Page fetch(String after) {
        return Rollup.read(redis, streamBytes, "(" + after, "+", PAGE);
    }

    /**
     * The page after the cursor: the one read ahead when it starts there, else read now. After a full page the next
     * one is read ahead, while this one is counted and applied.
     */
    private Rollup.Page nextPage() {
        Rollup.Page page = null;
        if (ahead != null && aheadFrom.equals(cursor)) {
            try {
                page = ahead.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the stream", e);
            }
        }
        ahead = null;
        if (page == null) {
            page = fetch(cursor);
        }
        if (page.size() == PAGE) {
            String from = page.last();
            aheadFrom = from;
            ahead = reader.submit(() -> fetch(from));
        }
        return page;
    }

    /**
     * Counts the next page after the cursor; returns how many stream entries it read. On any failure it stops leading
     * (forgetting what it remembered, which may hold part of the page) and rethrows.
     */
    private synchronized int rollPage() {
        try {
            return countPage();
        } catch (RuntimeException e) {
            dropLead();
            throw e;
        }
    }

    private int countPage() {
        Rollup.Page page = nextPage();
        if (page.size() == 0) {
            settle();
            return 0;
        }
        Rollup.Writes writes = rollup.count(page.entries(), redis);
        String next = page.last();
        List<String> args = new ArrayList<>(64 + page.size() * 6);
        args.add("fenced");
        args.add(leaseKey);
        args.add(token);
        args.add(cursorKey);
        args.add(cursor);
        args.add(next);
        args.add(Long.toString(LEASE_MS));
        writes.toArgs(args);
        if (!settle()) {
            return 0;
        }
        applyingSince = System.currentTimeMillis();
        applying = applier.submit(() -> scripts.run(APPLY, List.of(), args));
        cursor = next;
        return page.size();
    }


    /** Whether stream id {@code a} comes before {@code b}. */
    private static boolean before(String a, StreamEntryID b) {
        StreamEntryID x = new StreamEntryID(a);
        return x.getTime() < b.getTime() || (x.getTime() == b.getTime() && x.getSequence() < b.getSequence());
    }

    private synchronized void release() {
        try {
            settle();
        } catch (RuntimeException e) {
            dropLead();
        }
        if (leading) {
            leading = false;
            try {
                scripts.run(RELEASE, List.of(leaseKey), List.of(token));
            } catch (RuntimeException e) {
                log.warn("Could not release the funnel rollup lease (it runs out by itself): {}", e.toString());
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the loop and hands the lease back, so another node takes over at once. */
    @Override
    public void close() {
        closed = true;
        Thread t;
        synchronized (this) {
            t = loop;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        release();
        reader.shutdownNow();
        applier.shutdownNow();
    }

    /** Runs scripts by SHA-1, loading each the first time (or after Redis restarted). */
    static final class Scripts {
        private final UnifiedJedis redis;

        Scripts(UnifiedJedis redis) {
            this.redis = redis;
        }

        /** Each script's SHA-1, worked out once (a page's apply runs many times a second). */
        private static final java.util.Map<String, String> SHAS = new java.util.concurrent.ConcurrentHashMap<>();

        long run(String script, List<String> keys, List<String> args) {
            String sha = SHAS.computeIfAbsent(script, org.apache.commons.codec.digest.DigestUtils::sha1Hex);
            Object r = RedisCalls.retryingDeadConnection(() -> {
                try {
                    return redis.evalsha(sha, keys, args);
                } catch (redis.clients.jedis.exceptions.JedisNoScriptException e) {
                    return redis.eval(script, keys, args);
                }
            });
            return r instanceof Long l ? l : 0;
        }
    }
}
