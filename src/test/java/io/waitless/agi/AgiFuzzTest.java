package io.waitless.agi;

import ch.qos.logback.classic.Level;
import io.waitless.config.Cidr;
import io.waitless.config.WaitlessConfig;
import io.waitless.deflect.Deflector;
import io.waitless.sim.AgiEnvironment;
import io.waitless.sim.SimulatedChannel;
import io.waitless.testing.CapturedLogs;
import io.waitless.testing.Fuzz;
import io.waitless.testing.InMemoryJournal;
import io.waitless.testing.InMemoryLinkStore;
import io.waitless.testing.LiveThreads;
import io.waitless.testing.RecordingSmsGateway;
import io.waitless.testing.TestConfigs;
import io.waitless.testing.TestNodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the real {@link AgiNode} on a loopback port with what a broken or hostile Asterisk could send: random and
 * truncated environments, oversized lines, Latin-1, invalid UTF-8 and NUL bytes, garbage replies to commands
 * ({@code 200 result=} variants, {@code 510}, multi-line {@code 520}, random bytes) and a peer that closes
 * mid-line. Bounded by {@code -Dwaitless.fuzz.seconds}; the seed is printed and in every failure. Asserts that
 * the node closes every connection within its deadlines, leaks no session or thread, logs the refusals, and
 * still serves a well-formed call afterwards.
 */
class AgiFuzzTest {
    private static final Duration SCRIPT_DEADLINE = Duration.ofMillis(1500);
    /** Longest the node may take to close a connection: environment deadline, script deadline, slack. */
    private static final Duration CLOSE_WITHIN = AgiNode.ENVIRONMENT_DEADLINE.plus(SCRIPT_DEADLINE)
            .plus(Duration.ofSeconds(2));
    private static final int WORKERS = 8;
    private static final List<String> SCRIPTS = List.of("arrive", "accept", "hangup", "offer", "", "../etc/passwd",
            "arrive?x=1", "ärrive");
    private static final List<String> KEYS = List.of("agi_network", "agi_network_script", "agi_request",
            "agi_channel", "agi_language", "agi_type", "agi_uniqueid", "agi_version", "agi_callerid",
            "agi_calleridname", "agi_callingpres", "agi_context", "agi_extension", "agi_priority", "agi_arg_1",
            "agi_arg_2", "agi_arg_3", "agi_arg_4", "agi_threadid", "agi_bogus", "", "agi_callerid ");

    @TempDir
    Path dir;

    final InMemoryJournal journal = new InMemoryJournal();
    final RecordingSmsGateway gateway = new RecordingSmsGateway();
    AgiNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void broken_environments_replies_and_encodings_are_refused_without_a_crash_a_hang_or_a_leak() throws Exception {
        WaitlessConfig cfg = TestConfigs.config(dir, URI.create("redis://127.0.0.1:1/0"));
        Deflector deflector = TestNodes.deflector(cfg, journal, new InMemoryLinkStore(), gateway, Clock.systemUTC());
        node = TestNodes.agiNode(deflector, List.of(Cidr.parse("127.0.0.1")), SCRIPT_DEADLINE, Duration.ofSeconds(1));
        assertThat(goodCall().status()).isEqualTo("ok"); // lazily started threads belong to the baseline
        List<String> baseline = LiveThreads.names();

        Fuzz fuzz = Fuzz.start("agi");
        try (CapturedLogs logs = CapturedLogs.start()) {
            List<String> failures = fuzz.run(WORKERS, CLOSE_WITHIN, r -> {
                Case c = nextCase(r);
                fuzz.count(c.kind());
                String problem = run(c, r);
                return problem == null ? null : c.kind() + ": " + problem;
            });
            assertThat(failures).as("%s", fuzz).isEmpty();
            awaitNoSessions(fuzz);
            LiveThreads.awaitBackTo(baseline, 3, Duration.ofSeconds(5), fuzz.toString());
            assertRefusalsLogged(logs, fuzz);
        }
        assertThat(fuzz.cases()).as("cases run").isGreaterThan(WORKERS);
        SimulatedChannel.Session after = goodCall();
        assertThat(after.status()).as("a good call after the fuzz; %s", fuzz).isEqualTo("ok");
        assertThat(after.variables()).containsEntry("WL_PROMO", "pay-in-app");
    }

    /** What the fuzzer sends: an environment (possibly broken), then what it answers each command. */
    private record Case(String kind, byte[] env, boolean closeAfterEnv, boolean garbleReplies, int closeMidReplyAt) {}

    private Case nextCase(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> new Case("random-env", randomEnv(r), r.nextInt(4) == 0, true, -1);
            case 1 -> new Case("truncated-env", Fuzz.truncated(r, validEnv(r)), r.nextBoolean(), false, -1);
            case 2 -> new Case("oversized-line", oversized(r), false, false, -1);
            case 3 -> new Case("odd-encoding", oddEnv(r), false, r.nextBoolean(), -1);
            case 4 -> new Case("garbage-replies", validEnv(r), false, true, -1);
            default -> new Case("close-mid-reply", validEnv(r), false, false, r.nextInt(4));
        };
    }

    /**
     * Plays one case; returns what went wrong, or null. The node must close the connection within
     * {@link #CLOSE_WITHIN} of the connect unless the fuzzer closed first.
     */
    private String run(Case c, Random r) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress("127.0.0.1", node.port()), 2000);
            s.setSoTimeout((int) CLOSE_WITHIN.toMillis());
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            try {
                out.write(c.env());
                out.flush();
            } catch (SocketException e) {
                return closedIn(t0); // the node refused the rest: it closed
            }
            if (c.closeAfterEnv()) {
                return null;
            }
            int replies = 0;
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            try {
                for (int b = in.read(); b >= 0; b = in.read()) {
                    if (b != '\n') {
                        line.write(b);
                        continue;
                    }
                    String command = line.toString(StandardCharsets.UTF_8);
                    line.reset();
                    if (replies == c.closeMidReplyAt()) {
                        out.write("200 resu".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        return null; // and close mid-line
                    }
                    out.write(c.garbleReplies() ? garbage(r) : answer(command));
                    out.flush();
                    replies++;
                }
            } catch (SocketTimeoutException e) {
                return "the node neither closed nor spoke within " + CLOSE_WITHIN.toMillis() + " ms";
            } catch (SocketException e) {
                // reset by the node: closed
            }
            return closedIn(t0);
        }
    }

    private static String closedIn(long t0) {
        long ms = (System.nanoTime() - t0) / 1_000_000;
        return ms > CLOSE_WITHIN.toMillis() ? "closed only after " + ms + " ms" : null;
    }

    private AgiEnvironment environment(Random r) {
        String script = r.nextInt(3) == 0 ? Fuzz.pick(r, SCRIPTS) : Fuzz.pick(r, List.of("arrive", "accept", "hangup"));
        List<String> args = switch (r.nextInt(4)) {
            case 0 -> List.of();
            case 1 -> List.of("support");
            case 2 -> List.of("support", "2", Long.toString(System.currentTimeMillis() / 1000 - 60), "pay-in-app");
            default -> List.of("nosuchqueue", "-1", "x", "nosuchpromo", "", "16");
        };
        String caller = Fuzz.pick(r, List.of("+972502345678", "anonymous", "", "0502345678", "+", "*3456",
                "1-800-FLOWERS", "9".repeat(40)));
        return new AgiEnvironment("127.0.0.1", node.port(), script, args, "Local/fuzz@waitless-in-00000001;2",
                "1795423503." + r.nextInt(1000), caller, "Fuzz", r.nextInt(4) == 0 ? 0x20 : 0, "en", "waitless-in",
                "support", 11);
    }

    private byte[] validEnv(Random r) {
        return environment(r).render().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] randomEnv(Random r) {
        ByteArrayOutputStream env = new ByteArrayOutputStream();
        int lines = r.nextInt(30);
        for (int i = 0; i < lines; i++) {
            env.writeBytes(Fuzz.pick(r, KEYS).getBytes(StandardCharsets.US_ASCII));
            env.writeBytes(Fuzz.pick(r, List.of(": ", ":", " : ", "")).getBytes(StandardCharsets.US_ASCII));
            env.writeBytes(Fuzz.oddText(r));
            env.write(r.nextInt(5) == 0 ? '\r' : '\n');
            if (r.nextInt(10) == 0) {
                env.write('\n');
            }
        }
        if (r.nextBoolean()) {
            env.write('\n');
        }
        return env.toByteArray();
    }

    private byte[] oddEnv(Random r) {
        Map<String, String> lines = environment(r).lines();
        ByteArrayOutputStream env = new ByteArrayOutputStream();
        lines.forEach((k, v) -> {
            env.writeBytes((k + ": ").getBytes(StandardCharsets.US_ASCII));
            env.writeBytes(r.nextInt(3) == 0 ? Fuzz.oddText(r) : v.getBytes(StandardCharsets.ISO_8859_1));
            env.write('\n');
        });
        env.write('\n');
        return env.toByteArray();
    }

    /** A line of 1 MB without a newline, after a valid start (or none). */
    private byte[] oversized(Random r) {
        byte[] head = r.nextBoolean() ? "agi_network: yes\nagi_request: ".getBytes(StandardCharsets.US_ASCII) : new byte[0];
        byte[] env = java.util.Arrays.copyOf(head, head.length + 1024 * 1024);
        java.util.Arrays.fill(env, head.length, env.length, (byte) 'a');
        return env;
    }

    /** What a well-behaved Asterisk answers: success to everything, {@code 200 result=0}. */
    private static byte[] answer(String command) {
        return "200 result=0\n".getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] garbage(Random r) {
        return switch (r.nextInt(12)) {
            case 0 -> "200 result=\n".getBytes(StandardCharsets.US_ASCII);
            case 1 -> "200 result=abc\n".getBytes(StandardCharsets.US_ASCII);
            case 2 -> "200 result=99999999999999999999999 (timeout) endpos=-1\n".getBytes(StandardCharsets.US_ASCII);
            case 3 -> "200 result=1 (\n".getBytes(StandardCharsets.US_ASCII);
            case 4 -> "510 Invalid or unknown command\n".getBytes(StandardCharsets.US_ASCII);
            case 5 -> ("520-Invalid command syntax.  Proper usage follows:\n Usage: SET VARIABLE <variablename> <value>\n"
                    + "520 End of proper usage.\n").getBytes(StandardCharsets.US_ASCII);
            case 6 -> "520-Invalid command syntax.  Proper usage follows:\n".getBytes(StandardCharsets.US_ASCII);
            case 7 -> "511 Command Not Permitted on a dead channel or intercept routine\n".getBytes(StandardCharsets.US_ASCII);
            case 8 -> "HANGUP\n200 result=-1\n".getBytes(StandardCharsets.US_ASCII);
            case 9 -> "\n".getBytes(StandardCharsets.US_ASCII);
            case 10 -> ("200 result=0 " + "x".repeat(AgiSocket.MAX_LINE + 10) + "\n").getBytes(StandardCharsets.US_ASCII);
            default -> {
                byte[] b = Fuzz.bytes(r, 1 + r.nextInt(64));
                byte[] withEnd = java.util.Arrays.copyOf(b, b.length + 1);
                withEnd[b.length] = '\n';
                yield withEnd;
            }
        };
    }

    /** Each kind of bad input that was sent left its WARN line. */
    private static void assertRefusalsLogged(CapturedLogs logs, Fuzz fuzz) {
        if (fuzz.ran("oversized-line")) {
            assertThat(logs.atLeast(Level.WARN, "FastAGI from 127.0.0.1: a line longer than " + AgiSocket.MAX_LINE))
                    .as("oversized lines logged; %s", fuzz).isNotEmpty();
        }
        if (fuzz.ran("truncated-env") || fuzz.ran("random-env")) {
            assertThat(logs.atLeast(Level.WARN, "FastAGI from 127.0.0.1: no complete AGI environment within"))
                    .as("unfinished environments logged; %s", fuzz).isNotEmpty();
        }
        assertThat(logs.atLeast(Level.WARN, "")).as("no control character reaches the log; %s", fuzz)
                .noneMatch(m -> m.chars().anyMatch(c -> c == 0x1b || c == 0 || c == '\r'));
    }

    private void awaitNoSessions(Fuzz fuzz) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (node.sessionsOpen() > 0 && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertThat(node.sessionsOpen()).as("sessions still open; %s", fuzz).isZero();
    }

    private SimulatedChannel.Session goodCall() throws Exception {
        return SimulatedChannel.live().run("127.0.0.1", node.port(), new AgiEnvironment("127.0.0.1", node.port(),
                "arrive", List.of("support"), "Local/dana@waitless-in-00000001;2", "1795423503.1", "+972502345678",
                "Dana Levi", 0, "en", "waitless-in", "support", 11));
    }
}
