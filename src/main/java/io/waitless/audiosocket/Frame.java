package io.waitless.audiosocket;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;

/**
 * One AudioSocket frame: {@code kind (1 byte) | payload length (2 bytes, big-endian) | payload}.
 * Only the kinds Asterisk's {@code AudioSocket} application speaks at 8 kHz are modelled.
 */
public sealed interface Frame {
    int KIND_HANGUP = 0x00;
    int KIND_UUID = 0x01;
    int KIND_DTMF = 0x03;
    int KIND_AUDIO = 0x10;
    int KIND_ERROR = 0xff;

    /** Bytes in 20 ms of slin 8 kHz 16-bit mono: 160 samples. */
    int AUDIO_FRAME_BYTES = 320;

    /** The wire kind byte, 0..255. */
    int kind();

    /** Kind 0x01: the call's UUID, 16 raw bytes (most significant first), not text. */
    record Uuid(UUID id) implements Frame {
        public Uuid {
            Objects.requireNonNull(id, "id");
        }

        @Override
        public int kind() {
            return KIND_UUID;
        }
    }

    /**
     * Kind 0x10: slin 8 kHz 16-bit signed little-endian mono; normally 320 bytes (20 ms), the last one may be
     * shorter. The array is copied in and out, so the record is immutable.
     */
    record Audio(byte[] pcm) implements Frame {
        public Audio {
            Objects.requireNonNull(pcm, "pcm");
            if (pcm.length % 2 != 0) {
                throw new IllegalArgumentException("slin audio needs an even number of bytes, got " + pcm.length);
            }
            pcm = pcm.clone();
        }

        /** Samples as little-endian 16-bit values. */
        public static Audio of(short[] samples) {
            ByteBuffer b = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
            b.asShortBuffer().put(samples);
            return new Audio(b.array());
        }

        /** 20 ms of silence (320 zero bytes). */
        public static Audio silence() {
            return new Audio(new byte[AUDIO_FRAME_BYTES]);
        }

        @Override
        public byte[] pcm() {
            return pcm.clone();
        }

        public short[] samples() {
            short[] s = new short[pcm.length / 2];
            ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
            return s;
        }

        /** Duration of this frame in milliseconds at 8 kHz. */
        public double millis() {
            return pcm.length / 16.0;
        }

        @Override
        public int kind() {
            return KIND_AUDIO;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Audio a && Arrays.equals(pcm, a.pcm);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(pcm);
        }

        @Override
        public String toString() {
            return "Audio[" + pcm.length + " bytes, first "
                    + HexFormat.ofDelimiter(" ").formatHex(pcm, 0, Math.min(4, pcm.length)) + "]";
        }
    }

    /** Kind 0x03: one DTMF digit as ASCII ({@code 0-9 * # A-D}). */
    record Dtmf(char digit) implements Frame {
        @Override
        public int kind() {
            return KIND_DTMF;
        }
    }

    /** Kind 0x00: terminate. Asterisk ends the application with 0 when it receives this. */
    record Hangup() implements Frame {
        @Override
        public int kind() {
            return KIND_HANGUP;
        }
    }

    /** Kind 0xff: an error, with Asterisk's one-byte code (0x01 hangup, 0x02 frame forwarding, 0x04 memory). */
    record Error(int code) implements Frame {
        public Error {
            if (code < 0 || code > 0xff) {
                throw new IllegalArgumentException("error code must be one byte, got " + code);
            }
        }

        @Override
        public int kind() {
            return KIND_ERROR;
        }
    }
}
