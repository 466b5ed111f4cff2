package io.waitless.web;

import ch.qos.logback.classic.Level;
import io.waitless.testing.CapturedLogs;
import io.waitless.testing.Fuzz;
import io.waitless.testing.LiveThreads;
import io.waitless.testing.TestConfigs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the node's HTTP side (short links, link problems, token and completion API, SMS webhooks, the report API,
 * the dashboard and its login, health and metrics) on a real {@link WebServer} with real Redis, over raw sockets so
 * that anything goes: random paths and query strings, bad percent-encoding, bad methods, huge headers and bodies,
 * broken JSON, forged signatures, keys and cookies. Bounded by {@code -Dwaitless.fuzz.seconds}; the seed is printed
 * and in every failure. Every request must be answered within {@link #ANSWER_WITHIN}, never with a 5xx other than
 * 503, without a leaked thread; refusals are logged; and the server still answers good requests afterwards.
 */
class WebFuzzIT {
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);
    private static final int WORKERS = 4;
    private static final List<String> METHODS = List.of("GET", "GET", "GET", "POST", "POST", "POST", "PUT", "DELETE",
            "PATCH", "HEAD", "OPTIONS", "TRACE", "CONNECT", "get", "BREW", "G\u00c9T", "GET\u0000", "", "POST /x");
    private static final List<String> PATHS = List.of("/l/{code}", "/l/", "/l/{code}/x", "/link-problem",
            "/api/tokens/redeem", "/api/deflections/{id}/completed", "/hooks/kannel/dlr", "/hooks/kannel/mo",
            "/hooks/twilio/sms", "/hooks/twilio/status", "/api/funnel", "/api/experiments", "/api/journeys/{id}",
            "/api/live", "/dashboard", "/dashboard/login", "/dashboard/logout", "/dashboard/funnel.csv",
            "/dashboard/data/funnel", "/dashboard/data/experiments", "/dashboard/data/live", "/dashboard/data/journey",
            "/dashboard/assets/{id}", "/healthz", "/metrics", "/", "//", "/api/", "/hooks/", "/{id}");
    private static final List<String> PARAMS = List.of("ref", "sig", "status", "from", "to", "text", "secret",
            "reason", "flow", "by", "queue", "promotion", "variant", "id", "MessageSid", "Body", "From", "To",
            "MessageStatus", "token", "csrf", "user", "password", "wl_token", "smsc", "ts", "answer");
    private static final List<String> VALUES = List.of("", "1", "2", "16", "-1", "999999999999999999999", "%", "%zz",
            "%c3%28", "%00", "%2B972502345678", "2026-02-30", "2026-12-01", "0000-01-01", "day,queue,hour", "support",
            "pay-bill", "../../etc/passwd", "<script>alert(1)</script>", "' OR 1=1 --", "STOP", "%E2%80%AE",
            "a".repeat(3000), "\u00e9", "%FF%FE");

    @TempDir
    static Path dir;
    private static WebHarness h;
    private static String session;

    @BeforeAll
    static void start() throws Exception {
        h = WebHarness.startWithAnalysts(dir);
        session = new SessionCookies(DashboardHarness.SESSION_SECRET, Duration.ofHours(8), Clock.systemUTC())
                .issue(DashboardHarness.USER);
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
    }

    @Test
    void random_requests_get_an_answer_in_time_and_never_a_server_error() throws Exception {
        assertGoodRequestsServed("warm-up");
        List<String> baseline = LiveThreads.names();

        Fuzz fuzz = Fuzz.start("http");
        try (CapturedLogs logs = CapturedLogs.start()) {
            List<String> failures = fuzz.run(WORKERS, ANSWER_WITHIN, r -> {
                byte[] request = request(r);
                try {
                    int status = send(request);
                    fuzz.count(Integer.toString(status));
                    boolean serverError = status >= 500 && status != 503 && !(status == 505 && !http11(request));
                    return serverError || status == 0 ? status + " for " + printable(request) : null;
                } catch (SocketTimeoutException e) {
                    return "no answer within " + ANSWER_WITHIN.toMillis() + " ms to " + printable(request);
                } catch (IOException e) {
                    return e + " for " + printable(request);
                }
            });
            assertThat(failures).as("%s", fuzz).isEmpty();
            assertThat(fuzz.kinds().keySet()).as("refusals happened; %s", fuzz).anyMatch(s -> s.startsWith("4"));
            LiveThreads.awaitBackTo(baseline, 6, Duration.ofSeconds(10), fuzz.toString());
            assertThat(logs.atLeast(Level.INFO, "")).as("refusals logged; %s", fuzz)
                    .anyMatch(m -> m.contains("rejected") || m.contains("refused") || m.contains("bad request"));
        }
        assertThat(fuzz.cases()).isGreaterThan(WORKERS);
        assertGoodRequestsServed("after " + fuzz);
    }

    private static void assertGoodRequestsServed(String when) throws Exception {
        assertThat(h.get("/healthz").statusCode()).as(when).isEqualTo(200);
        assertThat(h.get("/api/live").statusCode()).as(when).isEqualTo(401);
        assertThat(h.send(java.net.http.HttpRequest.newBuilder(h.uri("/api/live"))
                .header("Authorization", "Bearer " + TestConfigs.API_KEY).build()).statusCode()).as(when).isEqualTo(200);
        assertThat(h.get("/l/NoSuchCode42").statusCode()).as(when).isEqualTo(404);
    }

    /**
     * Sends one request on its own connection, half-closes (so a body shorter than announced ends at once instead
     * of at the idle timeout) and reads the answer to the end; the status, or 0 when there was none.
     */
    private static int send(byte[] request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), h.web.port())) {
            s.setSoTimeout((int) ANSWER_WITHIN.toMillis());
            OutputStream out = s.getOutputStream();
            try {
                out.write(request);
                out.flush();
                s.shutdownOutput();
            } catch (SocketException e) {
                // the server answered and closed before taking it all (e.g. 431 on a huge header): read the answer
            }
            InputStream in = s.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            long end = System.nanoTime() + ANSWER_WITHIN.toNanos();
            try {
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    if (answer.size() < 64 * 1024) {
                        answer.write(buf, 0, n);
                    }
                    if (System.nanoTime() > end) {
                        throw new SocketTimeoutException("answer still going after " + ANSWER_WITHIN);
                    }
                }
            } catch (SocketException e) {
                // reset after the answer
            }
            // the final status: an interim 100 Continue comes first when the request asked for it
            java.util.regex.Matcher status = STATUS_LINE.matcher(answer.toString(StandardCharsets.ISO_8859_1));
            int last = 0;
            while (status.find()) {
                last = Integer.parseInt(status.group(1));
                if (last >= 200) {
                    break;
                }
            }
            return last;
        }
    }

    private static final java.util.regex.Pattern STATUS_LINE =
            java.util.regex.Pattern.compile("(?m)^HTTP/1\\.[01] (\\d{3})");

    /** Whether the request line names HTTP/1.0 or 1.1 (else 505 Version Not Supported is the right answer). */
    private static boolean http11(byte[] request) {
        String s = new String(request, 0, Math.min(request.length, 200_000), StandardCharsets.ISO_8859_1);
        int eol = s.indexOf('\n');
        String line = (eol < 0 ? s : s.substring(0, eol)).stripTrailing();
        return line.endsWith(" HTTP/1.1") || line.endsWith(" HTTP/1.0");
    }

    private static byte[] request(Random r) {
        String method = r.nextInt(4) == 0 ? Fuzz.pick(r, METHODS) : Fuzz.pick(r, List.of("GET", "POST"));
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        write(req, method + " ");
        req.writeBytes(target(r));
        write(req, Fuzz.pick(r, List.of(" HTTP/1.1\r\n", " HTTP/1.1\r\n", " HTTP/1.0\r\n", " HTTP/9.9\r\n", "\r\n",
                " HTTP/1.1\n")));
        if (r.nextInt(10) > 0) {
            write(req, "Host: 127.0.0.1\r\n");
        }
        write(req, "Connection: close\r\n");
        byte[] body = body(r);
        int headers = r.nextInt(5);
        for (int i = 0; i < headers; i++) {
            req.writeBytes(header(r));
        }
        if (r.nextInt(8) > 0) {
            int claimed = r.nextInt(10) == 0 ? body.length + r.nextInt(100_000) - 50 : body.length;
            write(req, "Content-Length: " + claimed + "\r\n");
        } else if (r.nextBoolean()) {
            write(req, "Transfer-Encoding: " + Fuzz.pick(r, List.of("chunked", "gzip", "chunked, chunked", "x")) + "\r\n");
        }
        write(req, "\r\n");
        req.writeBytes(body);
        return req.toByteArray();
    }

    private static byte[] target(Random r) {
        if (r.nextInt(12) == 0) {
            return Fuzz.pick(r, List.of("/" + "a".repeat(100_000), "*", "http://evil.example/l/x", "/%", "/%zz/%c3%28",
                    "/l/%00", "/..;/metrics", "/dashboard/assets/..%2f..%2fpom.xml", "/l/" + "\u00e9\u05d0"))
                    .getBytes(StandardCharsets.UTF_8);
        }
        if (r.nextInt(20) == 0) {
            return Fuzz.bytes(r, 1 + r.nextInt(40));
        }
        String path = Fuzz.pick(r, PATHS).replace("{code}", Fuzz.pick(r, List.of("Abc123xyz987", "x", "%zz", "%2F..",
                "a".repeat(300)))).replace("{id}", Fuzz.pick(r, List.of("dfl-1", "%2B972502345678", "%", "app.js",
                "..", "0502345678", "%E2%80%AE")));
        StringBuilder q = new StringBuilder();
        int params = r.nextInt(5);
        for (int i = 0; i < params; i++) {
            q.append(i == 0 ? '?' : Fuzz.pick(r, List.of("&", "&", ";", "&&")));
            q.append(Fuzz.pick(r, PARAMS)).append(r.nextInt(6) == 0 ? "" : "=" + Fuzz.pick(r, VALUES));
        }
        return (path + q).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] header(Random r) {
        String name = Fuzz.pick(r, List.of("Authorization", "Content-Type", "Cookie", "Origin", "X-Twilio-Signature",
                "X-Waitless-Secret", "Accept", "X-Forwarded-For", "Referer", "Expect", "Range", "X-Junk"));
        String value = switch (name) {
            case "Authorization" -> Fuzz.pick(r, List.of("Bearer " + TestConfigs.API_KEY, "Bearer x", "Bearer",
                    "Basic Zm9vOmJhcg==", "Bearer " + TestConfigs.API_KEY + "x", ""));
            case "Content-Type" -> Fuzz.pick(r, List.of("application/json", "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=", "text/plain; charset=klingon", "application/json; charset=utf-16",
                    "*/*", ""));
            case "Cookie" -> Fuzz.pick(r, List.of("waitless-session=" + session, "waitless-session=v1.x.1.2.3",
                    "waitless-session=" + session.substring(0, session.length() - 2) + "xx",
                    "waitless-login=abc; waitless-session=", "=;=;=", "waitless-session=" + "a".repeat(5000)));
            case "Origin" -> Fuzz.pick(r, List.of("http://127.0.0.1", "https://evil.example", "null", ""));
            case "Expect" -> "100-continue";
            case "Range" -> "bytes=0-1,-5,999999999999999999-";
            default -> Fuzz.pick(r, List.of("x", "a".repeat(70_000), "\u00e9\u00e8", "v1=deadbeef", ""));
        };
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        write(b, name + ": ");
        b.writeBytes(r.nextInt(15) == 0 ? Fuzz.oddText(r) : value.getBytes(StandardCharsets.ISO_8859_1));
        write(b, "\r\n");
        return b.toByteArray();
    }

    private static byte[] body(Random r) {
        String s = switch (r.nextInt(10)) {
            case 0 -> "";
            case 1 -> "{\"token\":\"" + Fuzz.pick(r, List.of("eyJhbGciOiJIUzI1NiJ9.e30.x", "", "a.b.c", "\\u0000")) + "\"}";
            case 2 -> Fuzz.pick(r, List.of("{\"token\":", "{", "[]", "null", "{\"token\":123}", "{\"token\":[\"x\"]}",
                    "{\"a\":1,\"a\":2}", "\"\\ud800\""));
            case 3 -> "[".repeat(5000) + "]".repeat(5000);
            case 4 -> "ref=dfl-1&sig=" + Fuzz.pick(r, VALUES) + "&status=" + Fuzz.pick(r, VALUES);
            case 5 -> "From=%2B972502345678&To=%2B97236123456&Body=" + Fuzz.pick(r, VALUES) + "&MessageSid=SM"
                    + r.nextInt(1_000_000);
            case 6 -> "x".repeat(16 * 1024 + r.nextInt(3)); // around the 16 KiB cap
            case 7 -> "a=%&b=%zz&%c3%28=1&=&&==";
            case 8 -> "user=" + DashboardHarness.USER + "&password=" + Fuzz.pick(r, VALUES) + "&csrf=" + Fuzz.pick(r, VALUES);
            default -> new String(Fuzz.oddText(r), StandardCharsets.ISO_8859_1);
        };
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void write(ByteArrayOutputStream b, String s) {
        b.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The request's first line, shortened and with control characters shown, for a failure message. */
    private static String printable(byte[] request) {
        String s = new String(request, 0, Math.min(request.length, 200), StandardCharsets.ISO_8859_1);
        int eol = s.indexOf('\n');
        return (eol > 0 ? s.substring(0, eol) : s).replaceAll("\\p{Cntrl}", "?");
    }
}
