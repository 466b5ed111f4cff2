package io.waitless.audiosocket;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * How the AudioSocket server listens.
 *
 * @param host            address to bind (Asterisk usually runs on the same box: 127.0.0.1)
 * @param port            TCP port; 0 picks a free one (tests)
 * @param uuidTimeout     how long a new connection may take to send its UUID frame (per read)
 * @param idleTimeout     how long the session waits for any frame from Asterisk before it gives up; a silent
 *                        caller on a Local channel sends nothing at all, so keep this well above a prompt's length
 * @param maxAudioPayload largest audio payload accepted, in bytes (320 = 20 ms is normal)
 */
public record AudioSocketSettings(InetAddress host, int port, Duration uuidTimeout, Duration idleTimeout,
        int maxAudioPayload) {
    public AudioSocketSettings {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        positive(uuidTimeout, "uuidTimeout");
        positive(idleTimeout, "idleTimeout");
        if (maxAudioPayload < Frame.AUDIO_FRAME_BYTES || maxAudioPayload > FrameEncoder.MAX_WIRE_PAYLOAD) {
            throw new IllegalArgumentException("maxAudioPayload must be " + Frame.AUDIO_FRAME_BYTES + ".."
                    + FrameEncoder.MAX_WIRE_PAYLOAD + ", got " + maxAudioPayload);
        }
    }

    /** Loopback, the given port, 2 s for the UUID, 60 s idle, the decoder's default payload bound. */
    public static AudioSocketSettings loopback(int port) {
        return new AudioSocketSettings(InetAddress.getLoopbackAddress(), port, Duration.ofSeconds(2),
                Duration.ofSeconds(60), FrameDecoder.DEFAULT_MAX_AUDIO_PAYLOAD);
    }

    public AudioSocketSettings withTimeouts(Duration uuid, Duration idle) {
        return new AudioSocketSettings(host, port, uuid, idle, maxAudioPayload);
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
        }
    }
}
