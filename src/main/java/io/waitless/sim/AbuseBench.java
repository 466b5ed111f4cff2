package io.waitless.sim;

import io.waitless.call.CallEvent;
import io.waitless.call.CallInfo;
import io.waitless.call.EventType;
import io.waitless.config.WaitlessConfig.Budgets;
import io.waitless.config.WaitlessConfig.Limit;
import io.waitless.deflect.Consent;
import io.waitless.deflect.Deflector;
import io.waitless.sim.AbusePopulation.Caller;
import io.waitless.sim.AbusePopulation.Kind;
import io.waitless.sms.SmsMessage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The abuse benchmark: every caller of an {@link AbusePopulation} arrives and presses 1 (abusers press whatever
 * they were offered) through real {@link Deflector}s, spread over several nodes; texts that come out ready are
 * sent through the gateway. {@link #verify} then judges the outcome from the population alone: no text to a
 * number of a kind that must never get one or that was opted out, no budget exceeded (recomputed from the
 * texts), every text with consent from its own call, every caller without a text with a journaled reason.
 */
public final class AbuseBench {
    private AbuseBench() {
    }

    /** How long the run took, from before the first caller to after the last. */
    public record Run(Instant start, Instant end) {
        public Duration elapsed() {
            return Duration.between(start, end);
        }
    }

    /**
     * Runs every caller through the nodes (caller i on node i mod nodes) from {@code threads} threads.
     *
     * @throws IllegalStateException when a caller's steps threw (the deflector must never throw) or the run
     *                               did not finish within {@code deadline}
     */
    public static Run run(List<Caller> callers, List<Deflector> nodes, String queue, int threads, Duration deadline)
            throws InterruptedException {
        Instant start = Instant.now();
        List<Future<?>> done = new ArrayList<>(callers.size());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int i = 0; i < callers.size(); i++) {
                Caller c = callers.get(i);
                Deflector node = nodes.get(i % nodes.size());
                done.add(pool.submit(() -> call(node, c, queue)));
            }
            pool.shutdown();
            if (!pool.awaitTermination(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the benchmark did not finish within " + deadline);
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a caller's steps threw: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new Run(start, Instant.now());
    }

    private static void call(Deflector node, Caller c, String queue) {
        CallInfo info = new CallInfo(c.callId(), "SIP/trunk-" + c.callId(), c.callerId(), c.pres(), "en");
        Deflector.Arrival arrival = node.arrive(info, queue);
        String promotion = arrival.promotion().map(p -> p.id()).orElse("");
        Deflector.Acceptance a = node.accept(info, queue, promotion, java.util.Optional.empty(), "1",
                Consent.Via.DTMF);
        if (a instanceof Deflector.Acceptance.Ready ready) {
            node.send(ready);
        }
    }

    /** What the verifier found; {@link #ok()} when there are no problems. */
    public record Report(int callers, int sent, Map<Kind, Integer> callersByKind, Map<Kind, Integer> sentByKind,
                         Map<String, Long> withheldByReason, Map<String, Long> refusedByReason, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /**
     * Judges a run from the population, the texts the gateway got and the journal's events.
     *
     * @param optedOut the E.164 numbers put on the opt-out list before the run
     */
    public static Report verify(List<Caller> callers, Set<String> optedOut, List<SmsMessage> texts,
                                List<CallEvent> events, Budgets budgets, Run run) {
        List<String> problems = new ArrayList<>();
        Map<String, Caller> byCall = callers.stream().collect(Collectors.toMap(Caller::callId, Function.identity()));
        Map<String, List<Caller>> byNumber = callers.stream().filter(c -> !c.e164().isEmpty())
                .collect(Collectors.groupingBy(Caller::e164));

        // 1. no text to a number that must never get one
        for (SmsMessage t : texts) {
            List<Caller> owners = byNumber.getOrDefault(t.to(), List.of());
            if (owners.isEmpty()) {
                problems.add("text to a number no caller had: " + io.waitless.call.PhoneMask.mask(t.to()));
            } else if (owners.stream().anyMatch(o -> !o.kind().textable)) {
                problems.add("text to a " + owners.getFirst().kind() + " number " + io.waitless.call.PhoneMask.mask(t.to()));
            }
            if (optedOut.contains(t.to())) {
                problems.add("text to an opted-out number " + io.waitless.call.PhoneMask.mask(t.to()));
            }
        }
        // 2. no budget exceeded (in as many windows as the run touched)
        checkBudget(problems, "per-number", texts, AbuseBench::self, budgets.perNumber(), run);
        checkBudget(problems, "per-prefix", texts, t -> prefix(t, budgets.prefixDigits()), budgets.perPrefix(), run);
        checkBudget(problems, "per-country", texts, t -> country(t), budgets.perCountry(), run);
        checkBudget(problems, "global", texts, t -> "all", budgets.global(), run);
        Map<String, Set<String>> distinct = new HashMap<>();
        texts.forEach(t -> distinct.computeIfAbsent(prefix(t.to(), budgets.prefixDigits()), k -> new HashSet<>()).add(t.to()));
        long burstCap = (long) budgets.prefixBurst().max() * windows(budgets.prefixBurst(), run);
        distinct.forEach((p, numbers) -> {
            if (numbers.size() > burstCap) {
                problems.add("prefix burst: " + numbers.size() + " distinct numbers texted in " + p + " (cap " + burstCap + ")");
            }
        });

        // 3. every text was sent with consent captured in its own call; the journal agrees with the gateway
        Map<EventType, List<CallEvent>> byType = events.stream().collect(Collectors.groupingBy(CallEvent::type));
        List<CallEvent> sentEvents = byType.getOrDefault(EventType.SMS_SENT, List.of());
        if (sentEvents.size() != texts.size()) {
            problems.add("the gateway got " + texts.size() + " texts but the journal has " + sentEvents.size() + " sms.sent");
        }
        Set<String> consented = byType.getOrDefault(EventType.OFFER_ACCEPTED, List.of()).stream()
                .filter(e -> e.attribute("via").equals("dtmf") && !e.attribute("prompt-version").isEmpty())
                .map(CallEvent::callId).collect(Collectors.toSet());
        Set<String> textedCalls = new HashSet<>();
        for (CallEvent e : sentEvents) {
            textedCalls.add(e.callId());
            if (!consented.contains(e.callId())) {
                problems.add("text in call " + e.callId() + " without consent journaled in that call");
            }
        }
        // 4. every caller without a text has a journaled reason; every never-textable caller was withheld
        Map<String, String> refused = reasons(byType.getOrDefault(EventType.OFFER_REFUSED, List.of()));
        Map<String, String> withheld = reasons(byType.getOrDefault(EventType.OFFER_WITHHELD, List.of()));
        for (Caller c : callers) {
            if (!textedCalls.contains(c.callId()) && refused.getOrDefault(c.callId(), "").isEmpty()) {
                problems.add("caller " + c.callId() + " (" + c.kind() + ") got no text and no offer.refused reason");
            }
            if (!c.kind().textable && withheld.getOrDefault(c.callId(), "").isEmpty()) {
                problems.add("caller " + c.callId() + " (" + c.kind() + ") was offered a text at arrival");
            }
        }
        Map<Kind, Integer> callersByKind = new TreeMap<>();
        callers.forEach(c -> callersByKind.merge(c.kind(), 1, Integer::sum));
        Map<Kind, Integer> sentByKind = new TreeMap<>();
        textedCalls.forEach(id -> sentByKind.merge(byCall.get(id).kind(), 1, Integer::sum));
        return new Report(callers.size(), texts.size(), callersByKind, sentByKind, count(withheld), count(refused),
                problems.size() > 20 ? List.copyOf(problems.subList(0, 20)) : List.copyOf(problems));
    }

    private static Map<String, String> reasons(List<CallEvent> events) {
        Map<String, String> out = new HashMap<>();
        events.forEach(e -> out.put(e.callId(), e.attribute("reason")));
        return out;
    }

    private static Map<String, Long> count(Map<String, String> reasons) {
        return reasons.values().stream().collect(Collectors.groupingBy(r -> r, TreeMap::new, Collectors.counting()));
    }

    private static String self(SmsMessage t) {
        return t.to();
    }

    private static String prefix(SmsMessage t, int digits) {
        return prefix(t.to(), digits);
    }

    /** The verifier's own prefix rule: {@code +} and the first {@code digits} digits. */
    static String prefix(String e164, int digits) {
        return e164.substring(0, Math.min(e164.length(), digits + 1));
    }

    /** Country by calling code, enough for the population's numbers. */
    private static String country(SmsMessage t) {
        for (String code : List.of("+972", "+44", "+49", "+1")) {
            if (t.to().startsWith(code)) {
                return code;
            }
        }
        return "other";
    }

    private static void checkBudget(List<String> problems, String name, List<SmsMessage> texts,
                                    Function<SmsMessage, String> key, Limit limit, Run run) {
        long cap = (long) limit.max() * windows(limit, run);
        texts.stream().collect(Collectors.groupingBy(key, Collectors.counting())).forEach((k, n) -> {
            if (n > cap) {
                problems.add(name + " budget exceeded: " + n + " texts for " + (name.equals("per-number")
                        ? io.waitless.call.PhoneMask.mask(k) : k) + " (cap " + cap + ")");
            }
        });
    }

    /** How many fixed windows of this limit the run touched (1, or 2 when it crossed a boundary). */
    static long windows(Limit limit, Run run) {
        long w = Math.max(1, limit.window().toSeconds());
        return run.end().getEpochSecond() / w - run.start().getEpochSecond() / w + 1;
    }
}
