package io.waitless.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after {@value #MAX_FAILURES} failed log-ins in a row a user is locked for
 * {@link #LOCK}; each failure while counting is also a bcrypt's time. Counted only for configured users, so
 * made-up names cannot fill memory, and per node (in memory). A success clears the count. Thread-safe.
 */
final class LoginThrottle {
    static final int MAX_FAILURES = 5;
    static final Duration LOCK = Duration.ofMinutes(1);

    private record State(int failures, Instant lockedUntil) {}

    private final Map<String, State> users = new ConcurrentHashMap<>();
    private final Clock clock;

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long {@code user} must still wait; zero when they may try. */
    Duration locked(String user) {
        State s = users.get(user);
        if (s == null || s.lockedUntil == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), s.lockedUntil);
        return left.isNegative() || left.isZero() ? Duration.ZERO : left;
    }

    /** Records a failed log-in of a configured user; the {@value #MAX_FAILURES}th in a row locks them. */
    void failed(String user) {
        users.compute(user, (k, s) -> {
            int failures = (s == null || s.lockedUntil != null && !clock.instant().isBefore(s.lockedUntil)
                    ? 0 : s.failures) + 1;
            return failures >= MAX_FAILURES ? new State(failures, clock.instant().plus(LOCK)) : new State(failures, null);
        });
    }

    void succeeded(String user) {
        users.remove(user);
    }
}
