package io.waitless.call;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One accepted offer and how far it got down the funnel.
 *
 * @param id        opaque, unguessable id
 * @param callId    Asterisk uniqueid of the call that accepted
 * @param callerRef keyed hash of the caller's E.164 number (never the number)
 * @param queue     the queue the caller was waiting in
 * @param promotion the promotion they heard
 * @param flow      the self-service flow the link opens
 * @param state     the furthest funnel step reached
 * @param created   when the offer was accepted
 * @param updated   when the state last moved
 * @param tags      what the funnel is split by, known when the offer was accepted: {@code experiment},
 *                  {@code variant}, {@code intent}, {@code language} (absent when not known); every event about the
 *                  deflection carries them ({@link #event})
 */
public record Deflection(String id, String callId, String callerRef, String queue, String promotion, String flow,
                         State state, Instant created, Instant updated, Map<String, String> tags) {
    /** The tags a deflection may carry. */
    public static final java.util.List<String> TAGS = java.util.List.of("experiment", "variant", "intent", "language");

    /** Funnel steps in order; a deflection only moves forward. */
    public enum State {
        ACCEPTED, SENT, FAILED, DELIVERED, OPENED, COMPLETED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Deflection {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(updated, "updated");
        Map<String, String> kept = new java.util.LinkedHashMap<>();
        for (String t : TAGS) {
            String v = tags == null ? null : tags.get(t);
            if (v != null && !v.isBlank()) {
                kept.put(t, v);
            }
        }
        tags = java.util.Collections.unmodifiableMap(kept);
    }

    /** A deflection without tags. */
    public Deflection(String id, String callId, String callerRef, String queue, String promotion, String flow,
                      State state, Instant created, Instant updated) {
        this(id, callId, callerRef, queue, promotion, flow, state, created, updated, Map.of());
    }

    public Deflection withState(State next, Instant at) {
        return new Deflection(id, callId, callerRef, queue, promotion, flow, next, created, at, tags);
    }

    /**
     * An event about this deflection: its call, and {@code deflection}, {@code queue}, {@code promotion},
     * {@code flow} and the {@link #tags} as attributes, so every funnel step can be split the same way.
     */
    public CallEvent.Builder event(EventType type, Instant at) {
        CallEvent.Builder b = CallEvent.of(type, at, callId).with("deflection", id).with("queue", queue)
                .with("promotion", promotion).with("flow", flow);
        tags.forEach(b::with);
        return b;
    }
}
