package io.waitless.agi;

import io.micrometer.core.instrument.Counter;
import io.waitless.config.Cidr;
import org.asteriskjava.util.ServerSocketFacade;
import org.asteriskjava.util.SocketConnectionFacade;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The FastAGI listening socket: accepts only connections from the configured Asterisk addresses (others
 * are closed at once and logged), registers every accepted connection by its remote address so the
 * script running on it can find it, and hands each to {@code accepted} (which arms its environment deadline).
 */
final class GuardedServerSocket implements ServerSocketFacade {
    private static final Logger log = LoggerFactory.getLogger(GuardedServerSocket.class);

    private final ServerSocket server;
    private final List<Cidr> allow;
    private final Counter refused;
    private final Consumer<AgiSocket> accepted;
    private final Map<InetSocketAddress, AgiSocket> open = new ConcurrentHashMap<>();

    GuardedServerSocket(InetAddress bind, int port, List<Cidr> allow, Counter refused, Consumer<AgiSocket> accepted)
            throws IOException {
        this.server = new ServerSocket();
        this.server.setReuseAddress(true);
        this.server.bind(new InetSocketAddress(bind, port), 1024);
        this.allow = List.copyOf(allow);
        this.refused = refused;
        this.accepted = accepted;
    }

    int localPort() {
        return server.getLocalPort();
    }

    @Override
    public SocketConnectionFacade accept() throws IOException {
        while (true) {
            Socket s = server.accept();
            InetAddress from = s.getInetAddress();
            if (allow.stream().anyMatch(c -> c.contains(from))) {
                InetSocketAddress key = new InetSocketAddress(from, s.getPort());
                AgiSocket agi = new AgiSocket(s, () -> open.remove(key));
                open.put(key, agi);
                accepted.accept(agi);
                return agi;
            }
            refused.increment();
            log.warn("Refused FastAGI connection from {}: not in agi.allow {}", from.getHostAddress(), allow);
            s.close();
        }
    }

    /** The open connection a request came in on, or null; a connection leaves the registry when closed. */
    AgiSocket find(InetAddress remote, int port) {
        return open.get(new InetSocketAddress(remote, port));
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    @Override
    public void setSocketReadTimeout(int timeout) {
        // deadlines are per script (see AgiNode), not per read: a long prompt is a long read
    }
}
