package io.waitless.audiosocket;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * Reads {@link Frame}s from a stream. The length field is checked against the kind and against
 * {@code maxAudioPayload} <em>before</em> any payload buffer is allocated, so a corrupt length never makes us
 * allocate 64 KiB, let alone more. Not thread-safe: one reader per stream. Blocking follows the stream's own
 * deadline (for a socket: {@code SO_TIMEOUT}).
 */
public final class FrameDecoder {
    /** Default bound for one audio payload: 100 ms of slin 8 kHz, five times the normal 20 ms frame. */
    public static final int DEFAULT_MAX_AUDIO_PAYLOAD = 1600;

    private final InputStream in;
    private final int maxAudioPayload;

    public FrameDecoder(InputStream in) {
        this(in, DEFAULT_MAX_AUDIO_PAYLOAD);
    }

    public FrameDecoder(InputStream in, int maxAudioPayload) {
        if (maxAudioPayload < 2 || maxAudioPayload > FrameEncoder.MAX_WIRE_PAYLOAD) {
            throw new IllegalArgumentException("maxAudioPayload must be 2.." + FrameEncoder.MAX_WIRE_PAYLOAD);
        }
        this.in = in;
        this.maxAudioPayload = maxAudioPayload;
    }

    /**
     * The next frame, or {@code null} if the stream ended cleanly between frames.
     *
     * @throws EOFException if the stream ended inside a frame
     * @throws AudioSocketException for an unknown or unsupported kind, or a length the kind does not allow
     */
    public Frame read() throws IOException {
        int kind = in.read();
        if (kind < 0) {
            return null;
        }
        int hi = in.read();
        int lo = in.read();
        if (hi < 0 || lo < 0) {
            throw new EOFException("stream ended inside the header of a kind 0x" + hex(kind) + " frame");
        }
        int length = (hi << 8) | lo;
        checkLength(kind, length);
        byte[] payload = in.readNBytes(length);
        if (payload.length < length) {
            throw new EOFException("stream ended after " + payload.length + " of " + length
                    + " payload bytes of a kind 0x" + hex(kind) + " frame");
        }
        return switch (kind) {
            case Frame.KIND_HANGUP -> new Frame.Hangup();
            case Frame.KIND_UUID -> {
                ByteBuffer b = ByteBuffer.wrap(payload);
                yield new Frame.Uuid(new UUID(b.getLong(), b.getLong()));
            }
            case Frame.KIND_DTMF -> new Frame.Dtmf((char) (payload[0] & 0xff));
            case Frame.KIND_AUDIO -> new Frame.Audio(payload);
            case Frame.KIND_ERROR -> new Frame.Error(payload[0] & 0xff);
            default -> throw new IllegalStateException("unreachable: kind checked above");
        };
    }

    private void checkLength(int kind, int length) {
        switch (kind) {
            case Frame.KIND_HANGUP -> expect(kind, "hangup", length, 0);
            case Frame.KIND_UUID -> expect(kind, "UUID", length, 16);
            case Frame.KIND_DTMF -> expect(kind, "DTMF", length, 1);
            case Frame.KIND_ERROR -> expect(kind, "error", length, 1);
            case Frame.KIND_AUDIO -> {
                if (length > maxAudioPayload) {
                    throw new AudioSocketException("audio frame (kind 0x10) announces " + length
                            + " bytes, more than the limit of " + maxAudioPayload);
                }
                if (length % 2 != 0) {
                    throw new AudioSocketException("audio frame (kind 0x10) announces an odd length " + length
                            + "; 16-bit samples need an even number of bytes");
                }
            }
            default -> {
                String rate = higherRate(kind);
                if (rate != null) {
                    throw new AudioSocketException("audio kind 0x" + hex(kind) + " (" + rate
                            + ") is not supported: Waitless reads only kind 0x10 (slin 8 kHz)");
                }
                throw new AudioSocketException("unknown frame kind 0x" + hex(kind) + " (length " + length + ")");
            }
        }
    }

    private static void expect(int kind, String name, int length, int wanted) {
        if (length != wanted) {
            throw new AudioSocketException(name + " frame (kind 0x" + hex(kind) + ") must carry " + wanted
                    + " bytes, announces " + length);
        }
    }

    /** Name of the newer AudioSocket audio kinds 0x11..0x18, else null. */
    static String higherRate(int kind) {
        return switch (kind) {
            case 0x11 -> "slin12";
            case 0x12 -> "slin16";
            case 0x13 -> "slin24";
            case 0x14 -> "slin32";
            case 0x15 -> "slin44";
            case 0x16 -> "slin48";
            case 0x17 -> "slin96";
            case 0x18 -> "slin192";
            default -> null;
        };
    }

    static String hex(int kind) {
        return String.format("%02x", kind);
    }
}
