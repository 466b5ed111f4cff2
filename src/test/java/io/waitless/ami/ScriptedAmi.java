package io.waitless.ami;

import io.waitless.testing.AsteriskFixtures;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A scripted Asterisk manager on a loopback port: sends the captured banner, then answers each action with the
 * messages Asterisk 22 sent for a captured ActionID ({@code ami-actions} / {@code ami-login-failed}), the
 * ActionID re-stamped with the one the client sent (Asterisk-Java makes its own). Which capture answers which
 * action is set per action name with {@link #route}; several ids are used in turn, the last one repeating.
 *
 * <p>Asterisk-Java also sends {@code Challenge} (MD5 login) and, to learn the version, {@code CoreSettings}: the
 * captures have neither (the capturing client logged in in plain text), so those two answers are written here,
 * in Asterisk's format, and say so. Unrouted actions get Asterisk's {@code Invalid/unknown command} error. After
 * a failed login the connection is closed, as Asterisk does. Everything the client sent is recorded.
 */
final class ScriptedAmi implements AutoCloseable {
    static final String BANNER;
    /** Captured reply messages (each ending in an empty line) by their ActionID, in capture order. */
    static final Map<String, List<String>> CAPTURED;
    private static final Pattern ACTION_ID = Pattern.compile("(?m)^ActionID: [^\r\n]*");

    static {
        Map<String, List<String>> all = new LinkedHashMap<>();
        String banner = null;
        for (String file : List.of("ami-actions.from-asterisk.bin", "ami-login-failed.from-asterisk.bin")) {
            String wire = new String(AsteriskFixtures.bytes(file), StandardCharsets.ISO_8859_1);
            int end = wire.indexOf("\r\n") + 2;
            banner = wire.substring(0, end);
            for (String message : wire.substring(end).split("(?<=\r\n\r\n)")) {
                var m = Pattern.compile("(?m)^ActionID: ([^\r\n]*)").matcher(message);
                if (m.find()) {
                    all.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(message);
                }
            }
        }
        BANNER = banner;
        CAPTURED = Collections.unmodifiableMap(all);
    }

    /** One action as received: headers by lower-case name (Asterisk-Java writes them in lower case). */
    record Received(int connection, Map<String, String> headers, String raw) {
        String action() {
            return headers.getOrDefault("action", "").toLowerCase(Locale.ROOT);
        }

        String get(String header) {
            return headers.get(header.toLowerCase(Locale.ROOT));
        }
    }

    private final ServerSocket server;
    private final Map<String, List<String>> routes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> used = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile int silentConnections;

    /** Starts with Login → login-1, QueueStatus → qs-1, QueueWithdrawCaller → wd-1, Logoff → logoff-1. */
    ScriptedAmi() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        route("Login", "login-1");
        route("QueueStatus", "qs-1");
        route("QueueWithdrawCaller", "wd-1");
        route("Logoff", "logoff-1");
        Thread.ofVirtual().name("scripted-ami").start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Answers {@code action} with these captures in turn (the last repeats); resets the turn. */
    ScriptedAmi route(String action, String... captureIds) {
        for (String id : captureIds) {
            if (!CAPTURED.containsKey(id)) {
                throw new IllegalArgumentException("no captured reply with ActionID " + id + " (have " + CAPTURED.keySet() + ")");
            }
        }
        routes.put(action.toLowerCase(Locale.ROOT), List.of(captureIds));
        used.remove(action.toLowerCase(Locale.ROOT));
        return this;
    }

    /** The next {@code n} connections are accepted and then never answered (not even the banner). */
    ScriptedAmi silentFor(int n) {
        silentConnections = n;
        return this;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    List<Received> received(String action) {
        return received.stream().filter(r -> r.action().equalsIgnoreCase(action)).toList();
    }

    int connections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                int n = connections.incrementAndGet();
                if (silentConnections > 0) {
                    silentConnections--;
                    continue; // held open, never answered
                }
                Thread.ofVirtual().name("scripted-ami-" + n).start(() -> serve(s, n));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s, int n) {
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1))) {
            OutputStream out = s.getOutputStream();
            out.write(BANNER.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Map<String, String> headers = new LinkedHashMap<>();
            StringBuilder raw = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isEmpty()) {
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
                    }
                    raw.append(line).append("\r\n");
                    continue;
                }
                if (headers.isEmpty()) {
                    continue;
                }
                Received r = new Received(n, Map.copyOf(headers), raw.toString());
                received.add(r);
                headers.clear();
                raw.setLength(0);
                out.write(answer(r).getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                if (r.action().equals("logoff") || r.action().equals("login") && failedLogin(r)) {
                    return; // Asterisk closes after Goodbye and after a refused login
                }
            }
        } catch (IOException e) {
            // the client went away: normal at the end of a test
        }
    }

    private boolean failedLogin(Received r) {
        List<String> ids = routes.getOrDefault("login", List.of());
        return !ids.isEmpty() && ids.contains("login-bad");
    }

    private String answer(Received r) {
        String id = r.get("ActionID") == null ? "" : r.get("ActionID");
        List<String> ids = routes.get(r.action());
        if (ids != null && !ids.isEmpty()) {
            int turn = used.computeIfAbsent(r.action(), k -> new AtomicInteger()).getAndIncrement();
            String capture = ids.get(Math.min(turn, ids.size() - 1));
            StringBuilder out = new StringBuilder();
            for (String message : CAPTURED.get(capture)) {
                out.append(ACTION_ID.matcher(message).replaceAll(java.util.regex.Matcher.quoteReplacement("ActionID: " + id)));
            }
            return out.toString();
        }
        return switch (r.action()) {
            // not captured (the capturing client used a plain-text login): Asterisk's format, our values
            case "challenge" -> "Response: Success\r\nActionID: " + id + "\r\nChallenge: 482301734\r\n\r\n";
            case "coresettings" -> "Response: Success\r\nActionID: " + id + "\r\nAMIversion: 11.0.0\r\n"
                    + "AsteriskVersion: 22.10.1\r\nSystemName: \r\nCoreMaxCalls: 0\r\n\r\n";
            default -> "Response: Error\r\nActionID: " + id + "\r\nMessage: Invalid/unknown command\r\n\r\n";
        };
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
