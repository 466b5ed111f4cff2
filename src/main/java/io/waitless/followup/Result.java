package io.waitless.followup;

import java.time.Instant;

/** How one run of a follow-up ended; the worker records it on the {@link DueQueue}. */
public sealed interface Result {
    /** Finished (sent, delivered…). */
    record Done(String detail) implements Result {}

    /** Not to be done at all (opted out, surveyed recently…): finished without sending, not a failure. */
    record Skipped(String reason) implements Result {}

    /** Not now: back on the queue for {@code at} (quiet hours), without counting an attempt. */
    record Postponed(Instant at, String reason) implements Result {}

    /** Failed in a way worth retrying (gateway timeout): counts an attempt, retried with backoff. */
    record Retry(String error) implements Result {}

    /** Failed for good (undecryptable number, refused by the gateway): not retried. */
    record Failed(String reason) implements Result {}

    /** The lease was lost before the send (another node holds it now): nothing is recorded by this node. */
    record LeaseLost() implements Result {}
}
