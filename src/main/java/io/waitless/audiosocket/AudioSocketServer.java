package io.waitless.audiosocket;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The TCP server Asterisk's {@code AudioSocket} connects to. {@link #start()} binds and accepts on a virtual
 * thread; each connection gets its own virtual thread, which reads the UUID frame (within
 * {@link AudioSocketSettings#uuidTimeout()}), looks the handler up in the {@link AudioSocketRegistry}, and runs
 * it with an {@link AudioSocketSession}. A connection from a peer outside {@link AudioSocketSettings#allow()} is
 * closed before a byte is read, logged at WARN (the address only) and counted ({@link #refused()}). A connection
 * without a whole UUID frame in time, with anything else first, or with a UUID nobody registered is logged at WARN
 * and closed. {@link #close()} stops accepting and closes every connection, which ends the handlers' sessions.
 */
public final class AudioSocketServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AudioSocketServer.class);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(2);

    private final AudioSocketSettings settings;
    private final AudioSocketRegistry registry;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Set<AudioSocketSession> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicLong refused = new AtomicLong();
    private volatile ServerSocket serverSocket;
    private volatile boolean closed;
    private Thread acceptor;

    public AudioSocketServer(AudioSocketSettings settings, AudioSocketRegistry registry) {
        this.settings = settings;
        this.registry = registry;
    }

    /** Binds the port and starts accepting; returns at once. */
    public synchronized AudioSocketServer start() throws IOException {
        if (serverSocket != null) {
            throw new IllegalStateException("AudioSocket server already started");
        }
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(settings.host(), settings.port()));
        serverSocket = s;
        acceptor = Thread.ofVirtual().name("audiosocket-accept").start(this::acceptLoop);
        log.info("AudioSocket server listening on {}:{} (allow {})", settings.host().getHostAddress(), s.getLocalPort(),
                settings.allow());
        return this;
    }

    /** The bound port (useful with port 0). */
    public int port() {
        ServerSocket s = serverSocket;
        if (s == null) {
            throw new IllegalStateException("AudioSocket server not started");
        }
        return s.getLocalPort();
    }

    /** Connections refused so far because their peer is not in {@link AudioSocketSettings#allow()}. */
    public long refused() {
        return refused.get();
    }

    /** Connections whose handler is running now. */
    public int activeSessions() {
        return sessions.size();
    }

    @Override
    public void close() {
        closed = true;
        ServerSocket s = serverSocket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                log.warn("AudioSocket server: closing the listening socket failed: {}", e.toString());
            }
        }
        sessions.forEach(AudioSocketSession::close);
        for (Socket c : connections) {
            closeQuietly(c, "server closing");
        }
        if (acceptor != null) {
            try {
                acceptor.join(JOIN_TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        log.info("AudioSocket server stopped");
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.warn("AudioSocket server: accept failed, server stops accepting: {}", e.toString());
                }
                return;
            }
            if (!settings.allows(socket.getInetAddress())) {
                refused.incrementAndGet();
                log.warn("Refused AudioSocket connection from {}: not in speech.audiosocket.allow {}",
                        socket.getInetAddress().getHostAddress(), settings.allow());
                closeQuietly(socket, "peer not allowed");
                continue;
            }
            connections.add(socket);
            if (closed) {
                closeQuietly(socket, "server closing");
                return;
            }
            Thread.ofVirtual().name("audiosocket-" + socket.getPort()).start(() -> serve(socket));
        }
    }

    private void serve(Socket socket) {
        String peer = socket.getRemoteSocketAddress().toString();
        try (socket) {
            socket.setTcpNoDelay(true);
            Optional<Frame.Uuid> uuid = readUuid(new FrameDecoder(new UntilDeadline(socket, settings.uuidTimeout()),
                    settings.maxAudioPayload()), peer);
            if (uuid.isEmpty()) {
                return;
            }
            MDC.put("call", uuid.get().id().toString());
            Optional<AudioSocketHandler> handler = registry.find(uuid.get().id());
            if (handler.isEmpty()) {
                log.warn("AudioSocket from {}: no handler registered for UUID {}; closing", peer, uuid.get().id());
                return;
            }
            FrameDecoder decoder = new FrameDecoder(socket.getInputStream(), settings.maxAudioPayload());
            run(new AudioSocketSession(uuid.get().id(), socket, decoder, settings.idleTimeout()), handler.get());
        } catch (IOException e) {
            if (!closed) {
                log.warn("AudioSocket from {}: connection failed: {}", peer, e.toString());
            }
        } finally {
            connections.remove(socket);
            MDC.remove("call");
        }
    }

    private Optional<Frame.Uuid> readUuid(FrameDecoder decoder, String peer) throws IOException {
        try {
            Frame first = decoder.read();
            if (first instanceof Frame.Uuid u) {
                return Optional.of(u);
            }
            log.warn("AudioSocket from {}: expected a UUID frame first, got {}; closing", peer,
                    first == null ? "end of stream" : first);
        } catch (SocketTimeoutException e) {
            log.warn("AudioSocket from {}: no UUID frame within {}; closing", peer, settings.uuidTimeout());
        } catch (AudioSocketException e) {
            log.warn("AudioSocket from {}: bad first frame, closing: {}", peer, e.getMessage());
        } catch (SocketException e) {
            if (!closed) {
                log.warn("AudioSocket from {}: connection broke before the UUID: {}", peer, e.toString());
            }
        }
        return Optional.empty();
    }

    private void run(AudioSocketSession session, AudioSocketHandler handler) throws IOException {
        sessions.add(session);
        try {
            session.start();
            log.info("AudioSocket session {} started", session.id());
            handler.handle(session);
        } catch (InterruptedException e) {
            log.warn("AudioSocket session {}: handler interrupted; hanging up", session.id());
            Thread.currentThread().interrupt();
        } catch (RuntimeException | IOException e) {
            log.warn("AudioSocket session {}: handler failed; hanging up", session.id(), e);
        } finally {
            session.hangup();
            session.close();
            sessions.remove(session);
            try {
                session.join(JOIN_TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            log.info("AudioSocket session {} ended", session.id());
        }
    }

    /**
     * A socket's input that fails with {@link SocketTimeoutException} once {@code within} has passed since it was
     * made, however slowly the bytes drip in ({@code SO_TIMEOUT} alone bounds each read, not the frame: a peer
     * sending one byte just inside it would take 19 timeouts to announce its UUID). The decoder does not buffer,
     * so the session reads on from the socket's own stream after the UUID.
     */
    private static final class UntilDeadline extends java.io.InputStream {
        private final Socket socket;
        private final java.io.InputStream in;
        private final Duration within;
        private final long deadline;

        UntilDeadline(Socket socket, Duration within) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.within = within;
            this.deadline = System.nanoTime() + within.toNanos();
        }

        @Override
        public int read() throws IOException {
            arm();
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            arm();
            return in.read(b, off, len);
        }

        private void arm() throws IOException {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new SocketTimeoutException("no complete frame within " + within);
            }
            socket.setSoTimeout((int) left);
        }
    }

    private static void closeQuietly(Socket s, String why) {
        try {
            s.close();
        } catch (IOException e) {
            log.warn("AudioSocket: closing a connection ({}) failed: {}", why, e.toString());
        }
    }
}
