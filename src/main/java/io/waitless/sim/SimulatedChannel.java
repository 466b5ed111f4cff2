package io.waitless.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asterisk's side of one FastAGI session, over a real TCP connection: sends the environment, then answers
 * each command the way Asterisk 22 does (as captured in {@code fixtures/asterisk-22}): {@code 200 result=…}
 * replies, {@code endpos} in samples, {@code 511} for media commands on a dead channel, and the
 * unsolicited bare {@code HANGUP} line after the reply that noticed the caller hang up.
 *
 * <p>What the caller does is scripted: press a digit during a given prompt, or hang up during one.
 * Used by {@code waitless simulate-call}, the demo and the tests. One session per instance.
 */
public final class SimulatedChannel {
    private static final Pattern STREAM = Pattern.compile("STREAM FILE \"?([^\" ]+)\"? \"?([0-9*#]*)\"?.*");
    private static final Pattern SET = Pattern.compile("SET VARIABLE \"?([^\" ]+)\"? \"?(.*?)\"?");
    private static final Pattern AUDIOSOCKET = Pattern.compile("EXEC \"?AudioSocket\"? \"?([0-9a-f-]{36}),([^\" ]+)\"?");
    private static final Pattern GET = Pattern.compile("GET VARIABLE \"?([^\" ]+)\"?");
    private static final String DEAD = "511 Command Not Permitted on a dead channel or intercept routine";
    /** 8 kHz: samples per second, for {@code endpos}. */
    private static final int RATE = 8000;

    private final Map<String, String> variables = new HashMap<>();
    private final List<String> commands = new ArrayList<>();
    private final Map<String, Character> pressDuring = new HashMap<>();
    private final List<String> hangUpDuring = new ArrayList<>();
    private boolean dead;
    private AudioSocketPeer audio;
    private Duration promptLength = Duration.ofMillis(2500);
    private Duration readTimeout = Duration.ofSeconds(30);
    private CommandListener listener = line -> { };

    /** A session on a live channel. */
    public static SimulatedChannel live() {
        return new SimulatedChannel();
    }

    /** A session in dead-channel mode, as a hangup-handler AGI starts (no HANGUP line first). */
    public static SimulatedChannel dead() {
        SimulatedChannel c = new SimulatedChannel();
        c.dead = true;
        return c;
    }

    /** The caller presses {@code digit} while {@code prompt} plays (if the node allows digits there). */
    public SimulatedChannel pressDuring(String prompt, char digit) {
        pressDuring.put(prompt, digit);
        return this;
    }

    /** The caller hangs up while {@code prompt} plays. */
    public SimulatedChannel hangUpDuring(String prompt) {
        hangUpDuring.add(prompt);
        return this;
    }

    public SimulatedChannel variable(String name, String value) {
        variables.put(name, value);
        return this;
    }

    /** Asterisk's side of {@code EXEC AudioSocket <uuid>,<host:port>}: blocks until the AudioSocket ends. */
    @FunctionalInterface
    public interface AudioSocketPeer {
        /** @return the result Asterisk reports: 0 after the server ended it, -1 on an error */
        int run(java.util.UUID id, String hostPort) throws IOException, InterruptedException;
    }

    /** Who answers when the node runs {@code EXEC AudioSocket}; without one it fails at once (result -1). */
    public SimulatedChannel audio(AudioSocketPeer peer) {
        this.audio = peer;
        return this;
    }

    /** How long the node may stay silent before this side gives up (a real Asterisk never does). */
    public SimulatedChannel readTimeout(Duration d) {
        readTimeout = d;
        return this;
    }

    /** Told of each command from the node before it is answered, on the session's thread; may block (a long prompt). */
    @FunctionalInterface
    public interface CommandListener {
        void command(String line) throws InterruptedException;
    }

    /** Who is told of each command before Asterisk's answer goes out (a benchmark's clock, a held prompt). */
    public SimulatedChannel listener(CommandListener l) {
        this.listener = l;
        return this;
    }

    /**
     * What happened in a session.
     *
     * @param firstCommand from just before connecting to the first command from the node; null if none came
     * @param took         from just before connecting to the end of the session
     */
    public record Session(List<String> commands, Map<String, String> variables, boolean nodeClosed,
                          boolean callerHungUp, Duration firstCommand, Duration took) {
        public String status() {
            return variables.getOrDefault("WAITLESS_STATUS", "");
        }
    }

    /** Connects, runs the session until the node closes it, and reports. */
    public Session run(String host, int port, AgiEnvironment env) throws IOException {
        long t0 = System.nanoTime();
        Duration first = null;
        boolean closedByNode = false;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 2000); // Asterisk's MAX_AGI_CONNECT
            s.setSoTimeout((int) readTimeout.toMillis());
            OutputStream out = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8), 1024);
            out.write(env.render().getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (true) {
                String line;
                try {
                    line = in.readLine();
                } catch (SocketTimeoutException e) {
                    break;
                }
                if (line == null) {
                    closedByNode = true;
                    break;
                }
                if (first == null) {
                    first = Duration.ofNanos(System.nanoTime() - t0);
                }
                commands.add(line);
                try {
                    listener.command(line);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                boolean wasDead = dead;
                String reply = answer(line.strip());
                out.write((reply + "\n").getBytes(StandardCharsets.UTF_8));
                if (dead && !wasDead) {
                    out.write("HANGUP\n".getBytes(StandardCharsets.UTF_8)); // unsolicited, as captured
                }
                out.flush();
            }
        } catch (java.net.SocketException e) {
            closedByNode = true; // reset by the node: also a close
        }
        return new Session(List.copyOf(commands), Map.copyOf(variables), closedByNode, dead, first,
                Duration.ofNanos(System.nanoTime() - t0));
    }

    private String answer(String cmd) {
        Matcher m;
        if ((m = SET.matcher(cmd)).matches()) {
            variables.put(m.group(1), m.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
            return "200 result=1";
        }
        if ((m = GET.matcher(cmd)).matches()) {
            String v = variables.get(m.group(1));
            return v == null ? "200 result=0" : "200 result=1 (" + v + ")";
        }
        if (cmd.startsWith("VERBOSE")) {
            return "200 result=1";
        }
        if ((m = AUDIOSOCKET.matcher(cmd)).matches() && !dead) {
            return audioSocket(m.group(1), m.group(2));
        }
        if (cmd.equals("NOOP") || cmd.startsWith("NOOP ") || cmd.startsWith("EXEC ")) {
            return "200 result=0";
        }
        if (dead) {
            return DEAD;
        }
        if ((m = STREAM.matcher(cmd)).matches()) {
            return stream(m.group(1), m.group(2));
        }
        if (cmd.equals("ANSWER")) {
            return "200 result=0";
        }
        return "510 Invalid or unknown command";
    }

    private String audioSocket(String uuid, String hostPort) {
        if (audio == null) {
            return "200 result=-1"; // as when Asterisk cannot connect
        }
        try {
            return "200 result=" + audio.run(java.util.UUID.fromString(uuid), hostPort);
        } catch (IOException e) {
            return "200 result=-1";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "200 result=-1";
        }
    }

    private String stream(String prompt, String escapeDigits) {
        long full = promptLength.toMillis() * RATE / 1000;
        if (hangUpDuring.contains(prompt)) {
            dead = true;
            return "200 result=-1 endpos=" + (full / 2 / 160 * 160);
        }
        Character d = pressDuring.get(prompt);
        if (d != null && escapeDigits.indexOf(d) >= 0) {
            return "200 result=" + (int) d + " endpos=" + (full / 3 / 160 * 160);
        }
        return "200 result=0 endpos=" + full;
    }
}
