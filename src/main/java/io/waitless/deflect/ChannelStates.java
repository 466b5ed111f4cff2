package io.waitless.deflect;

/**
 * Whether each digital channel may be promoted and linked to right now (its health check and any manual
 * override). A channel that is down has its promotions left out of the choice, and its links and texts
 * suspended. Implementations answer from memory: {@link #up} never blocks.
 */
@FunctionalInterface
public interface ChannelStates {
    /** Every channel up: for nodes without health checks and for tests. */
    ChannelStates ALL_UP = channel -> true;

    /** Whether callers may be sent to {@code channelId} now; an unknown channel is up. */
    boolean up(String channelId);
}
