package io.waitless.report;

import io.waitless.call.CallEvent;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The funnel computed the slow, obvious way from a list of events, to check the rollups against: a call's day and
 * queue, intent and language are those of its first event, its promotion that of the latest event naming one;
 * each step counts once per call; a repeat call counts on the call that accepted.
 */
public final class FunnelOracle {

    private record Call(LocalDate day, String queue, String intent, String language, String[] promotion,
                        Set<String> steps) {}

    private record Accepted(String call, Instant at, LocalDate day, String dims, boolean[] counted) {}

    private final ZoneId zone;
    private final Duration repeatWindow;
    private final Map<String, Call> calls = new HashMap<>();
    private final Map<String, Accepted> accepted = new HashMap<>();
    /** day → "step|queue|intent|language|promotion|experiment|variant" → count */
    private final Map<LocalDate, Map<String, Long>> counts = new TreeMap<>();

    public FunnelOracle(ZoneId zone, Duration repeatWindow) {
        this.zone = zone;
        this.repeatWindow = repeatWindow;
    }

    public void add(CallEvent e) {
        if (e.callId().isEmpty()) {
            return;
        }
        Call c = calls.computeIfAbsent(e.callId(), id -> new Call(LocalDate.ofInstant(e.time(), zone),
                e.attribute("queue"), e.attribute("intent"), e.attribute("language"), new String[]{"", "", ""},
                new HashSet<>()));
        if (!e.attribute("promotion").isEmpty()) {
            String promotion = e.attribute("promotion");
            String variant = e.attribute("variant");
            if (!variant.isEmpty() && promotion.endsWith("-" + variant)) {
                promotion = promotion.substring(0, promotion.length() - variant.length() - 1);
            }
            c.promotion[0] = promotion;
            c.promotion[1] = e.attribute("experiment");
            c.promotion[2] = variant;
        }
        String step = switch (e.type()) {
            case CALL_ARRIVED -> "calls";
            case INTENT_RECOGNIZED -> "intent";
            case OFFER_MADE -> "offered";
            case OFFER_WITHHELD -> "withheld";
            case OFFER_ACCEPTED -> "accepted";
            case OFFER_DECLINED -> "declined";
            case OFFER_REFUSED -> "refused";
            case SMS_SENT -> "sent";
            case SMS_FAILED -> "failed";
            case SMS_DELIVERED -> "delivered";
            case SMS_UNDELIVERED -> "undelivered";
            case LINK_OPENED -> "opened";
            case TOKEN_REDEEMED -> "redeemed";
            case FLOW_COMPLETED -> "completed";
            case CALL_ENDED -> "ended";
            default -> null;
        };
        if (step == null || !c.steps.add(step)) {
            return;
        }
        String dims = "|" + c.queue + "|" + c.intent + "|" + c.language + "|" + String.join("|", c.promotion);
        switch (step) {
            case "ended" -> count(c.day, "ended:" + e.attribute("outcome") + dims);
            case "withheld", "refused" -> {
                count(c.day, step + dims);
                count(c.day, step + ":" + e.attribute("reason") + dims);
            }
            case "accepted" -> {
                count(c.day, step + dims);
                count(c.day, "accepted-" + e.attribute("via") + dims);
                accepted.put(e.attribute("caller"), new Accepted(e.callId(), e.time(), c.day, dims, new boolean[1]));
            }
            default -> count(c.day, step + dims);
        }
        if (step.equals("calls")) {
            Accepted a = accepted.get(e.attribute("caller"));
            if (a != null && !a.call.equals(e.callId()) && !a.counted[0] && !e.time().isBefore(a.at)
                    && Duration.between(a.at, e.time()).compareTo(repeatWindow) <= 0) {
                count(a.day, "repeat" + a.dims);
                a.counted[0] = true;
            }
        }
    }

    private void count(LocalDate day, String field) {
        counts.computeIfAbsent(day, d -> new TreeMap<>()).merge(field, 1L, Long::sum);
    }

    /** day → rollup field → count, as {@code <prefix>funnel:<day>} should hold it. */
    public Map<LocalDate, Map<String, Long>> counts() {
        return counts;
    }

    /** The funnel of {@code from..to} summed over everything (one total row). */
    public Map<String, Long> total(LocalDate from, LocalDate to) {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((day, fields) -> {
            if (!day.isBefore(from) && !day.isAfter(to)) {
                fields.forEach((f, n) -> out.merge(f.substring(0, f.indexOf('|')), n, Long::sum));
            }
        });
        return out;
    }

    /** Convenience: feeds every event. */
    public FunnelOracle addAll(List<CallEvent> events) {
        events.forEach(this::add);
        return this;
    }
}
