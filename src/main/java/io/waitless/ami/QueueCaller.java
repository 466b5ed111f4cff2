package io.waitless.ami;

import java.util.Objects;

/**
 * One caller waiting in a queue, from a {@code QueueEntry} event of {@code QueueStatus}.
 *
 * @param queue       queue name
 * @param position    1 = head
 * @param channel     channel name ({@code QueueWithdrawCaller}'s {@code Caller})
 * @param uniqueId    the call's uniqueid, constant across re-entries
 * @param callerIdNum caller number as Asterisk has it; may be empty
 * @param waitSeconds app_queue's wait, since the <em>last</em> (re-)entry only
 * @param priority    {@code QUEUE_PRIO}
 */
public record QueueCaller(String queue, int position, String channel, String uniqueId, String callerIdNum,
                          long waitSeconds, int priority) {
    public QueueCaller {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(uniqueId, "uniqueId");
        callerIdNum = callerIdNum == null ? "" : callerIdNum;
    }
}
