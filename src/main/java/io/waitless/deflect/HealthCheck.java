package io.waitless.deflect;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How a digital channel's health is checked: an HTTP GET of {@code url} every {@code interval}; a 2xx answer
 * within {@code timeout} is a success, anything else (another status, a refused connection, no answer in time)
 * a failure. The channel goes down after {@code failuresBeforeDown} failures in a row and comes back up after
 * {@code successesBeforeUp} successes in a row.
 */
public record HealthCheck(URI url, Duration interval, Duration timeout, int failuresBeforeDown, int successesBeforeUp) {
    public HealthCheck {
        Objects.requireNonNull(url, "url");
        if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("interval and timeout must be positive");
        }
        if (timeout.compareTo(interval) >= 0) {
            throw new IllegalArgumentException("timeout " + timeout + " must be shorter than the interval " + interval);
        }
        if (failuresBeforeDown < 1 || successesBeforeUp < 1) {
            throw new IllegalArgumentException("failures-before-down and successes-before-up must be at least 1");
        }
    }
}
