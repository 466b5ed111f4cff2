package io.waitless.audiosocket;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.UUID;

/** Turns {@link Frame}s into wire bytes. Stateless and thread-safe. */
public final class FrameEncoder {
    /** Largest payload the 2-byte length can carry. */
    public static final int MAX_WIRE_PAYLOAD = 0xffff;

    private FrameEncoder() {
    }

    /** The frame's exact wire bytes: kind, big-endian length, payload. */
    public static byte[] encode(Frame frame) {
        byte[] payload = switch (frame) {
            case Frame.Hangup h -> new byte[0];
            case Frame.Uuid u -> uuidBytes(u.id());
            case Frame.Dtmf d -> new byte[] {(byte) d.digit()};
            case Frame.Audio a -> a.pcm();
            case Frame.Error e -> new byte[] {(byte) e.code()};
        };
        if (payload.length > MAX_WIRE_PAYLOAD) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes does not fit a frame");
        }
        byte[] out = new byte[3 + payload.length];
        out[0] = (byte) frame.kind();
        out[1] = (byte) (payload.length >>> 8);
        out[2] = (byte) payload.length;
        System.arraycopy(payload, 0, out, 3, payload.length);
        return out;
    }

    /** Writes one frame in a single {@code write} call and flushes. Blocks while the socket buffer is full. */
    public static void write(OutputStream out, Frame frame) throws IOException {
        out.write(encode(frame));
        out.flush();
    }

    private static byte[] uuidBytes(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }
}
