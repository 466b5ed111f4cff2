package io.waitless.audiosocket;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One live AudioSocket connection, after its UUID frame. Two virtual threads of its own: a reader that queues
 * what Asterisk sends, and a pacer that writes exactly one audio frame every 20 ms, taken from the queued
 * audio or else silence, so Asterisk's 2 s inactivity timeout never fires while the handler thinks.
 * Audio methods never block on the network: they queue. All methods are thread-safe.
 * Deadlines: every read waits at most the idle timeout, after which the session ends and closes the socket,
 * which also frees a pacer stuck writing to an Asterisk that stopped reading.
 */
public final class AudioSocketSession implements AutoCloseable {
    static final long FRAME_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** If the pacer falls this far behind (GC, a stalled socket), it restarts its clock instead of bursting. */
    private static final long MAX_LAG_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Incoming frames kept for a handler that does not read: 10 s of audio; older audio is dropped. */
    private static final int INCOMING_LIMIT = 500;
    private static final byte[] SILENCE = FrameEncoder.encode(Frame.Audio.silence());
    private static final Frame.Hangup HANGUP = new Frame.Hangup();
    private static final Logger log = LoggerFactory.getLogger(AudioSocketSession.class);

    private record Chunk(byte[] wire, Playback owner) {
    }

    private final UUID id;
    private final Socket socket;
    private final OutputStream out;
    private final FrameDecoder decoder;
    private final Duration idleTimeout;
    private final BlockingDeque<Frame> incoming = new LinkedBlockingDeque<>(INCOMING_LIMIT);
    private final ConcurrentLinkedDeque<Chunk> outgoing = new ConcurrentLinkedDeque<>();
    private final Object writeLock = new Object();
    private volatile boolean ended;
    private volatile boolean hungUp;
    private Thread reader;
    private Thread pacer;

    AudioSocketSession(UUID id, Socket socket, FrameDecoder decoder, Duration idleTimeout) throws IOException {
        this.id = id;
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.decoder = decoder;
        this.idleTimeout = idleTimeout;
    }

    void start() throws IOException {
        socket.setSoTimeout((int) idleTimeout.toMillis());
        String call = id.toString();
        pacer = Thread.ofVirtual().name("audiosocket-pace-" + call).start(() -> withMdc(call, this::pace));
        reader = Thread.ofVirtual().name("audiosocket-read-" + call).start(() -> withMdc(call, this::read));
    }

    /** The UUID Asterisk announced. */
    public UUID id() {
        return id;
    }

    /** False once Asterisk hung up, the connection broke, or {@link #hangup()}/{@link #close()} ran. */
    public boolean isOpen() {
        return !ended;
    }

    /**
     * The next frame from Asterisk ({@link Frame.Audio}, {@link Frame.Dtmf}, {@link Frame.Error} or
     * {@link Frame.Hangup}), waiting at most {@code timeout}; empty if none came in time. Once the connection has
     * ended (Asterisk's 0x00, its close, a broken frame, the idle timeout) it returns {@link Frame.Hangup} at once.
     */
    public Optional<Frame> next(Duration timeout) throws InterruptedException {
        Frame f = incoming.poll();
        if (f == null && !ended) {
            f = incoming.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        if (f == null && ended) {
            f = HANGUP;
        }
        return Optional.ofNullable(f);
    }

    /**
     * Queues slin 8 kHz little-endian audio after whatever is already queued; it goes out in 20 ms frames, paced
     * in real time. An odd trailing byte is dropped.
     */
    public Playback sendAudio(byte[] pcm) {
        int usable = pcm.length & ~1;
        int frames = (usable + Frame.AUDIO_FRAME_BYTES - 1) / Frame.AUDIO_FRAME_BYTES;
        Playback p = new Playback(frames);
        for (int off = 0; off < usable; off += Frame.AUDIO_FRAME_BYTES) {
            byte[] slice = Arrays.copyOfRange(pcm, off, Math.min(usable, off + Frame.AUDIO_FRAME_BYTES));
            outgoing.add(new Chunk(FrameEncoder.encode(new Frame.Audio(slice)), p));
        }
        if (ended) {
            p.stop();
        }
        return p;
    }

    /** Same as {@link #sendAudio(byte[])} for 16-bit samples. */
    public Playback sendAudio(short[] samples) {
        ByteBuffer b = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.asShortBuffer().put(samples);
        return sendAudio(b.array());
    }

    /**
     * Plays a prompt in place of anything still queued, then comfort silence until the session ends. Stop the
     * returned playback to barge in, e.g. when a {@link VoiceActivityDetector} says the caller is speaking.
     */
    public Playback playing(short[] prompt) {
        stopAudio();
        return sendAudio(prompt);
    }

    /** Barge-in for everything queued: drops all audio not yet sent; silence follows within 20 ms. */
    public void stopAudio() {
        for (Chunk c; (c = outgoing.poll()) != null; ) {
            c.owner().stop();
        }
    }

    /**
     * Sends Asterisk the 0x00 terminate frame (its {@code AudioSocket} then returns 0) and stops sending audio.
     * Idempotent; does nothing once the connection has ended.
     */
    public void hangup() {
        if (ended || hungUp) {
            return;
        }
        hungUp = true;
        stopAudio();
        try {
            synchronized (writeLock) {
                FrameEncoder.write(out, HANGUP);
            }
        } catch (IOException e) {
            log.warn("AudioSocket {}: could not send the hangup frame, closing instead: {}", id, e.toString());
        }
        end();
    }

    /** Closes the connection without a hangup frame (Asterisk's {@code AudioSocket} also returns 0). Idempotent. */
    @Override
    public void close() {
        end();
        try {
            socket.close();
        } catch (IOException e) {
            log.warn("AudioSocket {}: closing the socket failed: {}", id, e.toString());
        }
    }

    private void end() {
        if (!ended) {
            ended = true;
            incoming.offer(HANGUP);
            stopAudio();
            if (pacer != null) {
                LockSupport.unpark(pacer);
            }
        }
    }

    private void pace() {
        long next = System.nanoTime();
        while (!ended && !hungUp) {
            Chunk c = outgoing.poll();
            while (c != null && !c.owner().live()) {
                c = outgoing.poll();
            }
            try {
                synchronized (writeLock) {
                    if (ended || hungUp) {
                        return;
                    }
                    out.write(c == null ? SILENCE : c.wire());
                    out.flush();
                }
            } catch (IOException e) {
                if (!ended) {
                    log.info("AudioSocket {}: Asterisk stopped taking audio ({}); ending the session", id, e.toString());
                    end();
                }
                return;
            }
            if (c != null) {
                c.owner().frameSent();
            }
            next += FRAME_NANOS;
            long now = System.nanoTime();
            if (now - next > MAX_LAG_NANOS) {
                log.debug("AudioSocket {}: pacer {} ms late, restarting its clock", id, (now - next) / 1_000_000);
                next = now;
            }
            while (!ended && (now = System.nanoTime()) < next) {
                LockSupport.parkNanos(next - now);
            }
        }
    }

    private void read() {
        try {
            while (!ended) {
                Frame f = decoder.read();
                if (f == null) {
                    log.info("AudioSocket {}: Asterisk closed the connection", id);
                    break;
                }
                log.debug("AudioSocket {}: received {}", id, f);
                if (f instanceof Frame.Uuid u) {
                    log.warn("AudioSocket {}: ignoring a second UUID frame {}", id, u.id());
                    continue;
                }
                enqueue(f);
                if (f instanceof Frame.Hangup) {
                    log.info("AudioSocket {}: Asterisk sent hangup", id);
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            log.warn("AudioSocket {}: no frame from Asterisk for {}; ending the session", id, idleTimeout);
        } catch (AudioSocketException | IOException e) {
            if (!ended) {
                log.warn("AudioSocket {}: bad input from Asterisk, ending the session: {}", id, e.getMessage());
            }
        } finally {
            if (!ended) {
                close();
            }
        }
    }

    private void enqueue(Frame f) {
        while (!incoming.offerLast(f)) {
            Frame dropped = incoming.pollFirst();
            log.debug("AudioSocket {}: handler is not reading; dropped {}", id, dropped);
        }
    }

    /** Waits at most {@code timeout} for the reader and pacer to finish, after the session ended. */
    void join(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : new Thread[] {pacer, reader}) {
            if (t != null) {
                t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            }
        }
    }

    private static void withMdc(String call, Runnable r) {
        MDC.put("call", call);
        try {
            r.run();
        } finally {
            MDC.remove("call");
        }
    }
}
