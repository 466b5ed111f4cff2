package io.waitless.journal;

import io.waitless.call.CallEvent;
import io.waitless.call.EventType;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.resps.StreamEntry;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a batch of events and their funnel rollups in one Lua script, so the stream and the rollups never
 * disagree (a script runs whole or not at all, and reaches the AOF and replicas as one unit) and a batch costs
 * one round trip. For each event the script:
 * <ul>
 *   <li>{@code XADD}s it to {@code <prefix>events} (skipped when replaying the stream);</li>
 *   <li>fixes the call's funnel day (the day of its first event, in the company's time zone) and its queue,
 *       intent, language and caller in {@code <prefix>fc:<call>};</li>
 *   <li>counts the call once per funnel step in {@code <prefix>funnel:<day>}, field
 *       {@code step|queue|intent|language|promotion|experiment|variant} (with the {@code withheld:<reason>},
 *       {@code refused:<reason>}, {@code accepted-<via>} and {@code ended:<outcome>} breakdowns beside it);</li>
 *   <li>remembers an accepting call per caller ({@code <prefix>cr:<caller>}) and, when the same caller phones
 *       again within the repeat window, counts one {@code repeat} on the accepting call;</li>
 *   <li>indexes the event for the journey and for {@code forget}: its stream id in the call's marker hash (as a
 *       step marker's value or a field of its own), the call under its caller ({@code <prefix>journey:<caller>},
 *       {@code c:<call>}, the newest 1,000), an event outside a call there too ({@code e:<id>});</li>
 *   <li>keeps the live counters: calls arrived and ended, offers, accepts and sends per minute
 *       ({@code <prefix>live:<step>:<epoch minute>}, kept five hours), added up once per batch.</li>
 * </ul>
 * The keys are built inside the script, so it needs a single Redis (not Cluster), like the SMS budget script.
 */
final class EventIngest {

    /**
     * ARGV: prefix, stream cap, marker TTL (s), repeat window (ms), replay (0/1), marker prefix, first and last day
     * counted when replaying, number of events; then per event: stream id ({@code *} when appending), call, time
     * (ms), funnel day, epoch minute, step ("" when none), breakdown ("" when none), {@code queue|intent|language},
     * {@code promotion|experiment|variant} ("" when the event names no promotion), caller reference, the number of
     * stream fields, and those fields.
     */
    static final String SCRIPT = """
            local p, maxlen, ttl, window = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
            local replay, mp, fromDay, toDay = ARGV[5] == '1', ARGV[6], ARGV[7], ARGV[8]
            local n, i = tonumber(ARGV[9]), 10
            local stream = p .. 'events'
            local counts, days, live, seen = {}, {}, {}, {}
            local function count(day, field)
              if not replay or (day >= fromDay and day <= toDay) then
                local byDay = counts[day]
                if not byDay then byDay = {}; counts[day] = byDay; days[#days+1] = day end
                byDay[field] = (byDay[field] or 0) + 1
              end
            end
            for e = 1, n do
              local id, call, t, day, minute = ARGV[i], ARGV[i+1], ARGV[i+2], ARGV[i+3], ARGV[i+4]
              local step, sub, base, pev, caller = ARGV[i+5], ARGV[i+6], ARGV[i+7], ARGV[i+8], ARGV[i+9]
              local nf = tonumber(ARGV[i+10])
              if not replay then
                id = redis.call('XADD', stream, 'MAXLEN', '~', maxlen, '*', unpack(ARGV, i + 11, i + 10 + nf))
              end
              i = i + 11 + nf
              if call ~= '' then
                local ck = mp .. 'fc:' .. call
                local c = seen[call]
                if not c then c = redis.call('HMGET', ck, 'd', 'b', 'p', 'c'); seen[call] = c end
                local fresh = not c[1]
                if fresh then
                  local d = day
                  if replay then d = redis.call('HGET', p .. 'fc:' .. call, 'd') or day end
                  if pev == '' then pev = '||' end
                  c = {d, base, pev, caller}
                  seen[call] = c
                  redis.call('HSET', ck, 'd', d, 'b', base, 'p', pev, 'c', caller)
                  redis.call('EXPIRE', ck, ttl)
                else
                  if pev ~= '' and pev ~= c[3] then c[3] = pev; redis.call('HSET', ck, 'p', pev) end
                  if caller == '' then
                    caller = c[4]
                  elseif c[4] == '' then
                    c[4] = caller; fresh = true; redis.call('HSET', ck, 'c', caller)
                  end
                end
                local first = false
                if step ~= '' then
                  first = redis.call('HSETNX', ck, step, id) == 1
                  if not first and not replay then redis.call('HSET', ck, id, '') end
                elseif not replay then
                  redis.call('HSET', ck, id, '')
                end
                if first then
                  local dims = '|' .. c[2] .. '|' .. c[3]
                  if step ~= 'ended' then count(c[1], step .. dims) end
                  if sub ~= '' then count(c[1], sub .. dims) end
                  if step == 'calls' and caller ~= '' then
                    local rk = mp .. 'cr:' .. caller
                    local r = redis.call('HMGET', rk, 'call', 'at', 'day', 'dims', 'counted')
                    local at = tonumber(r[2] or '')
                    if r[1] and r[1] ~= call and not r[5] and at and tonumber(t) >= at
                       and tonumber(t) - at <= window then
                      count(r[3], 'repeat' .. r[4])
                      redis.call('HSET', rk, 'counted', '1')
                    end
                  elseif step == 'accepted' and caller ~= '' then
                    local rk = mp .. 'cr:' .. caller
                    redis.call('HSET', rk, 'call', call, 'at', t, 'day', c[1], 'dims', dims)
                    redis.call('HDEL', rk, 'counted')
                    redis.call('PEXPIRE', rk, window + 86400000)
                  end
                  if not replay and (step == 'offered' or step == 'accepted' or step == 'sent' or step == 'calls'
                                     or step == 'ended') then
                    local lk = p .. 'live:' .. step .. ':' .. minute
                    live[lk] = (live[lk] or 0) + 1
                  end
                end
                if not replay then
                  if fresh and c[4] ~= '' then
                    local jk = p .. 'journey:' .. c[4]
                    if redis.call('RPUSH', jk, 'c:' .. call) > 1000 then redis.call('LTRIM', jk, -1000, -1) end
                    redis.call('EXPIRE', jk, ttl)
                  end
                end
              elseif not replay and caller ~= '' then
                local jk = p .. 'journey:' .. caller
                if redis.call('RPUSH', jk, 'e:' .. id) > 1000 then redis.call('LTRIM', jk, -1000, -1) end
                redis.call('EXPIRE', jk, ttl)
              end
            end
            for _, day in ipairs(days) do
              local key = p .. 'funnel:' .. day
              for field, by in pairs(counts[day]) do redis.call('HINCRBY', key, field, by) end
            end
            for lk, by in pairs(live) do
              if redis.call('INCRBY', lk, by) == by then redis.call('EXPIRE', lk, 18000) end
            end
            return n
            """;

    private final RedisClient redis;
    private final String prefix;
    private final ZoneId zone;
    private final long maxLength;
    private final Duration callTtl;
    private final Duration repeatWindow;

    /**
     * @param zone         the company's time zone: a funnel day is a day there
     * @param maxLength    approximate cap on the stream length, beside the retention by age
     * @param callTtl      how long a call's funnel markers (from its first event) and a caller's journey index
     *                     (from their last call) are kept: the journal's retention
     * @param repeatWindow a caller phoning again within this time after accepting is a repeat call
     */
    EventIngest(RedisClient redis, String prefix, ZoneId zone, long maxLength, Duration callTtl,
                Duration repeatWindow) {
        this.redis = redis;
        this.prefix = prefix;
        this.zone = zone;
        this.maxLength = maxLength;
        this.callTtl = callTtl;
        this.repeatWindow = repeatWindow;
    }

    /** Appends {@code events} in order to the stream and counts them in the rollups, in one round trip. */
    void append(List<CallEvent> events) {
        List<String> args = header(false, prefix, LocalDate.MIN, LocalDate.MAX, events.size());
        for (CallEvent e : events) {
            add(args, "*", e);
        }
        run(args);
    }

    /**
     * Counts events already in the stream again (a rebuild): only calls whose funnel day is within
     * {@code [from, to]} are counted, the per-call markers live under {@code markers} (so they do not meet the
     * live ones), and nothing is appended, indexed or counted live.
     */
    void replay(List<StreamEntry> entries, String markers, LocalDate from, LocalDate to) {
        List<String> args = header(true, markers, from, to, 0);
        int n = 0;
        for (StreamEntry s : entries) {
            var event = RedisJournal.toEvent(s.getFields());
            if (event.isPresent()) {
                add(args, s.getID().toString(), event.get());
                n++;
            }
        }
        args.set(8, Integer.toString(n));
        if (n > 0) {
            run(args);
        }
    }

    /** The script's SHA-1, so a batch sends its arguments and not the script's text. */
    private static final String SHA = org.apache.commons.codec.digest.DigestUtils.sha1Hex(SCRIPT);

    private void run(List<String> args) {
        RedisCalls.retryingDeadConnection(() -> {
            try {
                return redis.evalsha(SHA, List.of(), args);
            } catch (redis.clients.jedis.exceptions.JedisNoScriptException e) {
                return redis.eval(SCRIPT, List.of(), args); // first use, or Redis restarted: EVAL caches it
            }
        });
    }

    private List<String> header(boolean replay, String markers, LocalDate from, LocalDate to, int n) {
        List<String> args = new ArrayList<>(16 + n * 24);
        args.add(prefix);
        args.add(Long.toString(maxLength));
        args.add(Long.toString(Math.max(1, callTtl.toSeconds())));
        args.add(Long.toString(repeatWindow.toMillis()));
        args.add(replay ? "1" : "0");
        args.add(markers);
        args.add(from.equals(LocalDate.MIN) ? "" : from.toString());
        args.add(to.equals(LocalDate.MAX) ? "~" : to.toString());
        args.add(Integer.toString(n));
        return args;
    }

    private void add(List<String> args, String id, CallEvent e) {
        Instant t = e.time();
        Map<String, String> a = e.attributes();
        String step = STEPS.getOrDefault(e.type(), "");
        args.add(id);
        args.add(e.callId());
        args.add(Long.toString(t.toEpochMilli()));
        args.add(day(t).toString());
        args.add(Long.toString(t.toEpochMilli() / 60_000));
        args.add(step);
        args.add(breakdown(e, step));
        args.add(clean(a.get("queue")) + "|" + clean(a.get("intent")) + "|" + clean(a.get("language")));
        args.add(a.containsKey("promotion") ? promotionDims(a) : "");
        args.add(a.getOrDefault("caller", ""));
        int size = args.size();
        args.add("");
        args.add("type");
        args.add(e.type().wireName());
        args.add("time");
        args.add(Long.toString(t.toEpochMilli()));
        if (!e.callId().isEmpty()) {
            args.add("call");
            args.add(e.callId());
        }
        a.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        args.set(size, Integer.toString(args.size() - size - 1));
    }

    /** Funnel step of each event type counted in the funnel; other types only reach the stream. */
    private static final Map<EventType, String> STEPS = Map.ofEntries(
            Map.entry(EventType.CALL_ARRIVED, "calls"), Map.entry(EventType.INTENT_RECOGNIZED, "intent"),
            Map.entry(EventType.OFFER_MADE, "offered"), Map.entry(EventType.OFFER_WITHHELD, "withheld"),
            Map.entry(EventType.OFFER_ACCEPTED, "accepted"), Map.entry(EventType.OFFER_DECLINED, "declined"),
            Map.entry(EventType.OFFER_REFUSED, "refused"), Map.entry(EventType.SMS_SENT, "sent"),
            Map.entry(EventType.SMS_FAILED, "failed"), Map.entry(EventType.SMS_DELIVERED, "delivered"),
            Map.entry(EventType.SMS_UNDELIVERED, "undelivered"), Map.entry(EventType.LINK_OPENED, "opened"),
            Map.entry(EventType.TOKEN_REDEEMED, "redeemed"), Map.entry(EventType.FLOW_COMPLETED, "completed"),
            Map.entry(EventType.CALL_ENDED, "ended"));

    /** The breakdown counted beside a step: its reason, its way of accepting, or how the call ended. */
    private static String breakdown(CallEvent e, String step) {
        return switch (step) {
            case "withheld", "refused" -> step + ":" + clean(e.attribute("reason"));
            case "accepted" -> "accepted-" + (e.attribute("via").isEmpty() ? "dtmf" : clean(e.attribute("via")));
            case "ended" -> "ended:" + (e.attribute("outcome").isEmpty() ? "unknown" : clean(e.attribute("outcome")));
            default -> "";
        };
    }

    /** {@code promotion|experiment|variant}, the promotion without its variant's suffix ({@code pay-in-app-b}). */
    private static String promotionDims(Map<String, String> a) {
        String promotion = a.getOrDefault("promotion", "");
        String variant = a.getOrDefault("variant", "");
        if (!variant.isEmpty() && promotion.endsWith("-" + variant)) {
            promotion = promotion.substring(0, promotion.length() - variant.length() - 1);
        }
        return clean(promotion) + "|" + clean(a.get("experiment")) + "|" + clean(variant);
    }

    /** A dimension value fit for a rollup field: '|' separates them. */
    private static String clean(String v) {
        return v == null ? "" : v.replace('|', '/');
    }

    /** The funnel day of an instant: its date in the company's time zone. */
    LocalDate day(Instant t) {
        return LocalDate.ofInstant(t, zone);
    }
}
