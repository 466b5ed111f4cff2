package io.waitless.followup;

/**
 * Runs one kind of follow-up ({@code survey}, {@code alert-webhook}…). Called on a worker thread of the node
 * that holds the lease; may block, but must finish well inside the lease ({@code followup.lease}).
 */
public interface FollowUpTask {

    /** The kind this task runs, as stored on the item. */
    String kind();

    /**
     * Runs the follow-up. Anything with an effect outside Redis that must not happen twice (an SMS, a webhook)
     * goes after {@code guard.beginSend()} returned {@code true}; when it returns {@code false} the task must
     * stop and answer {@link Result.LeaseLost}.
     *
     * @throws RuntimeException taken as {@link Result.Retry}
     */
    Result run(Claim claim, SendGuard guard);

    /** Marks the claim "sending" on the queue, fenced by its lease (see {@link DueQueue#beginSend}). */
    @FunctionalInterface
    interface SendGuard {
        boolean beginSend();
    }
}
