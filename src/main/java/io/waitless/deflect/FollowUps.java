package io.waitless.deflect;

import io.waitless.call.Deflection;

import java.time.Instant;

/**
 * What the follow-ups (surveys, returnees, first-time digital users) are told about a deflection as it happens.
 *
 * <p>Fail open: a call or a webhook must never stop because follow-ups cannot be planned. Implementations never
 * throw; they log at WARN and go on. Each call is bounded by the store's timeout. Thread-safe.
 */
public interface FollowUps {

    /** Plans nothing. */
    FollowUps NONE = new FollowUps() {
        @Override
        public void textSent(Deflection deflection, String e164, Instant at) {
        }

        @Override
        public void flowCompleted(Deflection deflection, Instant at) {
        }

        @Override
        public void callArrived(String callerRef, String callId, Instant at) {
        }
    };

    /**
     * The link was texted to a caller who accepted the offer (their consent, captured in the call): plan their
     * survey. {@code e164} is the number texted; implementations keep it only encrypted.
     */
    void textSent(Deflection deflection, String e164, Instant at);

    /** The caller finished the flow online. */
    void flowCompleted(Deflection deflection, Instant at);

    /** A call arrived from {@code callerRef} (empty when the number is unknown): a returnee, perhaps. */
    void callArrived(String callerRef, String callId, Instant at);
}
