package io.waitless.sms;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.waitless.config.WaitlessConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Wraps any gateway with retries and a circuit breaker (resilience4j), within one overall deadline.
 *
 * <p><b>Retries</b>: only failures whose {@link SmsException#retryable()} is true (timeouts, refused
 * connections, throttling, 5xx), at most {@code retry.attempts} tries in all, waiting {@code retry.backoff}
 * before the second and doubling after. No try starts after the deadline, and a try still running at the
 * deadline is abandoned (its thread interrupted): one {@link #send} never takes much longer than
 * {@code deadline} ({@code sms.timeout}), because a caller is waiting on the line for the answer.
 *
 * <p><b>Circuit breaker</b>: count-based over the last {@code breaker.window} tries; when at least that many
 * were made and {@code breaker.failure-rate} percent of them failed retryably, it opens. While open, sends fail
 * at once and {@link #available()} is false, so no caller is offered a text. After {@code breaker.open-for}
 * one trial send is let through (half-open; {@link #available()} is true again): success closes it, failure
 * opens it again. Non-retryable failures (a bad number, wrong credentials) neither count as failures nor as
 * successes: one caller's bad number must not stop texts for everyone. Each state change is logged once at
 * WARN and counted in {@code waitless.sms.breaker.transitions}; the state is the gauge
 * {@code waitless.sms.breaker.state} (0 closed, 1 open, 2 half-open), both tagged with the gateway's name.
 *
 * <p>Thread-safe; each send runs on a virtual thread of its own so the deadline can be enforced.
 */
public final class ResilientSmsGateway implements SmsGateway {

    private static final Logger log = LoggerFactory.getLogger(ResilientSmsGateway.class);

    private final MeterRegistry metrics;
    private final SmsGateway delegate;
    private final Duration deadline;
    private final Retry retry;
    private final CircuitBreaker breaker;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    /** With the system clock. */
    public ResilientSmsGateway(SmsGateway delegate, Duration deadline, WaitlessConfig.Retry retry,
                               WaitlessConfig.Breaker breaker, MeterRegistry metrics) {
        this(delegate, deadline, retry, breaker, metrics, Clock.systemUTC());
    }

    /**
     * @param delegate the gateway to protect; closed with this one
     * @param deadline longest one {@link #send} may take, all tries and waits included
     * @param clock    the breaker's clock (tests move it past {@code open-for} instead of sleeping)
     */
    public ResilientSmsGateway(SmsGateway delegate, Duration deadline, WaitlessConfig.Retry retry,
                               WaitlessConfig.Breaker breaker, MeterRegistry metrics, Clock clock) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be positive, was " + deadline);
        }
        this.retry = Retry.of(delegate.name(), RetryConfig.custom()
                .maxAttempts(retry.attempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(retry.backoff(), 2.0))
                .retryOnException(ResilientSmsGateway::worthRetrying)
                .build());
        this.breaker = CircuitBreaker.of(delegate.name(), CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(breaker.window())
                .minimumNumberOfCalls(breaker.window())
                .failureRateThreshold(breaker.failureRate())
                .waitDurationInOpenState(breaker.openFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .ignoreException(e -> e instanceof SmsException s && !s.retryable())
                .clock(clock)
                .build());
        observe(metrics);
        this.metrics = metrics;
    }

    private static boolean worthRetrying(Throwable e) {
        return e instanceof SmsException s && s.retryable() && !(e instanceof OutOfTime);
    }

    private void observe(MeterRegistry metrics) {
        String name = delegate.name();
        Gauge.builder("waitless.sms.breaker.state", breaker, b -> switch (b.getState()) {
            case CLOSED, DISABLED, METRICS_ONLY -> 0;
            case OPEN, FORCED_OPEN -> 1;
            case HALF_OPEN -> 2;
        }).tag("gateway", name).description("SMS circuit breaker: 0 closed, 1 open, 2 half-open").register(metrics);
        breaker.getEventPublisher().onStateTransition(e -> {
            log.warn("SMS gateway {}: circuit breaker {} -> {}{}", name, e.getStateTransition().getFromState(),
                    e.getStateTransition().getToState(), switch (e.getStateTransition().getToState()) {
                        case OPEN -> " (texts are not offered for " + breaker.getCircuitBreakerConfig()
                                .getWaitIntervalFunctionInOpenState().apply(1) + " ms)";
                        case HALF_OPEN -> " (the next text is a trial)";
                        default -> "";
                    });
            Counter.builder("waitless.sms.breaker.transitions").tag("gateway", name)
                    .tag("to", e.getStateTransition().getToState().name().toLowerCase(Locale.ROOT))
                    .register(metrics).increment();
        });
        Counter retries = Counter.builder("waitless.sms.retries").tag("gateway", name)
                .description("SMS sends tried again after a retryable failure").register(metrics);
        retry.getEventPublisher().onRetry(e -> retries.increment());
    }

    @Override
    public String name() {
        return delegate.name();
    }

    /**
     * Sends with retries, within the deadline.
     *
     * @throws SmsException the last try's failure (retryable or not); a retryable one when the breaker is
     *                      open or the deadline passed
     */
    @Override
    public SmsReceipt send(SmsMessage message) {
        long start = System.nanoTime();
        String result = "failed";
        try {
            SmsReceipt r = sendWithin(message);
            result = "sent";
            return r;
        } finally {
            io.micrometer.core.instrument.Timer.builder("waitless.sms.sends").tag("gateway", name()).tag("result", result)
                    .description("SMS sends by result, and how long the gateway took (all tries)")
                    .register(metrics).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private SmsReceipt sendWithin(SmsMessage message) {
        long until = System.nanoTime() + deadline.toNanos();
        AtomicReference<SmsException> last = new AtomicReference<>();
        Map<String, String> mdc = MDC.getCopyOfContextMap(); // keep the call id in the gateway's log lines
        Future<SmsReceipt> pending = executor.submit(() -> {
            if (mdc != null) {
                MDC.setContextMap(mdc);
            }
            return tries(message, until, last);
        });
        try {
            return pending.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // read before cancelling: the interrupted try would otherwise race to record "interrupted" as the cause
            SmsException lastFailure = last.get();
            pending.cancel(true);
            throw new SmsException(name() + " gave no answer for SMS " + message.reference() + " within "
                    + deadline + (lastFailure == null ? "" : "; the try before failed: " + lastFailure.getMessage()),
                    true, lastFailure);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new SmsException("interrupted while sending SMS " + message.reference(), true, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SmsException s) {
                throw s;
            }
            throw new SmsException(name() + " failed on SMS " + message.reference() + ": " + e.getCause(), false,
                    e.getCause());
        }
    }

    private SmsReceipt tries(SmsMessage message, long until, AtomicReference<SmsException> last) {
        AtomicInteger attempt = new AtomicInteger();
        try {
            return retry.executeSupplier(() -> {
                int n = attempt.incrementAndGet();
                if (n > 1 && System.nanoTime() >= until) {
                    throw new OutOfTime(name() + " could not send SMS " + message.reference() + " within "
                            + deadline + " (" + (n - 1) + " tries): " + last.get().getMessage(), last.get());
                }
                try {
                    return breaker.executeSupplier(() -> delegate.send(message));
                } catch (SmsException e) {
                    last.set(e);
                    if (worthRetrying(e)) {
                        log.warn("SMS {} try {} of {} through {} failed: {}", message.reference(), n,
                                retry.getRetryConfig().getMaxAttempts(), name(), e.getMessage());
                    }
                    throw e;
                }
            });
        } catch (CallNotPermittedException e) {
            throw new SmsException(name() + " circuit breaker is open after repeated failures; SMS "
                    + message.reference() + " was not sent", true, e);
        }
    }

    /**
     * False while the breaker is open; true when closed or half-open (so a trial send can happen), and only
     * when the wrapped gateway is available too. Moves an open breaker whose wait is over to half-open.
     */
    @Override
    public boolean available() {
        boolean open = switch (breaker.getState()) {
            case OPEN -> {
                // past open-for, this moves the breaker to half-open; the permit is handed straight back
                boolean permitted = breaker.tryAcquirePermission();
                if (permitted) {
                    breaker.releasePermission();
                }
                yield !permitted;
            }
            case FORCED_OPEN -> true;
            default -> false;
        };
        return !open && delegate.available();
    }

    /** The breaker's state, for health checks and tests. */
    public CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    /** Abandons sends in flight and closes the wrapped gateway. */
    @Override
    public void close() {
        executor.shutdownNow();
        delegate.close();
    }

    /** The deadline came before another try could start; never retried. */
    private static final class OutOfTime extends SmsException {
        OutOfTime(String message, SmsException last) {
            super(message, true, last);
        }
    }
}
