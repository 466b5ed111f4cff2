package io.waitless.sim;

import io.waitless.audiosocket.Frame;
import io.waitless.audiosocket.FrameDecoder;
import io.waitless.audiosocket.FrameEncoder;
import io.waitless.audiosocket.VoiceActivityDetector;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A caller on Asterisk's side of {@code EXEC AudioSocket}: connects to the node's AudioSocket server, announces
 * the UUID, and sends audio frame by frame in real time (20 ms of 8 kHz slin each), as Asterisk does — comfort
 * silence while listening, and after each prompt the node plays (audio, then {@link #PROMPT_GAP} of quiet) the
 * next answer: an utterance, or a key press. Ends when the node sends its hangup frame or closes, which is when
 * Asterisk's {@code EXEC} returns {@code 200 result=0}.
 */
public final class SimulatedAudioCaller implements SimulatedChannel.AudioSocketPeer {
    /** Quiet from the node after its audio that counts as "the prompt has ended". */
    static final Duration PROMPT_GAP = Duration.ofMillis(600);
    /** {@link #PROMPT_GAP} in 20 ms frames: quiet is counted in audio received, so a stall on a loaded machine
     * (no frames at all for a while) is never mistaken for the end of a prompt, nor a pause between two words. */
    static final int GAP_FRAMES = (int) (PROMPT_GAP.toMillis() / 20);
    private static final int FRAME_SAMPLES = Frame.AUDIO_FRAME_BYTES / 2;

    /** One answer: samples to say, or a key to press. */
    public sealed interface Reply {
        record Say(short[] samples) implements Reply {}

        record Press(char digit) implements Reply {}

        /** Stays silent through this question. */
        record Silence() implements Reply {}
    }

    private final Deque<Reply> replies;
    private final Duration limit;

    /** Answers the node's questions in order; silent after the last; gives up after {@code limit}. */
    public SimulatedAudioCaller(List<Reply> replies, Duration limit) {
        this.replies = new ArrayDeque<>(replies);
        this.limit = limit;
    }

    public static SimulatedAudioCaller saying(short[] utterance) {
        return new SimulatedAudioCaller(List.of(new Reply.Say(utterance)), Duration.ofSeconds(60));
    }

    @Override
    public int run(UUID id, String hostPort) throws IOException, InterruptedException {
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
        int port = Integer.parseInt(hostPort.substring(colon + 1));
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 2000);
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            AtomicBoolean ended = new AtomicBoolean();
            AtomicLong lastLoud = new AtomicLong(0); // sequence number of the last loud frame (0: none yet)
            AtomicLong quietSince = new AtomicLong(); // quiet frames received since it
            AtomicLong framesHeard = new AtomicLong();
            InputStream in = s.getInputStream();
            Thread reader = Thread.ofVirtual().name("sim-audio-" + id).start(() -> {
                FrameDecoder d = new FrameDecoder(in);
                try {
                    for (Frame f = d.read(); f != null; f = d.read()) {
                        if (f instanceof Frame.Hangup) {
                            break;
                        }
                        if (f instanceof Frame.Audio a) {
                            long seq = framesHeard.incrementAndGet();
                            if (VoiceActivityDetector.rms(a.samples()) > 50) {
                                lastLoud.set(seq);
                                quietSince.set(0);
                            } else {
                                quietSince.incrementAndGet();
                            }
                        }
                    }
                } catch (IOException e) {
                    // the node closed: the end as well
                } finally {
                    ended.set(true);
                }
            });
            out.write(FrameEncoder.encode(new Frame.Uuid(id)));
            long start = System.nanoTime();
            long next = start;
            short[] speaking = null;
            int offset = 0;
            long answeredPromptAt = -1;
            while (!ended.get() && System.nanoTime() - start < limit.toNanos()) {
                long loud = lastLoud.get();
                boolean promptEnded = loud > 0 && loud != answeredPromptAt && quietSince.get() >= GAP_FRAMES;
                if (speaking == null && promptEnded) {
                    answeredPromptAt = loud;
                    Reply r = replies.isEmpty() ? new Reply.Silence() : replies.poll();
                    switch (r) {
                        case Reply.Say say -> {
                            speaking = say.samples();
                            offset = 0;
                        }
                        case Reply.Press press -> out.write(FrameEncoder.encode(new Frame.Dtmf(press.digit())));
                        case Reply.Silence ignored -> { }
                    }
                }
                short[] frame = new short[FRAME_SAMPLES];
                if (speaking != null) {
                    int n = Math.min(FRAME_SAMPLES, speaking.length - offset);
                    System.arraycopy(speaking, offset, frame, 0, n);
                    offset += n;
                    if (offset >= speaking.length) {
                        speaking = null;
                    }
                }
                try {
                    out.write(FrameEncoder.encode(Frame.Audio.of(frame)));
                    out.flush();
                } catch (SocketException e) {
                    break;
                }
                next += 20_000_000L;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(Duration.ofNanos(wait));
                }
            }
            boolean clean = ended.get();
            reader.join(Duration.ofSeconds(2));
            return clean ? 0 : -1; // -1: we gave up, as Asterisk does on its idle timeout
        }
    }

    /** Whether any answer was left unused (the node asked fewer questions than expected). */
    public Optional<Integer> unused() {
        return replies.isEmpty() ? Optional.empty() : Optional.of(replies.size());
    }
}
