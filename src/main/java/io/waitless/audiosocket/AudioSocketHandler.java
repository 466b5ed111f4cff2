package io.waitless.audiosocket;

import java.io.IOException;

/**
 * Runs one AudioSocket connection once Asterisk has announced the UUID it was registered under.
 * Called on the connection's own virtual thread; may block. While it runs the session keeps sending audio
 * (silence if nothing was queued). When it returns, the server sends a hangup frame (so Asterisk's
 * {@code AudioSocket} returns 0 and the dialplan or AGI script goes on) and closes the socket.
 */
@FunctionalInterface
public interface AudioSocketHandler {
    void handle(AudioSocketSession session) throws IOException, InterruptedException;
}
