package io.waitless.audiosocket;

import ch.qos.logback.classic.Level;
import io.waitless.testing.CapturedLogs;
import io.waitless.testing.Fuzz;
import io.waitless.testing.LiveThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the real {@link AudioSocketServer} on a loopback port with what a broken or hostile peer could send:
 * random kinds, lengths beyond the payload, 64 KiB length claims, truncated headers, bad and unknown UUIDs, and
 * slow drips, before and after a valid UUID. Bounded by {@code -Dwaitless.fuzz.seconds}; the seed is printed and
 * in every failure. Asserts that every connection is closed within the server's timeouts, no session or thread
 * is left, the refusals are logged, and a good session still works afterwards.
 */
class AudioSocketFuzzIT {
    private static final Duration UUID_TIMEOUT = Duration.ofMillis(500);
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(1);
    /** A handler gives up after this long without a frame. */
    private static final Duration HANDLER_WAIT = Duration.ofMillis(1500);
    private static final Duration CLOSE_WITHIN = UUID_TIMEOUT.plus(IDLE_TIMEOUT).plus(HANDLER_WAIT)
            .plus(Duration.ofSeconds(2));
    private static final int WORKERS = 8;
    /** Registered: a connection announcing it gets a session. */
    private static final UUID KNOWN = UUID.fromString("0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0");
    private static final List<Integer> LENGTHS = List.of(0, 1, 2, 15, 16, 17, 319, 320, 321, 1600, 1601, 4096, 65_535);

    private final AudioSocketRegistry registry = new AudioSocketRegistry();
    private final List<Frame> goodSessionFrames = new CopyOnWriteArrayList<>();
    private AudioSocketServer server;

    @BeforeEach
    void start() throws IOException {
        server = new AudioSocketServer(AudioSocketSettings.loopback(0).withTimeouts(UUID_TIMEOUT, IDLE_TIMEOUT),
                registry).start();
        registry.register(KNOWN, session -> { // until Asterisk's end, a '#', or HANDLER_WAIT without a frame
            for (Optional<Frame> f = session.next(HANDLER_WAIT); f.isPresent() && !(f.get() instanceof Frame.Hangup);
                 f = session.next(HANDLER_WAIT)) {
                goodSessionFrames.add(f.get());
                if (f.get() instanceof Frame.Dtmf d && d.digit() == '#') {
                    return;
                }
            }
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void broken_frames_headers_uuids_and_drips_are_refused_without_a_crash_a_hang_or_a_leak() throws Exception {
        assertGoodSession("warm-up");
        List<String> baseline = LiveThreads.names();

        Fuzz fuzz = Fuzz.start("audiosocket");
        try (CapturedLogs logs = CapturedLogs.start()) {
            List<String> failures = fuzz.run(WORKERS, CLOSE_WITHIN, r -> {
                Case c = nextCase(r);
                fuzz.count(c.kind());
                String problem = run(c);
                return problem == null ? null : c.kind() + ": " + problem;
            });
            assertThat(failures).as("%s", fuzz).isEmpty();
            long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (server.activeSessions() > 0 && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertThat(server.activeSessions()).as("sessions left; %s", fuzz).isZero();
            LiveThreads.awaitBackTo(baseline, 3, Duration.ofSeconds(5), fuzz.toString());
            assertThat(logs.atLeast(Level.WARN, "AudioSocket from /127.0.0.1"))
                    .as("refused first frames logged; %s", fuzz).isNotEmpty();
            if (fuzz.ran("frames-in-session")) {
                assertThat(logs.atLeast(Level.INFO, "AudioSocket " + KNOWN))
                        .as("sessions that ended on bad input logged; %s", fuzz).isNotEmpty();
            }
        }
        assertThat(fuzz.cases()).isGreaterThan(WORKERS);
        assertGoodSession("after " + fuzz);
    }

    /**
     * One connection: {@code bytes} written at once (or one byte every {@code drip}), then the peer either closes
     * ({@code closeAfter}) or stays silent and waits for the server.
     *
     * @param mustRefuse the server must close without sending a single frame (no session may start)
     */
    private record Case(String kind, byte[] bytes, Duration drip, boolean closeAfter, boolean mustRefuse) {}

    private Case nextCase(Random r) {
        return switch (r.nextInt(7)) {
            case 0 -> new Case("random-first-frame", randomFrames(r, 1 + r.nextInt(3)), Duration.ZERO, r.nextBoolean(),
                    false);
            case 1 -> new Case("frames-in-session", concat(uuid(KNOWN), randomFrames(r, 1 + r.nextInt(6))),
                    Duration.ZERO, r.nextInt(4) == 0, false);
            case 2 -> new Case("truncated-header", Fuzz.truncated(r, new byte[] {(byte) r.nextInt(256),
                    (byte) r.nextInt(256)}), Duration.ZERO, r.nextBoolean(), true);
            case 3 -> new Case("bad-uuid", badUuid(r), Duration.ZERO, false, true);
            case 4 -> new Case("64k-claim", concat(r.nextBoolean() ? uuid(KNOWN) : new byte[0],
                    header(Fuzz.pick(r, List.of(0x01, 0x03, 0x10, 0x12, 0xff, r.nextInt(256))), 65_535),
                    Fuzz.bytes(r, r.nextInt(2000))), Duration.ZERO, false, false);
            case 5 -> new Case("length-beyond-payload", concat(uuid(KNOWN), header(0x10, 320), Fuzz.bytes(r, 100)),
                    Duration.ZERO, r.nextBoolean(), false);
            default -> new Case("slow-drip", uuid(KNOWN), UUID_TIMEOUT.multipliedBy(6).dividedBy(10), false, true);
        };
    }

    /**
     * Plays one case; returns what went wrong, or null. Unless the peer closed first, the server must close
     * within {@link #CLOSE_WITHIN} (a refused connection within the UUID timeout and slack), sending only
     * well-formed frames.
     */
    private String run(Case c) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Duration limit = c.mustRefuse() ? UUID_TIMEOUT.plus(Duration.ofSeconds(1)) : CLOSE_WITHIN;
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout((int) limit.toMillis());
            OutputStream out = s.getOutputStream();
            try {
                if (c.drip().isZero()) {
                    out.write(c.bytes());
                } else {
                    for (byte b : c.bytes()) {
                        out.write(b);
                        out.flush();
                        Thread.sleep(c.drip());
                    }
                }
                out.flush();
            } catch (SocketException e) {
                return closedIn(t0, limit, 0); // the server hung up on us
            }
            if (c.closeAfter()) {
                return null;
            }
            return drainUntilClosed(s.getInputStream(), t0, limit, c.mustRefuse());
        }
    }

    private static String drainUntilClosed(InputStream in, long t0, Duration limit, boolean mustRefuse)
            throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                got.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            return "the server did not close within " + limit.toMillis() + " ms";
        } catch (SocketException e) {
            // reset by the server: closed
        }
        if (mustRefuse && got.size() > 0) {
            return "the server sent " + got.size() + " bytes to a connection it should have refused";
        }
        try {
            FrameDecoder d = new FrameDecoder(new java.io.ByteArrayInputStream(got.toByteArray()));
            while (d.read() != null) {
                // every frame the server sent must decode
            }
        } catch (java.io.EOFException e) {
            // the server stopped mid-frame when our side broke: only the tail is cut
        } catch (AudioSocketException e) {
            return "the server sent a malformed frame: " + e.getMessage();
        }
        return closedIn(t0, limit, got.size());
    }

    private static String closedIn(long t0, Duration limit, int received) {
        long ms = (System.nanoTime() - t0) / 1_000_000;
        return ms > limit.toMillis() + 200 ? "closed only after " + ms + " ms (" + received + " bytes received)" : null;
    }

    private static byte[] randomFrames(Random r, int n) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(3) == 0 ? Fuzz.pick(r, List.of(0x00, 0x01, 0x03, 0x10, 0x11, 0x18, 0xff)) : r.nextInt(256);
            int length = r.nextBoolean() ? Fuzz.pick(r, LENGTHS) : r.nextInt(65_536);
            b.writeBytes(header(kind, length));
            // the payload: as announced, or shorter (the peer then stalls or closes mid-frame)
            b.writeBytes(Fuzz.bytes(r, r.nextInt(4) == 0 ? r.nextInt(Math.min(length, 2000) + 1) : Math.min(length, 4096)));
        }
        return b.toByteArray();
    }

    private static byte[] badUuid(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> uuid(UUID.randomUUID()); // nobody registered it
            case 1 -> uuid(new UUID(0, 0));
            case 2 -> concat(header(0x01, 15), Fuzz.bytes(r, 15));
            default -> concat(header(0x01, 17), Fuzz.bytes(r, 17));
        };
    }

    private static byte[] uuid(UUID id) {
        return ByteBuffer.allocate(19).put((byte) 0x01).putShort((short) 16).putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits()).array();
    }

    private static byte[] header(int kind, int length) {
        return new byte[] {(byte) kind, (byte) (length >> 8), (byte) length};
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    /** A well-formed session: UUID, 20 ms of audio, DTMF '#'; the handler sees both, then the server hangs up. */
    private void assertGoodSession(String when) throws Exception {
        goodSessionFrames.clear();
        try (AsteriskAudioPeer asterisk = new AsteriskAudioPeer(server.port())) {
            asterisk.send(new Frame.Uuid(KNOWN));
            asterisk.send(Frame.Audio.silence());
            asterisk.send(new Frame.Dtmf('#'));
            assertThat(asterisk.awaitClose(Duration.ofSeconds(5))).as("closed, %s", when).isTrue();
            assertThat(asterisk.malformed).as(when).isNull();
            assertThat(asterisk.frames()).as(when).last().isEqualTo(new Frame.Hangup());
        }
        assertThat(goodSessionFrames).as(when).containsExactly(Frame.Audio.silence(), new Frame.Dtmf('#'));
    }
}
