package io.waitless.call;

import java.time.Instant;
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
 */
public record Deflection(String id, String callId, String callerRef, String queue, String promotion, String flow,
                         State state, Instant created, Instant updated) {

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
    }

    public Deflection withState(State next, Instant at) {
        return new Deflection(id, callId, callerRef, queue, promotion, flow, next, created, at);
    }
}
