/**
 * The AudioSocket transport: the frame codec ({@link io.waitless.audiosocket.Frame},
 * {@link io.waitless.audiosocket.FrameDecoder}, {@link io.waitless.audiosocket.FrameEncoder}) and the TCP server
 * that Asterisk's {@code AudioSocket} application connects to ({@link io.waitless.audiosocket.AudioSocketServer}).
 * A connection is handed, by the UUID it announces, to the {@link io.waitless.audiosocket.AudioSocketHandler} the
 * AGI side registered in the {@link io.waitless.audiosocket.AudioSocketRegistry}; its
 * {@link io.waitless.audiosocket.AudioSocketSession} keeps audio flowing to Asterisk every 20 ms (Asterisk drops the
 * call after 2 s without a frame). Audio is slin 8 kHz 16-bit signed little-endian mono only. Only peers in the
 * allowlist may connect. Depends on the JDK, SLF4J, {@link io.waitless.WaitlessException} and the
 * {@link io.waitless.config.Cidr} value; knows nothing of speech, intents or calls.
 */
package io.waitless.audiosocket;
