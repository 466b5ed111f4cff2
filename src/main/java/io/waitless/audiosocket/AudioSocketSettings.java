package io.waitless.audiosocket;

import io.waitless.config.Cidr;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the AudioSocket server listens.
 *
 * @param host            address to bind (Asterisk usually runs on the same box: 127.0.0.1)
 * @param port            TCP port; 0 picks a free one (tests)
 * @param uuidTimeout     how long a new connection may take to send its whole UUID frame, however slowly it arrives
 * @param idleTimeout     how long the session waits for any frame from Asterisk before it gives up; a silent
 *                        caller on a Local channel sends nothing at all, so keep this well above a prompt's length
 * @param maxAudioPayload largest audio payload accepted, in bytes (320 = 20 ms is normal)
 * @param allow           peers allowed to connect (Asterisk servers); any other is closed at once, before a byte
 *                        is read
 */
public record AudioSocketSettings(InetAddress host, int port, Duration uuidTimeout, Duration idleTimeout,
        int maxAudioPayload, List<Cidr> allow) {
    public AudioSocketSettings {
        Objects.requireNonNull(host, "host");
        allow = List.copyOf(allow);
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

    /**
     * Loopback, the given port, 2 s for the UUID, 60 s idle, the decoder's default payload bound, peers on this
     * host only.
     */
    public static AudioSocketSettings loopback(int port) {
        return new AudioSocketSettings(InetAddress.getLoopbackAddress(), port, Duration.ofSeconds(2),
                Duration.ofSeconds(60), FrameDecoder.DEFAULT_MAX_AUDIO_PAYLOAD, Cidr.LOOPBACK);
    }

    public AudioSocketSettings withTimeouts(Duration uuid, Duration idle) {
        return new AudioSocketSettings(host, port, uuid, idle, maxAudioPayload, allow);
    }

    public AudioSocketSettings withAllow(List<Cidr> peers) {
        return new AudioSocketSettings(host, port, uuidTimeout, idleTimeout, maxAudioPayload, peers);
    }

    /** Whether {@code peer} may connect. */
    public boolean allows(InetAddress peer) {
        return allow.stream().anyMatch(c -> c.contains(peer));
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
        }
    }
}
