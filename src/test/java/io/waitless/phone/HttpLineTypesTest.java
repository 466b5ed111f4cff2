package io.waitless.phone;

import com.sun.net.httpserver.HttpServer;
import io.waitless.config.WaitlessConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link HttpLineTypes} against a real JDK HTTP server on a free loopback port. */
class HttpLineTypesTest {
    static final String KEY = "a-long-enough-test-reference-key-123";

    HttpServer server;
    final List<String> queries = new CopyOnWriteArrayList<>();
    final AtomicReference<String> body = new AtomicReference<>("{\"type\":\"mobile\"}");
    final AtomicReference<Duration> delay = new AtomicReference<>(Duration.ZERO);
    final AtomicReference<Integer> status = new AtomicReference<>(200);
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-23T10:00:00Z"));

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/line-type", ex -> {
            queries.add(ex.getRequestURI().getRawQuery());
            try {
                Thread.sleep(delay.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] b = body.get().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status.get(), b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            } catch (IOException e) {
                // the client gave up (the timeout test): nothing to answer
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    HttpLineTypes lookup(Duration timeout) {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/line-type");
        Clock clock = new Clock() {
            public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            public Clock withZone(java.time.ZoneId z) { return this; }
            public Instant instant() { return now.get(); }
        };
        return new HttpLineTypes(new WaitlessConfig.LineTypeLookup(url, timeout, Duration.ofHours(1), 2), clock);
    }

    PhoneNumberPolicy policy(HttpLineTypes lineTypes) {
        return new PhoneNumberPolicy(new WaitlessConfig.Callers("IL", List.of("IL"), false, KEY), List.of(), lineTypes);
    }

    @Test
    void a_landline_answer_overrides_an_offline_mobile_and_the_number_is_sent_as_e164() {
        body.set("{\"type\": \"landline\", \"carrier\": \"x\"}");
        var v = PhoneNumberPolicyTest.check(policy(lookup(Duration.ofSeconds(2))), "0502345678", 0, "q");
        assertThat(PhoneNumberPolicyTest.reason(v)).isEqualTo(io.waitless.deflect.CallerVerdict.Reason.LANDLINE);
        assertThat(queries).containsExactly("number=%2B972502345678");
    }

    @Test
    void a_timeout_falls_back_to_the_offline_answer_within_the_deadline() {
        body.set("{\"type\":\"landline\"}");
        PhoneNumberPolicy p = policy(lookup(Duration.ofMillis(150)));
        PhoneNumberPolicyTest.check(p, "0548765432", 0, "q"); // warms the client up (class loading, first connect)
        delay.set(Duration.ofSeconds(3));
        long t0 = System.nanoTime();
        var v = PhoneNumberPolicyTest.check(p, "0502345678", 0, "q");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
        assertThat(v).isInstanceOf(io.waitless.deflect.CallerVerdict.Textable.class);
    }

    @Test
    void garbage_or_an_error_status_gives_no_answer_and_is_not_cached() {
        HttpLineTypes l = lookup(Duration.ofSeconds(2));
        body.set("<html>busy</html>");
        assertThat(l.lookup("+972502345678", "r1")).isEmpty();
        body.set("{\"type\":\"fax\"}");
        assertThat(l.lookup("+972502345678", "r1")).isEmpty();
        status.set(500);
        body.set("{\"type\":\"landline\"}");
        assertThat(l.lookup("+972502345678", "r1")).isEmpty();
        status.set(200);
        assertThat(l.lookup("+972502345678", "r1")).contains(LineTypes.LineType.LANDLINE);
        assertThat(queries).hasSize(4);
    }

    @Test
    void answers_are_cached_by_reference_until_the_ttl_and_the_cache_is_bounded() {
        HttpLineTypes l = lookup(Duration.ofSeconds(2));
        body.set("{\"type\":\"voip\"}");
        assertThat(l.lookup("+972502345678", "r1")).contains(LineTypes.LineType.VOIP);
        body.set("{\"type\":\"mobile\"}");
        assertThat(l.lookup("+972502345678", "r1")).contains(LineTypes.LineType.VOIP);
        assertThat(queries).hasSize(1);
        now.set(now.get().plus(Duration.ofMinutes(61)));
        assertThat(l.lookup("+972502345678", "r1")).contains(LineTypes.LineType.MOBILE);
        l.lookup("+972548765432", "r2");
        l.lookup("+97236123456", "r3"); // size 2: r1 (least recently used) goes
        assertThat(queries).hasSize(4);
        l.lookup("+972502345678", "r1");
        assertThat(queries).hasSize(5);
        assertThat(Optional.of(queries.get(4))).contains("number=%2B972502345678");
    }
}
