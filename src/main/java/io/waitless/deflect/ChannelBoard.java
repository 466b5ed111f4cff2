package io.waitless.deflect;

import java.time.Instant;
import java.util.Map;

/**
 * The state of the digital channels shared by every node: manual overrides ({@code waitless channel
 * down|up NAME}) and the last state each channel was seen in, so a change is journaled once however many
 * nodes see it. Implementations bound every call by their store's timeout and throw
 * {@link BoardUnavailableException} when the store cannot be reached. Thread-safe.
 */
public interface ChannelBoard {

    enum State { UP, DOWN }

    /** A state set by hand: it wins over the health check until cleared. */
    record Manual(State state, String reason, String by, Instant at) {
        /** Why the channel is in its state: {@code set down by dana: vendor outage}. */
        public String why() {
            return "set " + state.name().toLowerCase(java.util.Locale.ROOT) + " by " + by
                    + (reason.isBlank() ? "" : ": " + reason);
        }
    }

    /**
     * The journal event of a change of state, written once across nodes (by whoever's
     * {@link #transition} recorded it).
     *
     * @param source {@code check} or {@code manual}
     */
    static io.waitless.call.CallEvent changed(String channel, State state, String reason, String source, Instant at) {
        return io.waitless.call.CallEvent.of(state == State.DOWN ? io.waitless.call.EventType.CHANNEL_DOWN
                        : io.waitless.call.EventType.CHANNEL_UP, at, "")
                .with("channel", channel).with("reason", reason).with("source", source).build();
    }

    /** The last state a channel was seen in, why, and since when. */
    record Seen(State state, String reason, Instant at) {}

    /** The manual overrides, by channel id. */
    Map<String, Manual> overrides();

    /** Sets (or replaces) the override of {@code channel}. */
    void override(String channel, Manual manual);

    /** Removes the override of {@code channel}; {@code false} if it had none. */
    boolean clear(String channel);

    /**
     * Records that {@code channel} is now in {@code state}, if that is news: {@code true} only for the one call
     * that changed the shared state (the one whose node should journal the change).
     */
    boolean transition(String channel, Seen seen);

    /** The last state of every channel that has one. */
    Map<String, Seen> seen();

    /** The shared store could not be read or written. */
    final class BoardUnavailableException extends RuntimeException {
        public BoardUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
