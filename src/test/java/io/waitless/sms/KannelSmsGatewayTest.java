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
    private final List<String> rawQueries = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile Script script = ex -> reply(ex, 202, "0: Accepted for delivery");
    private KannelSmsGateway gateway;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serverThreads = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(serverThreads);
        server.createContext("/cgi-bin/sendsms", ex -> {
            rawQueries.add(ex.getRequestURI().getRawQuery());
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

    private static Map<String, String> params(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
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
    void sends_credentials_sender_recipient_and_text_as_query_parameters() {
        String text = "Your link: https://go.example.com/l/Ab3 & more = 100% #1 ? a+b";

        gateway.send(message(text));

        assertThat(rawQueries).hasSize(1);
        assertThat(params(rawQueries.getFirst())).containsExactly(
                Map.entry("username", "waitless"),
                Map.entry("password", PASSWORD),
                Map.entry("from", "Waitless"),
                Map.entry("to", NUMBER),
                Map.entry("text", text),
                Map.entry("charset", "UTF-8"));
    }

    @Test
    void the_query_is_percent_encoded_with_no_plus_signs_left_ambiguous() {
        gateway.send(message("a b+c"));

        String raw = rawQueries.getFirst();
        assertThat(raw).contains("to=%2B972501234567").contains("text=a%20b%2Bc")
                .contains("password=s3cr%26t%3D%2B%20%25pw");
        assertThat(raw).doesNotContain("+");
    }

    @Test
    void a_text_outside_gsm7_goes_as_ucs2_with_the_utf8_charset() {
        String text = "שלום, הקישור שלך: https://go.example.com/l/Ab3 €🙂";

        gateway.send(message(text));

        Map<String, String> params = params(rawQueries.getFirst());
        assertThat(params).containsEntry("text", text).containsEntry("coding", "2").containsEntry("charset", "UTF-8");
    }

    @Test
    void a_gsm7_text_with_extension_characters_stays_7_bit() {
        gateway.send(message("Price: 10€ {promo}"));

        assertThat(params(rawQueries.getFirst())).doesNotContainKey("coding").containsEntry("text", "Price: 10€ {promo}");
    }

    @Test
    void the_smsc_is_sent_only_when_one_is_configured() {
        gateway.send(message("x"));
        try (KannelSmsGateway routed = gateway("operator-a")) {
            routed.send(message("y"));
        }

        assertThat(params(rawQueries.get(0))).doesNotContainKey("smsc");
        assertThat(params(rawQueries.get(1))).containsEntry("smsc", "operator-a");
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
        assertThat(rawQueries).hasSize(50);
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
