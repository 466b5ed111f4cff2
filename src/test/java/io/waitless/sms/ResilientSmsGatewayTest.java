package io.waitless.sms;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.waitless.config.WaitlessConfig;
import io.waitless.sms.ScriptedSmsGateway.Accept;
import io.waitless.sms.ScriptedSmsGateway.Fail;
import io.waitless.sms.ScriptedSmsGateway.Hang;
import io.waitless.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ResilientSmsGatewayTest {

    private static final SmsMessage MESSAGE = new SmsMessage("d-1", "+972501234567", "Waitless", "hello");
    private static final WaitlessConfig.Retry THREE_TRIES = new WaitlessConfig.Retry(3, Duration.ofMillis(10));
    private static final WaitlessConfig.Breaker BREAKER = new WaitlessConfig.Breaker(50, 4, Duration.ofSeconds(30));

    private final ScriptedSmsGateway fake = new ScriptedSmsGateway();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));

    private ResilientSmsGateway gateway(WaitlessConfig.Retry retry, Duration deadline) {
        return new ResilientSmsGateway(fake, deadline, retry, BREAKER, metrics, clock);
    }

    @Test
    void a_retryable_failure_is_retried_and_the_second_try_succeeds() {
        fake.then(new Fail(true));
        try (var gateway = gateway(THREE_TRIES, Duration.ofSeconds(2))) {
            SmsReceipt receipt = gateway.send(MESSAGE);

            assertThat(receipt.messageId()).isEqualTo("id-2");
            assertThat(fake.sent).hasSize(2);
            assertThat(metrics.counter("waitless.sms.retries", "gateway", "scripted").count()).isEqualTo(1);
            assertThat(metrics.timer("waitless.sms.sends", "gateway", "scripted", "result", "sent").count()).isEqualTo(1);
        }
    }

    @Test
    void a_non_retryable_failure_is_not_retried() {
        fake.then(new Fail(false));
        try (var gateway = gateway(THREE_TRIES, Duration.ofSeconds(2))) {
            SmsException e = catchThrowableOfType(SmsException.class, () -> gateway.send(MESSAGE));

            assertThat(e.retryable()).isFalse();
            assertThat(e).hasMessage("scripted failure 1");
            assertThat(fake.sent).hasSize(1);
            assertThat(metrics.timer("waitless.sms.sends", "gateway", "scripted", "result", "failed").count()).isEqualTo(1);
            assertThat(metrics.find("waitless.sms.sends").tag("result", "sent").timer()).isNull();
        }
    }

    @Test
    void retries_stop_at_the_configured_attempts_with_the_last_failure() {
        fake.then(new Fail(true), 5);
        try (var gateway = gateway(THREE_TRIES, Duration.ofSeconds(2))) {
            SmsException e = catchThrowableOfType(SmsException.class, () -> gateway.send(MESSAGE));

            assertThat(e.retryable()).isTrue();
            assertThat(e).hasMessage("scripted failure 3");
            assertThat(fake.sent).hasSize(3);
        }
    }

    @Test
    void one_send_never_outlasts_the_deadline_even_when_the_gateway_hangs() {
        fake.then(new Fail(true)).then(new Hang(Duration.ofSeconds(5)));
        try (var gateway = gateway(new WaitlessConfig.Retry(5, Duration.ofMillis(10)), Duration.ofMillis(300))) {
            long start = System.nanoTime();
            SmsException e = catchThrowableOfType(SmsException.class, () -> gateway.send(MESSAGE));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(e.retryable()).isTrue();
            assertThat(e).hasMessageContaining("within PT0.3S").hasMessageContaining("scripted failure 1");
            assertThat(took).isLessThan(Duration.ofMillis(800));
        }
    }

    @Test
    void no_retry_starts_once_the_backoff_has_used_up_the_deadline() {
        fake.then(new Fail(true), 5);
        try (var gateway = gateway(new WaitlessConfig.Retry(5, Duration.ofMillis(150)), Duration.ofMillis(400))) {
            long start = System.nanoTime();
            SmsException e = catchThrowableOfType(SmsException.class, () -> gateway.send(MESSAGE));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(e.retryable()).isTrue();
            // tries at 0 and 150 ms; the next wait (300 ms) would end after the deadline
            assertThat(fake.sent).hasSize(2);
            assertThat(took).isLessThan(Duration.ofMillis(900));
        }
    }

    @Test
    void the_breaker_opens_after_the_window_fails_and_then_nothing_is_offered_or_sent() {
        fake.then(new Fail(true), 4);
        try (var gateway = gateway(new WaitlessConfig.Retry(1, Duration.ofMillis(10)), Duration.ofSeconds(2))) {
            for (int i = 0; i < 4; i++) {
                catchThrowableOfType(SmsException.class, () -> gateway.send(MESSAGE));
            }

            assertThat(gateway.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
            assertThat(gateway.available()).isFalse();
            SmsException e = catchThrowableOfType(SmsException.class, () -> gateway.send(MESSAGE));
            assertThat(e).hasMessageContaining("circuit breaker is open");
            assertThat(fake.sent).hasSize(4);
            assertThat(metrics.get("waitless.sms.breaker.state").gauge().value()).isEqualTo(1.0);
            assertThat(metrics.counter("waitless.sms.breaker.transitions", "gateway", "scripted", "to", "open")
                    .count()).isEqualTo(1);
        }
    }

    @Test
    void after_the_open_wait_one_trial_is_allowed_and_its_success_closes_the_breaker() {
        fake.then(new Fail(true), 4).then(new Accept());
        try (var gateway = gateway(new WaitlessConfig.Retry(1, Duration.ofMillis(10)), Duration.ofSeconds(2))) {
            for (int i = 0; i < 4; i++) {
                catchThrowableOfType(SmsException.class, () -> gateway.send(MESSAGE));
            }
            clock.advance(Duration.ofSeconds(29));
            assertThat(gateway.available()).isFalse();

            clock.advance(Duration.ofSeconds(2));
            assertThat(gateway.available()).isTrue();
            assertThat(gateway.breakerState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);

            gateway.send(MESSAGE);
            assertThat(gateway.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(gateway.available()).isTrue();
        }
    }

    @Test
    void a_failed_trial_opens_the_breaker_again() {
        fake.then(new Fail(true), 5);
        try (var gateway = gateway(new WaitlessConfig.Retry(1, Duration.ofMillis(10)), Duration.ofSeconds(2))) {
            for (int i = 0; i < 4; i++) {
                catchThrowableOfType(SmsException.class, () -> gateway.send(MESSAGE));
            }
            clock.advance(Duration.ofSeconds(31));
            assertThat(gateway.available()).isTrue();

            catchThrowableOfType(SmsException.class, () -> gateway.send(MESSAGE));

            assertThat(gateway.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
            assertThat(gateway.available()).isFalse();
        }
    }

    @Test
    void bad_numbers_never_open_the_breaker() {
        fake.then(new Fail(false), 10);
        try (var gateway = gateway(new WaitlessConfig.Retry(1, Duration.ofMillis(10)), Duration.ofSeconds(2))) {
            for (int i = 0; i < 10; i++) {
                catchThrowableOfType(SmsException.class, () -> gateway.send(MESSAGE));
            }

            assertThat(gateway.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(gateway.available()).isTrue();
        }
    }

    @Test
    void retries_count_as_separate_tries_for_the_breaker() {
        fake.then(new Fail(true), 4);
        try (var gateway = gateway(new WaitlessConfig.Retry(2, Duration.ofMillis(5)), Duration.ofSeconds(2))) {
            catchThrowableOfType(SmsException.class, () -> gateway.send(MESSAGE));
            catchThrowableOfType(SmsException.class, () -> gateway.send(MESSAGE));

            assertThat(fake.sent).hasSize(4);
            assertThat(gateway.available()).isFalse();
        }
    }

    /** A clock the test moves by hand, so the open-state wait needs no sleep. */
}
