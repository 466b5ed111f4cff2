package io.waitless.sim;

import io.waitless.call.CallEvent;
import io.waitless.call.Deflection;
import io.waitless.call.EventType;
import io.waitless.call.PhoneMask;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A journal as a month (or more) of a cable operator's calls would leave it, for benchmarks and for tests that
 * need realistic volume: calls arrive by a weekday/hour profile; a quarter cannot be texted (landline, withheld,
 * opted out… each with its reason); most callers say why they call; the promotion follows the intent, and the
 * bill-payment promotion runs an A/B experiment whose variant b converts better; accepted texts are sent,
 * delivered, opened and completed at plausible rates and delays; some callers hang up after the link; callers
 * who did not finish online often phone again within days (repeat calls). Events are emitted in time order,
 * as the nodes would write them, with the attributes the Deflector writes. Deterministic for a seed.
 *
 * <p>Rates (per call unless said): mobile 75 % of new callers, and 92.5 % of mobiles textable; asked and recognized 70 %, unknown 10 %; offered when the wait
 * reaches 45 s; accepted 11 % (variant a), 16 % (variant b), 9–13 % (other promotions) of offered textable
 * callers; refused at accept 3 %; sent 97 %; delivered 95 %; opened 63 % of delivered; redeemed 93 % of opened;
 * completed 68 % of redeemed; phones again within 10 days: 35 % when not completed, 8 % when completed.
 */
public final class FunnelGenerator {

    /**
     * @param first       first day of calls (in {@code zone})
     * @param days        how many days
     * @param callsPerDay calls on an average weekday (weekends get 45 %)
     * @param zone        the company's time zone
     * @param seed        the same seed gives the same journal
     */
    public record Settings(LocalDate first, int days, int callsPerDay, ZoneId zone, long seed) {}

    /** What was generated. */
    public record Stats(long calls, long events, long accepted, long repeatCalls) {}

    private record Intent(String id, String promotion, double weight) {}

    private static final List<Intent> INTENTS = List.of(
            new Intent("billing", "pay-in-app", 0.34), new Intent("outage", "outage-online", 0.28),
            new Intent("moving", "moving-online", 0.12), new Intent("plan-change", "change-plan-whatsapp", 0.26));
    private static final Map<String, Double> ACCEPT = Map.of("pay-in-app-a", 0.11, "pay-in-app-b", 0.16,
            "outage-online", 0.13, "moving-online", 0.12, "change-plan-whatsapp", 0.09);
    private static final Map<String, String> FLOWS = Map.of("pay-in-app", "pay-bill", "outage-online", "check-outage",
            "moving-online", "moving", "change-plan-whatsapp", "change-plan");
    /** Israeli mobile ranges 050, 052–055, 058, as libphonenumber knows them. */
    private static final int[] MOBILE_PREFIXES = {0, 2, 3, 4, 5, 8};
    /** Why a mobile caller was not offered a text (landlines are refused as {@code landline}). */
    private static final String[] WITHHELD = {"withheld", "withheld", "no-caller-id", "opted-out", "opted-out",
            "budget-number", "voip", "country-not-allowed"};
    /** Relative call volume per hour of the day (08:00–20:00 open, peaks mid-morning and after lunch). */
    private static final double[] HOURS = {0, 0, 0, 0, 0, 0, 0, 0.2, 0.9, 1.4, 1.6, 1.4, 1.0, 1.1, 1.4, 1.3, 1.1,
            0.9, 0.6, 0.4, 0.15, 0, 0, 0};

    /** Relative call volume in {@code hour} (0–23) of a weekday: 0 while closed, 1.6 at the mid-morning peak. */
    public static double hourWeight(int hour) {
        return HOURS[hour];
    }

    private record Pending(Instant time, long seq, CallEvent event) {}

    private record Scheduled(Instant time, Caller caller) {}

    private record Caller(String number, String ref) {}

    private final Settings settings;
    private final UnaryOperator<String> reference;
    private final SplittableRandom random;
    private final PriorityQueue<Pending> pending = new PriorityQueue<>((a, b) -> a.time.equals(b.time)
            ? Long.compare(a.seq, b.seq) : a.time.compareTo(b.time));
    private final PriorityQueue<Scheduled> repeats = new PriorityQueue<>((a, b) -> a.time.compareTo(b.time));
    private final List<Caller> pool = new ArrayList<>();
    private long seq;
    private long calls;
    private long events;
    private long accepted;
    private long repeatCalls;

    /** @param reference a caller's E.164 number → its keyed reference, as the node computes it */
    public FunnelGenerator(Settings settings, UnaryOperator<String> reference) {
        this.settings = settings;
        this.reference = reference;
        this.random = new SplittableRandom(settings.seed());
    }

    /**
     * Generates every day, handing events to {@code events} in time order and each accepted offer's deflection
     * record to {@code deflections} (when the offer is accepted).
     */
    public Stats generate(Consumer<CallEvent> events, Consumer<Deflection> deflections) {
        for (int d = 0; d < settings.days(); d++) {
            LocalDate day = settings.first().plusDays(d);
            Instant start = day.atStartOfDay(settings.zone()).toInstant();
            flushBefore(start, events);
            boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
            int n = (int) Math.round(settings.callsPerDay() * (weekend ? 0.45 : 1.0) * (0.9 + 0.2 * random.nextDouble()));
            List<Instant> arrivals = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                arrivals.add(arrival(day));
            }
            arrivals.sort(null);
            Instant end = day.plusDays(1).atStartOfDay(settings.zone()).toInstant();
            int next = 0;
            while (next < arrivals.size() || (!repeats.isEmpty() && repeats.peek().time.isBefore(end))) {
                boolean repeat = !repeats.isEmpty() && repeats.peek().time.isBefore(end)
                        && (next >= arrivals.size() || repeats.peek().time.isBefore(arrivals.get(next)));
                if (repeat) {
                    Scheduled s = repeats.poll();
                    repeatCalls++;
                    call(s.time, s.caller, deflections);
                } else {
                    call(arrivals.get(next++), newOrKnownCaller(), deflections);
                }
            }
        }
        flushBefore(Instant.MAX, events);
        return new Stats(calls, this.events, accepted, repeatCalls);
    }

    private Instant arrival(LocalDate day) {
        double total = 0;
        for (double h : HOURS) {
            total += h;
        }
        double x = random.nextDouble() * total;
        int hour = 0;
        while (x > HOURS[hour]) {
            x -= HOURS[hour++];
        }
        return day.atStartOfDay(settings.zone()).toInstant()
                .plusMillis((long) (hour * 3_600_000L + random.nextDouble() * 3_600_000L));
    }

    private Caller newOrKnownCaller() {
        if (!pool.isEmpty() && random.nextDouble() < 0.12) {
            return pool.get(random.nextInt(pool.size()));
        }
        boolean mobile = random.nextDouble() < 0.75;
        String number = (mobile ? "+9725" + MOBILE_PREFIXES[random.nextInt(MOBILE_PREFIXES.length)] : "+9724")
                + (2_000_000 + random.nextInt(8_000_000)); // subscriber numbers do not start with 0 or 1
        Caller c = new Caller(number, reference.apply(number));
        if (pool.size() < 20_000) {
            pool.add(c);
        } else {
            pool.set(random.nextInt(pool.size()), c);
        }
        return c;
    }

    private void call(Instant t0, Caller caller, Consumer<Deflection> deflections) {
        calls++;
        String callId = t0.getEpochSecond() + "." + calls;
        String queue = random.nextDouble() < 0.7 ? "support" : "sales";
        String language = random.nextDouble() < 0.85 ? "en" : "he";
        double asked = random.nextDouble();
        Intent intent = asked < 0.7 ? pick() : null;
        String promotion = intent != null ? intent.promotion : random.nextDouble() < 0.6 ? "pay-in-app" : "outage-online";
        String experiment = "";
        String variant = "";
        if (promotion.equals("pay-in-app")) {
            experiment = "pay-incentive";
            variant = (caller.ref.hashCode() & 1) == 0 ? "a" : "b";
            promotion = promotion + "-" + variant;
        }
        boolean mobile = caller.number.startsWith("+9725");
        boolean textable = mobile && random.nextDouble() < 0.925;
        String reason = textable ? "" : mobile ? WITHHELD[random.nextInt(WITHHELD.length)] : "landline";
        if (reason.equals("withheld") || reason.equals("no-caller-id")) {
            caller = new Caller("", ""); // nobody to recognize: no reference, no number
        }
        String masked = caller.number.isEmpty() ? "" : PhoneMask.mask(caller.number);
        String ex = experiment;
        String va = variant;
        String pr = promotion;
        UnaryOperator<CallEvent.Builder> dims = b -> b.with("queue", queue).with("promotion", pr)
                .with("experiment", ex).with("variant", va);
        emit(dims.apply(CallEvent.of(EventType.CALL_ARRIVED, t0, callId)).with("caller", caller.ref)
                .with("number", masked).with("language", language).with("textable", textable).with("reason", reason)
                .with("intent", intent == null ? "" : intent.id).build());
        if (intent != null) {
            emit(CallEvent.of(EventType.INTENT_RECOGNIZED, t0.plusMillis(1), callId).with("queue", queue)
                    .with("caller", caller.ref).with("outcome", "recognized").with("intent", intent.id)
                    .with("score", String.format(java.util.Locale.ROOT, "%.3f", 0.6 + 0.4 * random.nextDouble()))
                    .with("flow", FLOWS.get(intent.promotion))
                    .build());
        } else if (asked < 0.8) {
            emit(CallEvent.of(EventType.INTENT_UNKNOWN, t0.plusMillis(1), callId).with("queue", queue)
                    .with("caller", caller.ref).with("outcome", "unclear").build());
        }
        if (!textable) {
            emit(dims.apply(CallEvent.of(EventType.OFFER_WITHHELD, t0.plusMillis(2), callId)).with("caller", caller.ref)
                    .with("number", masked).with("reason", reason).build());
        }
        if (random.nextDouble() < 0.02) {
            end(t0.plusSeconds(4), callId, dims, "hung-up-before-queue", "");
            return;
        }
        long waitSeconds = Math.min(1800, Math.round(-240 * Math.log(1 - random.nextDouble())));
        Instant end = t0.plusSeconds(waitSeconds);
        String outcome = random.nextDouble() < 0.74 ? "answered" : random.nextDouble() < 0.9 ? "abandoned" : "left-queue";
        String deflection = "";
        if (waitSeconds >= 45) {
            if (textable && random.nextDouble() < ACCEPT.get(promotion)) {
                Instant ta = t0.plusSeconds(45 + random.nextLong(Math.max(1, waitSeconds - 44)));
                if (random.nextDouble() < 0.03) {
                    emit(dims.apply(CallEvent.of(EventType.OFFER_REFUSED, ta, callId)).with("caller", caller.ref)
                            .with("reason", "budget-number").build());
                } else {
                    deflection = accept(ta, callId, caller, queue, pr, experiment, variant, intent, language, deflections);
                    if (random.nextDouble() < 0.6) {
                        outcome = "abandoned-after-link";
                        end = ta.plusSeconds(5 + random.nextInt(60));
                    }
                }
            } else if (textable && random.nextDouble() < 0.1) {
                emit(dims.apply(CallEvent.of(EventType.OFFER_DECLINED, t0.plusSeconds(50), callId))
                        .with("answer", "no").with("via", "speech").build());
            }
            int offers = 1 + (int) Math.min(4, (waitSeconds - 45) / 120);
            emit(dims.apply(CallEvent.of(EventType.PROMO_PLAYED, end.minusMillis(2), callId)).with("count", offers)
                    .with("estimated", true).build());
            if (textable) { // a caller who may not get a text hears the no-offer audio: no "press 1"
                emit(dims.apply(CallEvent.of(EventType.OFFER_MADE, end.minusMillis(1), callId)).with("count", offers)
                        .with("estimated", true).build());
            }
        }
        end(end, callId, dims, outcome, deflection);
    }

    private String accept(Instant ta, String callId, Caller caller, String queue, String promotion, String experiment,
                          String variant, Intent intent, String language, Consumer<Deflection> deflections) {
        accepted++;
        byte[] id = new byte[8];
        random.nextBytes(id);
        String deflectionId = "d" + HexFormat.of().formatHex(id);
        Map<String, String> tags = new java.util.LinkedHashMap<>();
        tags.put("experiment", experiment);
        tags.put("variant", variant);
        tags.put("intent", intent == null ? "" : intent.id);
        tags.put("language", language);
        tags.values().removeIf(String::isEmpty);
        String base = variant.isEmpty() ? promotion : promotion.substring(0, promotion.length() - variant.length() - 1);
        Deflection d = new Deflection(deflectionId, callId, caller.ref, queue, promotion, FLOWS.get(base),
                Deflection.State.ACCEPTED, ta, ta, tags);
        deflections.accept(d);
        emit(CallEvent.of(EventType.OFFER_ACCEPTED, ta, callId).with("queue", queue).with("promotion", promotion)
                .with("experiment", experiment).with("variant", variant).with("caller", caller.ref)
                .with("via", random.nextDouble() < 0.85 ? "dtmf" : "speech").with("position", 1 + random.nextInt(20))
                .build());
        Instant t = ta.plusMillis(1500);
        boolean completed = false;
        if (random.nextDouble() < 0.03) {
            emit(d.event(EventType.SMS_FAILED, t).with("caller", caller.ref).with("reason", "gateway timeout").build());
        } else {
            emit(d.event(EventType.SMS_SENT, t).with("caller", caller.ref).with("gateway", "kannel").build());
            t = t.plusSeconds(3 + random.nextInt(20));
            if (random.nextDouble() < 0.95) {
                emit(d.event(EventType.SMS_DELIVERED, t).with("status", "delivered").build());
                if (random.nextDouble() < 0.63) {
                    t = t.plusSeconds((long) Math.min(20 * 3600, Math.exp(5 + 2 * random.nextDouble() * 2)));
                    emit(d.event(EventType.LINK_OPENED, t).build());
                    if (random.nextDouble() < 0.93) {
                        t = t.plusSeconds(2 + random.nextInt(5));
                        emit(d.event(EventType.TOKEN_REDEEMED, t).build());
                        if (random.nextDouble() < 0.68) {
                            t = t.plusSeconds(120 + random.nextInt(600));
                            emit(d.event(EventType.FLOW_COMPLETED, t).build());
                            completed = true;
                        }
                    }
                }
            } else {
                emit(d.event(EventType.SMS_UNDELIVERED, t).with("status", "undelivered").build());
            }
        }
        if (random.nextDouble() < (completed ? 0.08 : 0.35)) {
            repeats.add(new Scheduled(t.plus(Duration.ofMinutes(120 + random.nextLong(10 * 24 * 60 - 120))), caller));
        }
        return deflectionId;
    }

    private void end(Instant at, String callId, UnaryOperator<CallEvent.Builder> dims, String outcome, String deflection) {
        emit(dims.apply(CallEvent.of(EventType.CALL_ENDED, at, callId)).with("deflection", deflection)
                .with("outcome", outcome).build());
    }

    private Intent pick() {
        double x = random.nextDouble();
        for (Intent i : INTENTS) {
            if ((x -= i.weight) < 0) {
                return i;
            }
        }
        return INTENTS.getLast();
    }

    private void emit(CallEvent e) {
        pending.add(new Pending(e.time(), seq++, e));
    }

    private void flushBefore(Instant t, Consumer<CallEvent> sink) {
        while (!pending.isEmpty() && pending.peek().time.isBefore(t)) {
            sink.accept(pending.poll().event);
            events++;
        }
    }
}
