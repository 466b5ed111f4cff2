package io.waitless.agi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Asterisk's side of one FastAGI session on a raw socket, byte for byte under the test's control (unlike
 * {@link io.waitless.sim.SimulatedChannel}, which renders its own env and replies): writes the given env
 * bytes, then hands every command line the node sends to a {@link Responder}, which writes the replies.
 * Records the node's exact bytes and how long after the peer's last write the node closed.
 * Each read waits at most {@link #READ_TIMEOUT}, so a node that hangs fails the test instead of hanging it.
 */
final class ScriptedAsterisk {
    static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    /** Answers one command; may write any bytes, pause, or write nothing. */
    @FunctionalInterface
    interface Responder {
        void on(String command, Wire wire) throws IOException, InterruptedException;
    }

    /** The peer's writing side, flushed after every call (TCP_NODELAY: each call is its own segment). */
    static final class Wire {
        private final OutputStream out;
        private long lastWrite = System.nanoTime();

        private Wire(OutputStream out) {
            this.out = out;
        }

        /** One line and its LF, in one write. */
        void line(String s) throws IOException {
            raw((s + "\n").getBytes(StandardCharsets.US_ASCII));
        }

        /** One line and its LF, one byte per write with {@code gap} between. */
        void lineByteByByte(String s, Duration gap) throws IOException, InterruptedException {
            for (byte b : (s + "\n").getBytes(StandardCharsets.US_ASCII)) {
                raw(new byte[] {b});
                Thread.sleep(gap);
            }
        }

        void raw(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
            lastWrite = System.nanoTime();
        }

        void pause(Duration d) throws InterruptedException {
            Thread.sleep(d);
        }
    }

    /**
     * What the node did.
     *
     * @param commands    the node's lines, without LF, in order
     * @param received    every byte the node sent
     * @param closedByNode the node closed (EOF or reset) before the peer's read timeout
     * @param closeDelay  from the peer's last write to the node's close (null if it never closed)
     */
    record Session(List<String> commands, byte[] received, boolean closedByNode, Duration closeDelay) {
        String last() {
            return commands.isEmpty() ? "" : commands.getLast();
        }

        long count(String prefix) {
            return commands.stream().filter(c -> c.startsWith(prefix)).count();
        }
    }

    private final byte[] env;
    private final Responder responder;
    private int envChunk = Integer.MAX_VALUE;
    private Duration envGap = Duration.ZERO;

    ScriptedAsterisk(byte[] env, Responder responder) {
        this.env = env.clone();
        this.responder = responder;
    }

    /** Writes the env block in pieces of {@code size} bytes, {@code gap} apart. */
    ScriptedAsterisk envInChunks(int size, Duration gap) {
        this.envChunk = size;
        this.envGap = gap;
        return this;
    }

    Session run(int port) throws IOException, InterruptedException {
        List<String> commands = new ArrayList<>();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        boolean closed = false;
        Duration closeDelay = null;
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000); // Asterisk's MAX_AGI_CONNECT
            s.setSoTimeout((int) READ_TIMEOUT.toMillis());
            InputStream in = s.getInputStream();
            Wire wire = new Wire(s.getOutputStream());
            for (int i = 0; i < env.length; i += envChunk) {
                wire.raw(java.util.Arrays.copyOfRange(env, i, Math.min(env.length, i + envChunk)));
                if (!envGap.isZero()) {
                    Thread.sleep(envGap);
                }
            }
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            try {
                while (true) {
                    int b = in.read();
                    if (b < 0) {
                        closed = true;
                        closeDelay = Duration.ofNanos(System.nanoTime() - wire.lastWrite);
                        break;
                    }
                    received.write(b);
                    if (b != '\n') {
                        line.write(b);
                        continue;
                    }
                    String command = line.toString(StandardCharsets.UTF_8);
                    line.reset();
                    commands.add(command);
                    try {
                        responder.on(command, wire);
                    } catch (SocketException e) {
                        // the node closed while we were still replying: its close shows on the next read
                    }
                }
            } catch (SocketTimeoutException e) {
                // the node neither spoke nor closed within READ_TIMEOUT: closed stays false
            } catch (SocketException e) {
                closed = true; // reset by the node
                closeDelay = Duration.ofNanos(System.nanoTime() - wire.lastWrite);
            }
        }
        return new Session(List.copyOf(commands), received.toByteArray(), closed, closeDelay);
    }
}
