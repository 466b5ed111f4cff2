package io.waitless.speech;

import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The bytes Sphinx pulls: 8 kHz frames pushed by the caller's thread, upsampled to 16 kHz
 * little-endian 16-bit on the engine's thread. {@link #read} blocks until a frame arrives or the
 * stream is {@linkplain #finish finished} (then the filter tail is drained) or {@linkplain #abandon
 * abandoned} (then it ends at once).
 */
final class FrameStream extends InputStream {

    private static final short[] END = new short[0];

    private final LinkedBlockingQueue<short[]> frames = new LinkedBlockingQueue<>();
    private final Resampler upsampler = Resampler.upsampler();
    private volatile boolean abandoned;
    private byte[] current = new byte[0];
    private int pos;
    private boolean ended;

    void push(short[] slin8k) {
        frames.add(slin8k.clone());
    }

    void finish() {
        frames.add(END);
    }

    void abandon() {
        abandoned = true;
        frames.add(END);
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        while (pos >= current.length) {
            if (ended || abandoned) {
                return -1;
            }
            short[] next = take();
            if (next == END) {
                ended = true;
                if (abandoned) {
                    return -1;
                }
                current = bytes(upsampler.flush());
            } else {
                current = bytes(upsampler.upsample(next));
            }
            pos = 0;
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    private short[] take() {
        try {
            short[] next;
            do {
                next = frames.poll(1, TimeUnit.SECONDS);
            } while (next == null && !abandoned);
            return next == null ? END : next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandoned = true;
            return END;
        }
    }

    private static byte[] bytes(short[] s) {
        byte[] b = new byte[s.length * 2];
        for (int i = 0; i < s.length; i++) {
            b[2 * i] = (byte) s[i];
            b[2 * i + 1] = (byte) (s[i] >> 8);
        }
        return b;
    }
}
