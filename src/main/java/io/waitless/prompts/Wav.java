package io.waitless.prompts;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * Reads and writes the one audio format Waitless hands to Asterisk: PCM WAV, 8000 Hz, mono, 16-bit
 * signed little-endian, written with the canonical 44-byte header. Samples are {@code short}s.
 * Stateless and thread-safe; every method blocks on file I/O.
 */
public final class Wav {

    /** Samples per second of every file Waitless writes or accepts. */
    public static final int SAMPLE_RATE = 8000;
    /** Length of the header {@link #write} produces. */
    public static final int HEADER_BYTES = 44;

    private static final int FORMAT_PCM = 1;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;

    private Wav() {}

    /**
     * Writes {@code samples} as a canonical WAV. The file is written beside the target and moved
     * into place, so a reader (Asterisk) never sees half a file.
     */
    public static void write(Path file, short[] samples) {
        byte[] bytes = encode(samples);
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
            try {
                Files.write(tmp, bytes);
                move(tmp, file);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new PromptException("cannot write " + file, e);
        }
    }

    /** The bytes of a canonical WAV holding {@code samples}. */
    public static byte[] encode(short[] samples) {
        int dataBytes = samples.length * 2;
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("RIFF")).putInt(36 + dataBytes).put(ascii("WAVE"));
        b.put(ascii("fmt ")).putInt(16)
                .putShort((short) FORMAT_PCM).putShort((short) 1)
                .putInt(SAMPLE_RATE).putInt(SAMPLE_RATE * 2)
                .putShort((short) 2).putShort((short) 16);
        b.put(ascii("data")).putInt(dataBytes);
        for (short s : samples) {
            b.putShort(s);
        }
        return b.array();
    }

    /**
     * Reads the samples of a WAV file, skipping chunks other than {@code fmt } and {@code data}.
     *
     * @throws AudioFormatException naming the file when it is not PCM, 8000 Hz, mono, 16-bit
     */
    public static short[] read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PromptException("cannot read " + file, e);
        }
        return decode(bytes, file.toString());
    }

    /** The playing time of a WAV file, from its data length. Validates the format as {@link #read} does. */
    public static Duration duration(Path file) {
        return duration(read(file).length);
    }

    /** The playing time of {@code samples} samples at {@link #SAMPLE_RATE}, to the nearest microsecond below. */
    public static Duration duration(int samples) {
        return Duration.ofNanos(samples * 1_000_000_000L / SAMPLE_RATE);
    }

    /** Number of samples in {@code length} at {@link #SAMPLE_RATE}, rounded to the nearest sample. */
    public static int samples(Duration length) {
        return Math.toIntExact(Math.round(length.toNanos() * (double) SAMPLE_RATE / 1_000_000_000L));
    }

    /**
     * Decodes WAV bytes; {@code name} is used in error messages.
     *
     * @throws AudioFormatException when the bytes are not a PCM, 8000 Hz, mono, 16-bit WAV
     */
    public static short[] decode(byte[] bytes, String name) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 12 || !"RIFF".equals(tag(b, 0)) || !"WAVE".equals(tag(b, 8))) {
            throw new AudioFormatException(name + " is not a WAV file (no RIFF/WAVE header)");
        }
        boolean sawFormat = false;
        int pos = 12;
        while (pos + 8 <= bytes.length) {
            String id = tag(b, pos);
            long size = Integer.toUnsignedLong(b.getInt(pos + 4));
            int body = pos + 8;
            if (body + size > bytes.length) {
                throw new AudioFormatException(name + " is truncated: chunk '" + id + "' claims " + size
                        + " bytes, " + (bytes.length - body) + " are left");
            }
            if (id.equals("fmt ")) {
                checkFormat(b, body, (int) size, name);
                sawFormat = true;
            } else if (id.equals("data")) {
                if (!sawFormat) {
                    throw new AudioFormatException(name + " has its data chunk before the fmt chunk");
                }
                short[] samples = new short[(int) (size / 2)];
                b.position(body);
                b.asShortBuffer().get(samples);
                return samples;
            }
            pos = Math.toIntExact(body + size + (size & 1)); // chunks are padded to an even length
        }
        throw new AudioFormatException(name + (sawFormat ? " has no data chunk" : " has no fmt chunk"));
    }

    private static void checkFormat(ByteBuffer b, int at, int size, String name) {
        if (size < 16) {
            throw new AudioFormatException(name + " has a fmt chunk of " + size + " bytes (need 16)");
        }
        int format = Short.toUnsignedInt(b.getShort(at));
        if (format == FORMAT_EXTENSIBLE && size >= 26) {
            format = Short.toUnsignedInt(b.getShort(at + 24)); // first two bytes of the sub-format GUID
        }
        int channels = Short.toUnsignedInt(b.getShort(at + 2));
        int rate = b.getInt(at + 4);
        int bits = Short.toUnsignedInt(b.getShort(at + 14));
        if (format != FORMAT_PCM || channels != 1 || rate != SAMPLE_RATE || bits != 16) {
            throw new AudioFormatException(String.format(
                    "%s is %s, %d Hz, %d channel(s), %d-bit; Asterisk needs PCM, 8000 Hz, mono, 16-bit"
                            + " (convert it, e.g. sox in.wav -r 8000 -c 1 -b 16 out.wav)",
                    name, format == FORMAT_PCM ? "PCM" : "format " + format, rate, channels, bits));
        }
    }

    private static String tag(ByteBuffer b, int at) {
        byte[] t = new byte[4];
        b.get(at, t);
        return new String(t, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
