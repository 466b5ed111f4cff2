package io.waitless.sms;

import io.waitless.config.WaitlessConfig;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real Kannel for tests: bearerbox with a {@code fake} SMSC, Kannel's {@code fakesmsc} connected to it as
 * the "operator", and smsbox with the sendsms HTTP interface, all on free loopback ports with their config and
 * logs in a directory the test owns.
 *
 * <p>Debian's {@code kannel} package ships bearerbox and smsbox; {@code kannel-extras} ships fakesmsc. In Kannel
 * 1.4 the fake SMSC listens in bearerbox and fakesmsc connects to it ({@code -H host -r port}); run without
 * messages to send, fakesmsc sits in interactive mode on its stdin (kept open here) and prints every MT message
 * bearerbox hands it as {@code Got message N: <from to type text>}.
 *
 * <p>{@link #start} returns once sendsms answers and the fake SMSC is online, or fails after
 * {@value #START_SECONDS} s with the processes' logs. {@link #close} stops smsbox, fakesmsc and bearerbox in
 * that order (SIGTERM, then SIGKILL after a grace period); a shutdown hook does the same if the JVM exits first.
 */
public final class KannelHarness implements AutoCloseable {

    static final Path BEARERBOX = Path.of("/usr/sbin/bearerbox");
    static final Path SMSBOX = Path.of("/usr/sbin/smsbox");
    static final Path FAKESMSC = Path.of("/usr/lib/kannel/test/fakesmsc");

    public static final String USERNAME = "waitless";
    public static final String PASSWORD = "it-s3cret";
    static final int START_SECONDS = 15;

    private static final String ADMIN_PASSWORD = "it-admin";
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final Pattern MT_LINE = Pattern.compile("Got message \\d+: <(\\S+) (\\S+) (\\S+) (.*)>$");

    /** The config template; placeholders are filled by {@link #writeConfig}. */
    static final String CONF_TEMPLATE = """
            # written by KannelHarness for one test run
            group = core
            admin-port = %1$d
            admin-interface = 127.0.0.1
            admin-password = "%2$s"
            admin-allow-ip = "127.0.0.1"
            smsbox-port = %3$d
            smsbox-interface = 127.0.0.1
            box-allow-ip = "127.0.0.1"
            log-file = "%4$s/bearerbox.log"
            log-level = 0
            access-log = "%4$s/access.log"

            # the fake SMSC listens here; fakesmsc connects to it
            group = smsc
            smsc = fake
            smsc-id = fake
            host = 127.0.0.1
            port = %5$d
            connect-allow-ip = "127.0.0.1"

            group = smsbox
            bearerbox-host = 127.0.0.1
            bearerbox-port = %3$d
            sendsms-port = %6$d
            sendsms-interface = 127.0.0.1
            log-file = "%4$s/smsbox.log"
            log-level = 0

            group = sendsms-user
            username = "%7$s"
            password = "%8$s"
            max-messages = 3
            concatenation = true

            %9$s
            """;

    /** Inbound texts get a fixed answer unless {@link #start(Path, String)} names a get-url. */
    static final String DEFAULT_SERVICE = """
            group = sms-service
            keyword = default
            text = "Waitless test Kannel: nothing here"
            """;

    /** Inbound texts go to a URL (Waitless' MO hook); max-messages 0 so Kannel texts nothing back. */
    static final String GET_URL_SERVICE = """
            group = sms-service
            keyword = default
            catch-all = true
            max-messages = 0
            get-url = "%s"
            """;

    /** One MT message as fakesmsc printed it; {@code text} is decoded for {@code ucs-2}. */
    public record MtMessage(String from, String to, String type, String text) {}

    private record Ports(int admin, int smsbox, int smsc, int sendsms) {}

    private final Path dir;
    private final Ports ports;
    private final String service;
    private final List<String> fakesmscLines = new CopyOnWriteArrayList<>();
    private final HttpClient probe = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Thread shutdownHook = Thread.ofPlatform().unstarted(this::killAll);
    private Process bearerbox;
    private Process fakesmsc;
    private Process smsbox;

    private KannelHarness(Path dir, Ports ports, String service) {
        this.dir = dir;
        this.ports = ports;
        this.service = service;
    }

    /** Skips the calling test unless the Kannel binaries are installed. */
    public static void assumeInstalled() {
        assumeTrue(Files.isExecutable(BEARERBOX) && Files.isExecutable(SMSBOX) && Files.isExecutable(FAKESMSC),
                "Kannel is not installed (need " + BEARERBOX + ", " + SMSBOX + " and " + FAKESMSC
                        + "): apt-get install kannel kannel-extras");
    }

    /** Writes the config into {@code dir}, starts the three processes and waits until Kannel takes texts. */
    public static KannelHarness start(Path dir) throws IOException, InterruptedException {
        return startWith(dir, DEFAULT_SERVICE);
    }

    /**
     * Like {@link #start(Path)}, with inbound texts (sent with {@link #receiveFromPhone}) handed to
     * {@code getUrl}, in Kannel's escapes ({@code %p} sender, {@code %P} receiver, {@code %a} text).
     */
    public static KannelHarness start(Path dir, String getUrl) throws IOException, InterruptedException {
        return startWith(dir, GET_URL_SERVICE.formatted(getUrl));
    }

    private static KannelHarness startWith(Path dir, String service) throws IOException, InterruptedException {
        KannelHarness k = new KannelHarness(dir, freePorts(), service);
        Runtime.getRuntime().addShutdownHook(k.shutdownHook);
        try {
            k.startAll();
            return k;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            String logs = k.diagnostics();
            k.close();
            throw new IllegalStateException("Kannel did not start: " + e.getMessage() + "\n" + logs, e);
        }
    }

    private void startAll() throws IOException, InterruptedException {
        Path conf = writeConfig();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        bearerbox = launch(List.of(BEARERBOX.toString(), "-v", "1", conf.toString()), "bearerbox.out");
        startFakesmsc(deadline);
        smsbox = launch(List.of(SMSBOX.toString(), "-v", "1", conf.toString()), "smsbox.out");
        awaitReady(deadline);
    }

    Path writeConfig() throws IOException {
        Path conf = dir.resolve("kannel.conf");
        Files.writeString(conf, CONF_TEMPLATE.formatted(ports.admin(), ADMIN_PASSWORD, ports.smsbox(), dir,
                ports.smsc(), ports.sendsms(), USERNAME, PASSWORD, service));
        return conf;
    }

    private Process launch(List<String> command, String output) throws IOException {
        return new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(output).toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
    }

    /**
     * A phone sends a text to Kannel: one line on fakesmsc's interactive stdin, {@code <from> <to> text <body>}.
     */
    public void receiveFromPhone(String from, String to, String body) throws IOException {
        OutputStream in = fakesmsc.getOutputStream();
        in.write((from + " " + to + " text " + body + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** fakesmsc gives up at once when bearerbox's fake SMSC is not listening yet, so retry until it stays up. */
    private void startFakesmsc(long deadline) throws IOException, InterruptedException {
        while (true) {
            fakesmscLines.clear();
            fakesmsc = new ProcessBuilder(FAKESMSC.toString(), "-H", "127.0.0.1", "-r", String.valueOf(ports.smsc()))
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start(); // stdin stays an open pipe: fakesmsc's interactive mode ends at EOF
            Process current = fakesmsc;
            Thread.ofVirtual().name("fakesmsc-output").start(() -> pump(current));
            if (!current.waitFor(300, TimeUnit.MILLISECONDS)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("fakesmsc could not connect to bearerbox on port " + ports.smsc());
            }
            Thread.sleep(100);
        }
    }

    private void pump(Process process) {
        Path copy = dir.resolve("fakesmsc.out");
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer out = Files.newBufferedWriter(copy, StandardCharsets.UTF_8,
                     StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (String line; (line = in.readLine()) != null; ) {
                fakesmscLines.add(line);
                out.write(line);
                out.write('\n');
                out.flush();
            }
        } catch (IOException e) {
            // the process went away while we read: its lines so far are kept
            fakesmscLines.add("(harness: fakesmsc output ended: " + e + ")");
        }
    }

    private void awaitReady(long deadline) throws InterruptedException {
        String last = "nothing yet";
        while (System.nanoTime() < deadline) {
            for (Process p : List.of(bearerbox, smsbox, fakesmsc)) {
                if (!p.isAlive()) {
                    throw new IllegalStateException(p.info().command().orElse("a Kannel process")
                            + " exited with " + p.exitValue());
                }
            }
            try {
                int sendsms = get(sendsmsUrl()).statusCode();
                String status = get(URI.create("http://127.0.0.1:" + ports.admin() + "/status.txt?password="
                        + ADMIN_PASSWORD)).body();
                if (sendsms == 403 && status.contains("(online")) {
                    return;
                }
                last = "sendsms answered " + sendsms + ", fake SMSC " + (status.contains("(online") ? "online"
                        : "not online");
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("not ready within " + START_SECONDS + " s (" + last + ")");
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return probe.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(1)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Ports freePorts() throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return new Ports(held.get(0).getLocalPort(), held.get(1).getLocalPort(), held.get(2).getLocalPort(),
                    held.get(3).getLocalPort());
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    public URI sendsmsUrl() {
        return URI.create("http://127.0.0.1:" + ports.sendsms() + "/cgi-bin/sendsms");
    }

    public WaitlessConfig.Kannel config(String password) {
        return new WaitlessConfig.Kannel(sendsmsUrl(), USERNAME, password, "");
    }

    /** Every MT message fakesmsc has printed so far, oldest first. */
    public List<MtMessage> received() {
        List<MtMessage> messages = new ArrayList<>();
        for (String line : fakesmscLines) {
            Matcher m = MT_LINE.matcher(line);
            if (m.find()) {
                String type = m.group(3);
                String text = "ucs-2".equals(type) ? decodeUcs2(m.group(4)) : m.group(4);
                messages.add(new MtMessage(m.group(1), m.group(2), type, text));
            }
        }
        return messages;
    }

    /** fakesmsc prints UCS-2 bodies URL-encoded ({@code %05%E9...}, {@code +} for byte 0x20). */
    static String decodeUcs2(String urlEncoded) {
        byte[] bytes = URLDecoder.decode(urlEncoded, StandardCharsets.ISO_8859_1)
                .getBytes(StandardCharsets.ISO_8859_1);
        return new String(bytes, StandardCharsets.UTF_16BE);
    }

    /** Waits for a matching MT message; fails with everything the processes logged when none comes in time. */
    public MtMessage awaitMessage(Predicate<MtMessage> which, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            Optional<MtMessage> found = received().stream().filter(which).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fakesmsc got no matching message within " + within + "; it got "
                        + received() + "\n" + diagnostics());
            }
            Thread.sleep(50);
        }
    }

    /** Stops smsbox only, as an operator's restart or crash would; bearerbox and fakesmsc keep running. */
    public void stopSmsbox() {
        stop(smsbox);
    }

    /** The tail of every log, for failure messages. */
    String diagnostics() {
        StringBuilder out = new StringBuilder();
        for (String name : List.of("bearerbox.log", "smsbox.log", "bearerbox.out", "smsbox.out", "fakesmsc.out")) {
            Path file = dir.resolve(name);
            out.append("---- ").append(file).append('\n');
            try {
                List<String> lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8)
                        : List.of("(missing)");
                lines.subList(Math.max(0, lines.size() - 25), lines.size())
                        .forEach(l -> out.append(l).append('\n'));
            } catch (IOException | UncheckedIOException e) {
                out.append("(unreadable: ").append(e).append(")\n");
            }
        }
        return out.toString();
    }

    /** Stops smsbox, fakesmsc and bearerbox, in that order. Safe to call more than once. */
    @Override
    public void close() {
        stop(smsbox);
        if (fakesmsc != null) {
            try {
                fakesmsc.getOutputStream().close(); // EOF on stdin: fakesmsc says goodbye and exits
            } catch (IOException e) {
                // already gone; stop() below makes sure
            }
        }
        stop(fakesmsc);
        stop(bearerbox);
        probe.close();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down and the hook is running or has run
        }
    }

    private static void stop(Process p) {
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void killAll() {
        for (Process p : new Process[] {smsbox, fakesmsc, bearerbox}) {
            if (p != null) {
                p.destroyForcibly();
            }
        }
    }
}
