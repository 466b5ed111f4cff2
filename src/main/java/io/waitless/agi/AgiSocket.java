package io.waitless.agi;

import org.asteriskjava.util.SocketConnectionFacade;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One FastAGI connection as Asterisk-Java sees it, with what Asterisk-Java lacks: lines are bounded
 * ({@value #MAX_LINE} bytes; a longer one closes the connection), an unsolicited {@code HANGUP} line
 * is noted (Asterisk sends it ~40 ms after the reply that noticed the hangup, and again after the
 * server half-closes), and the node can {@link #expire()} the connection from another thread when the
 * environment's or the script's deadline passes, which unblocks any pending read.
 *
 * <p>Reads happen on the session's thread only; {@link #expire()} and {@link #close()} from any thread.
 */
final class AgiSocket implements SocketConnectionFacade {
    private static final Logger log = LoggerFactory.getLogger(AgiSocket.class);
    static final int MAX_LINE = 16 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final AtomicBoolean hungUp = new AtomicBoolean();
    private final AtomicBoolean expired = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    private final Runnable onClose;
    private volatile Future<?> environmentDeadline;

    AgiSocket(Socket socket, Runnable onClose) throws IOException {
        this.socket = socket;
        this.onClose = onClose;
        this.socket.setTcpNoDelay(true);
        this.in = new BufferedInputStream(socket.getInputStream(), 4096);
        this.out = socket.getOutputStream();
    }

    @Override
    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (true) {
            int b = in.read();
            if (b < 0) {
                return line.size() == 0 ? null : decode(line);
            }
            if (b == '\n') {
                String s = decode(line);
                if (s.equals("HANGUP") || s.startsWith("HANGUP ")) {
                    hungUp.set(true);
                }
                return s;
            }
            if (line.size() >= MAX_LINE) {
                log.warn("FastAGI from {}: a line longer than {} bytes; closing the connection",
                        socket.getInetAddress().getHostAddress(), MAX_LINE);
                close(); // the stream is out of step: never write another command into it
                throw new IOException("line from Asterisk longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
    }

    private static String decode(ByteArrayOutputStream line) {
        String s = line.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public void write(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed.compareAndSet(false, true)) {
            try {
                socket.close();
            } finally {
                onClose.run();
            }
        }
    }

    /** Remembers the timer that {@link #expire()}s this connection unless its environment arrives in time. */
    void awaitEnvironment(Future<?> deadline) {
        this.environmentDeadline = deadline;
    }

    /** The environment has been read: its deadline no longer applies (the script's does). */
    void environmentRead() {
        Future<?> d = environmentDeadline;
        if (d != null) {
            d.cancel(false);
        }
    }

    /** The deadline passed: close now, so a read blocked on a silent Asterisk returns at once. */
    void expire() {
        expired.set(true);
        try {
            close();
        } catch (IOException ignored) {
            // closing a socket that is already broken: nothing more to release
        }
    }

    boolean expired() {
        return expired.get();
    }

    /** Whether Asterisk has said {@code HANGUP}: the caller is gone, only dead-channel commands work. */
    boolean hungUp() {
        return hungUp.get();
    }

    boolean isClosed() {
        return closed.get();
    }

    @Override
    public boolean isConnected() {
        return socket.isConnected() && !closed.get();
    }

    @Override
    public InetAddress getLocalAddress() {
        return socket.getLocalAddress();
    }

    @Override
    public int getLocalPort() {
        return socket.getLocalPort();
    }

    @Override
    public InetAddress getRemoteAddress() {
        return socket.getInetAddress();
    }

    @Override
    public int getRemotePort() {
        return socket.getPort();
    }
}
