package io.waitless.sms;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.waitless.config.WaitlessConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@link TwilioSmsGateway} against a Twilio-shaped Javalin server on a free loopback port. */
class TwilioSmsGatewayIT {

    private static final String NUMBER = "+972501234567";
    private static final String ACCOUNT = "AC0123456789abcdef";
    private static final String TOKEN = "tok-s3cret";
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final SmsMessage MESSAGE = new SmsMessage("d-1", NUMBER, "GalilCable",
            "Galil Cable: finish here https://go.example.com/l/Ab3dE9xQ & thanks");

    /** What the server received: path, headers we look at, and the decoded form. */
    record Received(String path, String authorization, String contentType, Map<String, String> form) {}

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Consumer<Context> answer = ctx -> json(ctx.status(201), Map.of("sid", "SM123", "status", "queued"));
    private Javalin server;

    @BeforeEach
    void start_server() {
        server = Javalin.create(c -> {
            c.jetty.host = "127.0.0.1";
            c.jetty.port = 0;
            c.startup.showJavalinBanner = false;
            c.routes.post("/2010-04-01/Accounts/{account}/Messages.json", ctx -> {
                received.add(new Received(ctx.path(), ctx.header("Authorization"), ctx.header("Content-Type"),
                        decode(ctx.body())));
                answer.accept(ctx);
            });
        }).start();
    }

    @AfterEach
    void stop_server() {
        server.stop();
    }

    private WaitlessConfig.Twilio config(Optional<String> service, Optional<URI> callback) {
        return new WaitlessConfig.Twilio(URI.create("http://127.0.0.1:" + server.port()), ACCOUNT, ACCOUNT, TOKEN,
                service, callback);
    }

    private TwilioSmsGateway gateway() {
        return new TwilioSmsGateway(config(Optional.empty(), Optional.empty()), TIMEOUT);
    }

    @Test
    void a_text_is_posted_as_a_form_with_basic_auth_and_the_sid_becomes_the_message_id() {
        try (var gateway = new TwilioSmsGateway(config(Optional.empty(),
                Optional.of(URI.create("https://waitless.example.com/hooks/twilio/status"))), TIMEOUT)) {
            SmsReceipt receipt = gateway.send(MESSAGE);

            assertThat(receipt).isEqualTo(new SmsReceipt("twilio", "SM123", "queued"));
        }
        Received r = received.getFirst();
        assertThat(r.path()).isEqualTo("/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json");
        assertThat(r.authorization()).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString((ACCOUNT + ":" + TOKEN).getBytes(StandardCharsets.UTF_8)));
        assertThat(r.contentType()).startsWith("application/x-www-form-urlencoded");
        assertThat(r.form()).containsExactly(Map.entry("To", NUMBER), Map.entry("From", "GalilCable"),
                Map.entry("Body", MESSAGE.text()),
                Map.entry("StatusCallback", "https://waitless.example.com/hooks/twilio/status?ref=d-1"));
    }

    @Test
    void a_messaging_service_replaces_from_and_hebrew_arrives_intact() {
        String hebrew = "גליל כבלים: להמשך https://go.example.com/l/Ab3dE9xQ";
        try (var gateway = new TwilioSmsGateway(config(Optional.of("MG42"), Optional.empty()), TIMEOUT)) {
            gateway.send(new SmsMessage("d-2", NUMBER, "GalilCable", hebrew));
        }
        assertThat(received.getFirst().form()).containsExactly(Map.entry("To", NUMBER),
                Map.entry("MessagingServiceSid", "MG42"), Map.entry("Body", hebrew));
    }

    @ParameterizedTest(name = "HTTP {0} is retryable: {1}")
    @CsvSource({"400, false", "401, false", "403, false", "404, false", "409, false", "429, true", "500, true",
            "503, true"})
    void errors_carry_twilios_code_and_message_and_only_429_and_5xx_are_retryable(int status, boolean retryable) {
        answer = ctx -> json(ctx.status(status), Map.of("code", 21211, "message",
                "The 'To' number " + NUMBER + " is not valid.", "status", status));
        try (var gateway = gateway()) {
            SmsException e = catchThrowableOfType(SmsException.class, () -> gateway.send(MESSAGE));

            assertThat(e.retryable()).isEqualTo(retryable);
            assertThat(e).hasMessageContaining("HTTP " + status).hasMessageContaining("21211")
                    .hasMessageContaining("is not valid").hasMessageNotContaining("972501234567")
                    .hasMessageNotContaining(TOKEN);
        }
    }

    @Test
    void a_wrong_token_hints_at_the_credentials() {
        answer = ctx -> json(ctx.status(401), Map.of("code", 20003, "message", "Authenticate", "status", 401));
        try (var gateway = gateway()) {
            SmsException e = catchThrowableOfType(SmsException.class, () -> gateway.send(MESSAGE));

            assertThat(e.retryable()).isFalse();
            assertThat(e).hasMessageContaining("20003").hasMessageContaining("auth-token");
        }
    }

    @ParameterizedTest(name = "2xx body [{0}] is unreadable")
    @CsvSource(value = {"''", "<html>oops</html>", "{\"status\":\"queued\"}", "[1,2]", "{\"sid\":"},
            emptyValue = "")
    void a_2xx_without_a_readable_sid_is_an_unreadable_reply_and_not_retried(String body) {
        answer = ctx -> ctx.status(201).result(body);
        try (var gateway = gateway()) {
            SmsException e = catchThrowableOfType(SmsException.class, () -> gateway.send(MESSAGE));

            assertThat(e.retryable()).isFalse();
            assertThat(e).hasMessageContaining("unreadable reply");
        }
    }

    @Test
    void a_5xx_with_a_garbage_body_is_still_retryable() {
        answer = ctx -> ctx.status(502).result("<html>Bad Gateway</html>");
        try (var gateway = gateway()) {
            SmsException e = catchThrowableOfType(SmsException.class, () -> gateway.send(MESSAGE));

            assertThat(e.retryable()).isTrue();
            assertThat(e).hasMessageContaining("HTTP 502").hasMessageContaining("Bad Gateway");
        }
    }

    @Test
    void a_server_that_never_answers_fails_as_retryable_within_the_timeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket held = silent.accept()) {
                    Thread.sleep(5_000);
                } catch (Exception e) {
                    // the test closed the socket: done
                }
            });
            var cfg = new WaitlessConfig.Twilio(URI.create("http://127.0.0.1:" + silent.getLocalPort()), ACCOUNT,
                    ACCOUNT, TOKEN, Optional.empty(), Optional.empty());
            try (var gateway = new TwilioSmsGateway(cfg, TIMEOUT)) {
                long start = System.nanoTime();
                SmsException e = catchThrowableOfType(SmsException.class, () -> gateway.send(MESSAGE));
                Duration took = Duration.ofNanos(System.nanoTime() - start);

                assertThat(e.retryable()).isTrue();
                assertThat(e).hasMessageContaining("did not answer");
                assertThat(took).isLessThan(TIMEOUT.plusMillis(500));
            }
        }
    }

    @Test
    void a_refused_connection_is_retryable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        var cfg = new WaitlessConfig.Twilio(URI.create("http://127.0.0.1:" + port), ACCOUNT, ACCOUNT, TOKEN,
                Optional.empty(), Optional.empty());
        try (var gateway = new TwilioSmsGateway(cfg, TIMEOUT)) {
            SmsException e = catchThrowableOfType(SmsException.class, () -> gateway.send(MESSAGE));

            assertThat(e.retryable()).isTrue();
            assertThat(e).hasMessageContaining("refused the connection");
        }
    }

    /** Javalin has no JSON mapper here; Gson writes the reply. */
    private static void json(Context ctx, Map<String, Object> body) {
        ctx.contentType("application/json").result(new com.google.gson.Gson().toJson(body));
    }

    private static Map<String, String> decode(String form) {
        return java.util.Arrays.stream(form.split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(kv -> URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv -> URLDecoder.decode(kv[1], StandardCharsets.UTF_8), (a, b) -> a,
                        java.util.LinkedHashMap::new));
    }
}
