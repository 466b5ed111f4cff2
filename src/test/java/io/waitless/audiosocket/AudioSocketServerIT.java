package io.waitless.audiosocket;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.waitless.config.Cidr;
import io.waitless.testing.AsteriskFixtures;
import io.waitless.testing.CapturedLogs;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server on a real loopback port, driven by a scripted Asterisk that replays the Asterisk 22 captures. */
class AudioSocketServerIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final UUID SPEECH = UUID.fromString("5b1c7a2e-9f3d-4c8a-b6e1-0d2f4a6c8e10");
    private static final UUID HANGUP = UUID.fromString("5b1c7a2e-9f3d-4c8a-b6e1-0d2f4a6c8e11");
    private static final UUID SILENT = UUID.fromString("8b3e6f0a-2c4d-4e1f-9a7b-5c6d7e8f9012");

    private final AudioSocketRegistry registry = new AudioSocketRegistry();
    private AudioSocketServer server;

    @BeforeEach
    void start() throws IOException {
        AudioSocketSettings settings = AudioSocketSettings.loopback(0)
                .withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(10));
        server = new AudioSocketServer(settings, registry).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void replayed_speech_and_dtmf_reach_the_handler_and_asterisk_gets_paced_silence_then_hangup() throws Exception {
        List<Frame> seen = new CopyOnWriteArrayList<>();
        registry.register(SPEECH, session -> {
            while (true) {
                Frame f = session.next(WAIT).orElseThrow();
                seen.add(f);
                if (f instanceof Frame.Dtmf d && d.digit() == '#' || f instanceof Frame.Hangup) {
                    return;
                }
            }
        });
        byte[] capture = AsteriskFixtures.bytes("audiosocket-speech-dtmf.from-asterisk.bin");
        try (AsteriskAudioPeer asterisk = new AsteriskAudioPeer(server.port())) {
            asterisk.replay(capture, Duration.ofMillis(20));
            assertThat(asterisk.awaitClose(WAIT)).isTrue();
            assertThat(asterisk.malformed).isNull();

            List<Frame> captured = AudioSocketFrameCodecTest.decodeAll(capture);
            assertThat(seen).isEqualTo(captured.subList(1, captured.size()));

            List<Frame> sent = asterisk.frames();
            assertThat(sent.getLast()).isEqualTo(new Frame.Hangup());
            assertThat(sent.subList(0, sent.size() - 1)).isNotEmpty().allMatch(f -> f.equals(Frame.Audio.silence()));
            assertPaced(asterisk.received().subList(0, sent.size() - 1));
            // 113 frames replayed 20 ms apart: about 2.2 s, so about 110 frames of silence
            assertThat(sent.size()).isBetween(90, 140);
        }
    }

    @Test
    void caller_hangup_without_a_hangup_frame_ends_the_handlers_session() throws Exception {
        AtomicReference<Frame> last = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        List<Frame> audio = new ArrayList<>();
        registry.register(HANGUP, session -> {
            for (Frame f = session.next(WAIT).orElseThrow(); ; f = session.next(WAIT).orElseThrow()) {
                if (f instanceof Frame.Hangup) {
                    last.set(f);
                    assertThat(session.isOpen()).isFalse();
                    done.countDown();
                    return;
                }
                audio.add(f);
            }
        });
        try (AsteriskAudioPeer asterisk = new AsteriskAudioPeer(server.port())) {
            asterisk.replay(AsteriskFixtures.bytes("audiosocket-caller-hangup.from-asterisk.bin"), Duration.ZERO);
            asterisk.shutdownOutput();
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(audio).hasSize(50);
            assertThat(asterisk.awaitClose(WAIT)).isTrue();
        }
    }

    @Test
    void the_session_keeps_sending_audio_for_3_s_while_the_handler_just_waits() throws Exception {
        registry.register(SILENT, session -> Thread.sleep(3000));
        try (AsteriskAudioPeer asterisk = new AsteriskAudioPeer(server.port())) {
            asterisk.send(new Frame.Uuid(SILENT));
            assertThat(asterisk.awaitClose(WAIT)).isTrue();
            List<AsteriskAudioPeer.Received> got = asterisk.received();
            assertThat(got.getLast().frame()).isEqualTo(new Frame.Hangup());
            List<AsteriskAudioPeer.Received> audio = got.subList(0, got.size() - 1);
            assertThat(audio).allMatch(r -> r.frame().equals(Frame.Audio.silence()));
            assertThat(audio.size()).isBetween(140, 160);
            assertPaced(audio);
        }
    }

    @Test
    void a_prompt_goes_out_in_20_ms_frames_with_a_short_last_one_then_silence() throws Exception {
        short[] prompt = tone(5 * 160 + 80);
        registry.register(SILENT, session -> {
            Playback p = session.playing(prompt);
            assertThat(p.await(Duration.ofSeconds(2))).isTrue();
            Thread.sleep(200);
        });
        try (AsteriskAudioPeer asterisk = new AsteriskAudioPeer(server.port())) {
            asterisk.send(new Frame.Uuid(SILENT));
            assertThat(asterisk.awaitClose(WAIT)).isTrue();
            List<Frame> sent = asterisk.frames();
            List<Frame> tone = sent.stream().filter(f -> f instanceof Frame.Audio a && !a.equals(Frame.Audio.silence()))
                    .toList();
            assertThat(tone).extracting(f -> ((Frame.Audio) f).pcm().length).containsExactly(320, 320, 320, 320, 320, 160);
            short[] played = tone.stream().map(f -> ((Frame.Audio) f).samples())
                    .reduce(new short[0], AudioSocketServerIT::concat);
            assertThat(played).isEqualTo(prompt);
            int lastTone = sent.lastIndexOf(tone.getLast());
            assertThat(sent.subList(lastTone + 1, sent.size() - 1)).hasSizeGreaterThan(5)
                    .allMatch(f -> f.equals(Frame.Audio.silence()));
        }
    }

    @Test
    void barge_in_stops_the_prompt_as_soon_as_the_caller_speaks() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicReference<Playback> playback = new AtomicReference<>();
        registry.register(SPEECH, session -> {
            VoiceActivityDetector vad = new VoiceActivityDetector();
            try (Playback p = session.playing(tone(8000 * 3))) {
                playback.set(p);
                while (!p.isDone()) {
                    if (session.next(Duration.ofMillis(100)).orElse(null) instanceof Frame.Audio a && vad.speaking(a)) {
                        p.stop();
                        stopped.countDown();
                    }
                }
            }
            Thread.sleep(200);
        });
        byte[] capture = AsteriskFixtures.bytes("audiosocket-speech-dtmf.from-asterisk.bin");
        try (AsteriskAudioPeer asterisk = new AsteriskAudioPeer(server.port())) {
            asterisk.send(Arrays.copyOf(capture, 19));
            Thread.sleep(400);
            asterisk.send(Arrays.copyOfRange(capture, 19, 19 + 3 * 323));
            assertThat(stopped.await(2, TimeUnit.SECONDS)).isTrue();
            assertThat(asterisk.awaitClose(WAIT)).isTrue();
            assertThat(playback.get().stopped()).isTrue();
            List<Frame> sent = asterisk.frames();
            long toneFrames = sent.stream().filter(f -> f instanceof Frame.Audio a && !a.equals(Frame.Audio.silence()))
                    .count();
            // 3 s of prompt, stopped after ~0.4 s: far fewer than 150 tone frames, then silence until the hangup
            assertThat(toneFrames).isBetween(15L, 40L);
            assertThat(sent.get(sent.size() - 2)).isEqualTo(Frame.Audio.silence());
        }
    }

    @Test
    void an_oversized_length_unknown_kind_or_mid_frame_close_ends_the_session() throws Exception {
        List<byte[]> bad = List.of(new byte[] {0x10, (byte) 0xff, (byte) 0xff, 1, 2},
                new byte[] {0x42, 0x00, 0x00}, new byte[] {0x12, 0x01, 0x40},
                new byte[] {0x10, 0x01, 0x40, 1, 2, 3});
        for (byte[] b : bad) {
            CountDownLatch hungUp = new CountDownLatch(1);
            try (AudioSocketRegistry.Registration r = registry.register(SILENT, session -> {
                if (session.next(WAIT).orElseThrow() instanceof Frame.Hangup) {
                    hungUp.countDown();
                }
            }); AsteriskAudioPeer asterisk = new AsteriskAudioPeer(server.port())) {
                asterisk.send(new Frame.Uuid(SILENT));
                asterisk.send(b);
                if (b.length == 6) {
                    asterisk.shutdownOutput();
                }
                assertThat(hungUp.await(5, TimeUnit.SECONDS)).as(Arrays.toString(b)).isTrue();
                assertThat(asterisk.awaitClose(WAIT)).isTrue();
                assertThat(asterisk.malformed).isNull();
            }
        }
    }

    @Test
    void slin16_or_audio_before_the_uuid_is_closed_without_running_a_handler() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        registry.register(SILENT, session -> ran.countDown());
        for (byte[] first : List.of(new byte[] {0x12, 0x02, (byte) 0x80}, FrameEncoder.encode(Frame.Audio.silence()))) {
            try (AsteriskAudioPeer asterisk = new AsteriskAudioPeer(server.port())) {
                asterisk.send(first);
                assertThat(asterisk.awaitClose(WAIT)).isTrue();
                assertThat(asterisk.frames()).isEmpty();
            }
        }
        assertThat(ran.getCount()).isEqualTo(1);
    }

    @Test
    void no_uuid_within_the_deadline_closes_the_connection() throws Exception {
        try (AsteriskAudioPeer asterisk = new AsteriskAudioPeer(server.port())) {
            long t0 = System.nanoTime();
            assertThat(asterisk.awaitClose(WAIT)).isTrue();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(ms).isBetween(400L, 2000L);
            assertThat(asterisk.frames()).isEmpty();
        }
    }

    @Test
    void an_unknown_uuid_is_closed_without_a_frame() throws Exception {
        try (AsteriskAudioPeer asterisk = new AsteriskAudioPeer(server.port())) {
            asterisk.send(new Frame.Uuid(UUID.randomUUID()));
            assertThat(asterisk.awaitClose(Duration.ofSeconds(2))).isTrue();
            assertThat(asterisk.frames()).isEmpty();
        }
    }

    @Test
    void closing_the_server_ends_every_session() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        registry.register(SILENT, session -> {
            started.countDown();
            while (!(session.next(WAIT).orElseThrow() instanceof Frame.Hangup)) {
                // keep listening
            }
            ended.countDown();
        });
        try (AsteriskAudioPeer asterisk = new AsteriskAudioPeer(server.port())) {
            asterisk.send(new Frame.Uuid(SILENT));
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(server.activeSessions()).isEqualTo(1);
            server.close();
            assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(asterisk.awaitClose(WAIT)).isTrue();
        }
    }

    /** Intervals between frames: median near 20 ms and never near Asterisk's 2 s timeout. */
    @Test
    void a_uuid_dripped_in_byte_by_byte_is_refused_once_the_uuid_timeout_has_passed_in_all() throws Exception {
        AtomicReference<UUID> handled = new AtomicReference<>();
        registry.register(SILENT, session -> handled.set(session.id()));
        byte[] uuid = FrameEncoder.encode(new Frame.Uuid(SILENT));
        try (AsteriskAudioPeer dripper = new AsteriskAudioPeer(server.port())) {
            long t0 = System.nanoTime();
            try {
                for (byte b : uuid) { // 19 bytes, each well inside the 500 ms timeout, 1.9 s in all
                    dripper.send(new byte[] {b});
                    Thread.sleep(100);
                }
            } catch (java.net.SocketException e) {
                // closed by the server meanwhile
            }
            assertThat(dripper.awaitClose(WAIT)).isTrue();
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1500);
            assertThat(dripper.frames()).isEmpty();
        }
        assertThat(handled.get()).isNull();
    }

    @Test
    void a_peer_outside_the_allowlist_is_closed_logged_and_counted_before_its_uuid_is_read() throws Exception {
        AtomicReference<UUID> handled = new AtomicReference<>();
        registry.register(SILENT, session -> handled.set(session.id()));
        try (CapturedLogs logs = CapturedLogs.start();
             AudioSocketServer guarded = new AudioSocketServer(AudioSocketSettings.loopback(0)
                     .withAllow(List.of(Cidr.parse("10.0.0.0/8"))), registry).start();
             AsteriskAudioPeer outsider = new AsteriskAudioPeer(guarded.port())) {
            try {
                outsider.send(new Frame.Uuid(SILENT));
            } catch (java.net.SocketException e) {
                // the server may have closed before our write: refused either way
            }

            assertThat(outsider.awaitClose(WAIT)).isTrue();
            assertThat(outsider.frames()).isEmpty();
            assertThat(guarded.refused()).isEqualTo(1);
            assertThat(logs.atLeast(Level.WARN, "Refused AudioSocket connection from 127.0.0.1"))
                    .singleElement().asString().contains("not in speech.audiosocket.allow [10.0.0.0/8]");
        }
        assertThat(handled.get()).isNull();
    }

    @Test
    void a_peer_inside_the_allowlist_is_served() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        registry.register(SILENT, session -> done.countDown());
        try (AudioSocketServer guarded = new AudioSocketServer(AudioSocketSettings.loopback(0)
                .withAllow(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("127.0.0.0/8"))), registry).start();
             AsteriskAudioPeer asterisk = new AsteriskAudioPeer(guarded.port())) {
            asterisk.send(new Frame.Uuid(SILENT));

            assertThat(done.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            assertThat(asterisk.awaitClose(WAIT)).isTrue();
            assertThat(asterisk.frames()).last().isEqualTo(new Frame.Hangup());
            assertThat(guarded.refused()).isZero();
        }
    }

    private static void assertPaced(List<AsteriskAudioPeer.Received> frames) {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < frames.size(); i++) {
            gaps.add((frames.get(i).nanos() - frames.get(i - 1).nanos()) / 1_000);
        }
        List<Long> sorted = gaps.stream().sorted().toList();
        long medianMicros = sorted.get(sorted.size() / 2);
        assertThat(medianMicros).isBetween(15_000L, 25_000L);
        assertThat(sorted.getLast()).isLessThan(250_000L);
        long spanMs = (frames.getLast().nanos() - frames.getFirst().nanos()) / 1_000_000;
        assertThat(spanMs).isCloseTo(20L * (frames.size() - 1), org.assertj.core.data.Offset.offset(200L));
    }

    private static short[] tone(int samples) {
        short[] s = new short[samples];
        for (int i = 0; i < samples; i++) {
            s[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / 8000.0));
            if (s[i] == 0) {
                s[i] = 1;
            }
        }
        return s;
    }

    private static short[] concat(short[] a, short[] b) {
        short[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
