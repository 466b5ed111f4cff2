package io.waitless.sms;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.waitless.config.WaitlessConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The Kannel adapter against a real HTTP server on a loopback port, scripted to answer as smsbox does. */
class KannelSmsGatewayTest {

    private static final String PASSWORD = "s3cr&t=+ %pw";
    private static final String NUMBER = "+972501234567";
    private static final Duration TIMEOUT = Duration.ofMillis(700);
    private static final Duration MARGIN = Duration.ofMillis(500);

    private interface Script {
        void answer(HttpExchange exchange) throws Exception;
    }

    private HttpServer server;
    private ExecutorService serverThreads;
    /** One request as smsbox would see it: method, raw query, the X-Kannel-* and Content-Type headers, body. */
    record Request(String method, String rawQuery, Map<String, String> headers, String body) {}

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile Script script = ex -> reply(ex, 202, "0: Accepted for delivery");
    private KannelSmsGateway gateway;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serverThreads = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(serverThreads);
        server.createContext("/cgi-bin/sendsms", ex -> {
            Map<String, String> headers = new java.util.TreeMap<>();
            ex.getRequestHeaders().forEach((name, values) -> {
                if (name.toLowerCase(java.util.Locale.ROOT).startsWith("x-kannel-") || name.equalsIgnoreCase("content-type")) {
                    headers.put(name.toLowerCase(java.util.Locale.ROOT), values.getFirst());
                }
            });
            requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().getRawQuery(), headers,
                    new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            try {
                script.answer(ex);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                throw new IOException(e);
            } finally {
                ex.close();
            }
        });
        server.start();
        gateway = gateway("");
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        gateway.close();
        server.stop(0);
        serverThreads.shutdownNow();
    }

    private KannelSmsGateway gateway(String smsc) {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/cgi-bin/sendsms");
        return new KannelSmsGateway(new WaitlessConfig.Kannel(url, "waitless", PASSWORD, smsc), TIMEOUT);
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "text/html");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static SmsMessage message(String text) {
        return new SmsMessage("d-42", NUMBER, "Waitless", text);
    }

    private static void assertNoSecrets(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage()))
                    .doesNotContain(PASSWORD)
                    .doesNotContain("s3cr")
                    .doesNotContain("972501234567");
        }
    }

    @Test
    void posts_the_text_as_the_body_with_credentials_sender_and_recipient_in_x_kannel_headers() {
        String text = "Your link: https://go.example.com/l/Ab3 & more = 100% #1 ? a+b";

        gateway.send(message(text));

        Request r = requests.getFirst();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.rawQuery()).isNull();
        assertThat(r.body()).isEqualTo(text);
        assertThat(r.headers()).containsExactly(
                Map.entry("content-type", "text/plain; charset=UTF-8"),
                Map.entry("x-kannel-from", "Waitless"),
                Map.entry("x-kannel-password", PASSWORD),
                Map.entry("x-kannel-to", NUMBER),
                Map.entry("x-kannel-username", "waitless"));
    }

    @Test
    void a_text_outside_gsm7_goes_as_ucs2_with_the_utf8_charset() {
        String text = "שלום, הקישור שלך: https://go.example.com/l/Ab3 €🙂";

        gateway.send(message(text));

        Request r = requests.getFirst();
        assertThat(r.body()).isEqualTo(text);
        assertThat(r.headers()).containsEntry("x-kannel-coding", "2")
                .containsEntry("content-type", "text/plain; charset=UTF-8");
    }

    @Test
    void a_gsm7_text_with_extension_characters_stays_7_bit() {
        gateway.send(message("Price: 10€ {promo}"));

        assertThat(requests.getFirst().headers()).doesNotContainKey("x-kannel-coding");
        assertThat(requests.getFirst().body()).isEqualTo("Price: 10€ {promo}");
    }

    @Test
    void the_smsc_is_sent_only_when_one_is_configured() {
        gateway.send(message("x"));
        try (KannelSmsGateway routed = gateway("operator-a")) {
            routed.send(message("y"));
        }

        assertThat(requests.get(0).headers()).doesNotContainKey("x-kannel-smsc");
        assertThat(requests.get(1).headers()).containsEntry("x-kannel-smsc", "operator-a");
    }

    @Test
    void delivery_reports_are_asked_for_only_when_configured_and_carry_a_signed_reference() {
        gateway.send(message("x"));
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/cgi-bin/sendsms");
        KannelDlrUrls urls = new KannelDlrUrls(URI.create("https://waitless.example.com"), "a-kannel-hook-secret");
        try (KannelSmsGateway withDlr = new KannelSmsGateway(new WaitlessConfig.Kannel(url, "waitless", PASSWORD,
                "", java.util.Optional.of(URI.create("https://waitless.example.com"))), TIMEOUT,
                java.util.Optional.of(urls))) {
            withDlr.send(message("y"));
        }

        assertThat(requests.get(0).headers()).doesNotContainKeys("x-kannel-dlr-mask", "x-kannel-dlr-url");
        assertThat(requests.get(1).headers()).containsEntry("x-kannel-dlr-mask", "27")
                .containsEntry("x-kannel-dlr-url", "https://waitless.example.com/hooks/kannel/dlr?ref=d-42&sig="
                        + urls.signature("d-42") + "&status=%d&smsc=%i&ts=%t&answer=%A");
        assertThat(urls.verify("d-42", urls.signature("d-42"))).isTrue(); // what the web hook checks
    }

    @Test
    void accepted_for_delivery_gives_a_receipt_carrying_kannels_words() {
        SmsReceipt receipt = gateway.send(message("hello"));

        assertThat(receipt).isEqualTo(new SmsReceipt("kannel", "", "0: Accepted for delivery"));
    }

    @Test
    void queued_for_later_delivery_is_a_success_too() {
        script = ex -> reply(ex, 202, "3: Queued for later delivery");

        assertThat(gateway.send(message("hello")).detail()).isEqualTo("3: Queued for later delivery");
    }

    @Test
    void authorization_failure_is_not_retryable_and_never_shows_the_password() {
        script = ex -> reply(ex, 403, "Authorization failed for sendsms");

        SmsException e = catchThrowableOfType(SmsException.class, () -> gateway.send(message("hello")));

        assertThat(e.retryable()).isFalse();
        assertThat(e).hasMessageContaining("127.0.0.1:").hasMessageContaining("403")
                .hasMessageContaining("Authorization failed for sendsms").hasMessageContaining("username and password");
        assertNoSecrets(e);
    }

    @Test
    void a_rejected_request_is_not_retryable() {
        script = ex -> reply(ex, 400, "Missing receiver number, rejected");

        assertThatThrownBy(() -> gateway.send(message("hello")))
                .isInstanceOfSatisfying(SmsException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("HTTP 400").hasMessageContaining("Missing receiver number, rejected");
    }

    @Test
    void a_temporal_failure_is_retryable() {
        script = ex -> reply(ex, 503, "Temporal failure, try again later.");

        assertThatThrownBy(() -> gateway.send(message("hello")))
                .isInstanceOfSatisfying(SmsException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("HTTP 503").hasMessageContaining("Temporal failure");
    }

    @Test
    void an_internal_server_error_is_retryable() {
        script = ex -> reply(ex, 500, "Sending failed.");

        assertThatThrownBy(() -> gateway.send(message("hello")))
                .isInstanceOfSatisfying(SmsException.class, e -> assertThat(e.retryable()).isTrue());
    }

    @Test
    void an_answer_that_echoes_the_request_is_redacted_in_the_exception() {
        script = ex -> reply(ex, 400, "bad request: " + ex.getRequestURI() + " password=" + PASSWORD
                + " to 972501234567");

        SmsException e = catchThrowableOfType(SmsException.class, () -> gateway.send(message("hello")));

        assertNoSecrets(e);
        assertThat(e).hasMessageContaining("***").hasMessageContaining("+97250•••4567");
    }

    @Test
    void a_server_that_never_answers_fails_within_the_timeout_as_retryable() {
        script = ex -> release.await();

        long start = System.nanoTime();
        SmsException e = catchThrowableOfType(SmsException.class, () -> gateway.send(message("hello")));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isLessThan(TIMEOUT.plus(MARGIN)).isGreaterThanOrEqualTo(TIMEOUT.minusMillis(50));
        assertThat(e.retryable()).isTrue();
        assertThat(e).hasMessageContaining("127.0.0.1:" + server.getAddress().getPort())
                .hasMessageContaining("did not answer within");
        assertNoSecrets(e);
    }

    @Test
    void a_server_that_stalls_in_the_middle_of_the_body_still_fails_within_the_timeout() {
        script = ex -> {
            ex.sendResponseHeaders(202, 100);
            ex.getResponseBody().write("0: Acc".getBytes(StandardCharsets.US_ASCII));
            ex.getResponseBody().flush();
            release.await();
        };

        long start = System.nanoTime();
        SmsException e = catchThrowableOfType(SmsException.class, () -> gateway.send(message("hello")));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plus(MARGIN));
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void a_refused_connection_is_retryable_and_names_the_host() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + closedPort + "/cgi-bin/sendsms");
        try (KannelSmsGateway down = new KannelSmsGateway(
                new WaitlessConfig.Kannel(url, "waitless", PASSWORD, ""), TIMEOUT)) {

            long start = System.nanoTime();
            SmsException e = catchThrowableOfType(SmsException.class, () -> down.send(message("hello")));

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plus(MARGIN));
            assertThat(e.retryable()).isTrue();
            assertThat(e).hasMessageContaining("127.0.0.1:" + closedPort).hasMessageContaining("refused");
            assertNoSecrets(e);
        }
    }

    @Test
    void concurrent_sends_share_one_client() throws Exception {
        try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            var results = new CopyOnWriteArrayList<SmsReceipt>();
            for (int i = 0; i < 50; i++) {
                callers.submit(() -> results.add(gateway.send(message("hello"))));
            }
            callers.shutdown();
            assertThat(callers.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(results).hasSize(50);
        }
        assertThat(requests).hasSize(50);
    }

    @Test
    void a_sendsms_url_that_is_not_http_is_refused_at_construction() {
        assertThatThrownBy(() -> new KannelSmsGateway(new WaitlessConfig.Kannel(
                URI.create("ftp://kannel/cgi-bin/sendsms"), "u", "p", ""), TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sendsms-url");
    }

    @Test
    void close_is_idempotent() {
        gateway.close();
        gateway.close();
    }
}
