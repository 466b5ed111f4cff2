package io.waitless.followup;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable queue of follow-ups, shared by every node: items wait until due, a node claims a batch with a
 * lease, runs them and records each result. Thread-safe; every call is bounded by the store's timeout and
 * throws {@link FollowUpStoreException} when the store cannot answer.
 *
 * <p>Time: "due" and "lease expired" are judged by the store's clock (Redis {@code TIME}), never by a node's, so
 * nodes whose clocks disagree by seconds neither claim early nor steal live leases. Due times given to
 * {@link #schedule} come from the scheduling node's clock.
 */
public interface DueQueue {

    /** Adds a follow-up; {@code false} when one with this id exists already (in any state): nothing changes. */
    boolean schedule(FollowUp item);

    /**
     * Moves a waiting follow-up to another due time, once: {@code false} when it is not waiting (leased, done,
     * gone) or was moved before.
     */
    boolean reschedule(String id, Instant due);

    /**
     * Leases up to {@code limit} due items (and items whose lease expired) to {@code node} for {@code lease},
     * atomically: two nodes never hold the same item at once.
     */
    List<Claim> claim(String node, int limit, Duration lease);

    /**
     * Marks the claimed item "sending", only if this claim still holds the lease with at least {@code needed}
     * of it left. {@code false}: do not send.
     */
    boolean beginSend(Claim claim, Duration needed);

    /**
     * Records what a run came to, only if this claim still holds the lease (fencing): a node whose lease was taken
     * over records nothing. {@code false} when the lease was lost.
     *
     * @param outcome what to record; {@link Outcome.Retry} puts the item back after {@code delay} (judged by the
     *                store's clock) and counts an attempt
     */
    boolean record(Claim claim, Outcome outcome);

    /** Cancels a waiting or leased item. */
    Change cancel(String id);

    /** Makes a waiting or failed item due now (a failed one with its attempts reset). */
    Change runNow(String id);

    Optional<ItemView> find(String id);

    /** One payload field of an item, as stored (an encrypted number stays encrypted). */
    Optional<String> payloadField(String id, String name);

    /** Items with {@code status}, oldest first by their time, at most {@code limit}. */
    List<ItemView> list(ItemView.Status status, int limit);

    /** How many items have {@code status} (only due, leased and failed are counted; others give 0). */
    long count(ItemView.Status status);

    /** What {@link #cancel} and {@link #runNow} did. */
    enum Change { CHANGED, NOT_FOUND, NOT_ALLOWED }

    /** What to record for a claim. */
    sealed interface Outcome {
        record Done(String detail) implements Outcome {}

        record Failed(String reason) implements Outcome {}

        /** Back on the queue after {@code delay}, one more attempt counted. */
        record Retry(Duration delay, String error) implements Outcome {}

        /** Back on the queue for {@code at}, no attempt counted. */
        record Postpone(Instant at, String reason) implements Outcome {}
    }

    /** The store could not be reached or answered in time. */
    final class FollowUpStoreException extends io.waitless.WaitlessException {
        public FollowUpStoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
