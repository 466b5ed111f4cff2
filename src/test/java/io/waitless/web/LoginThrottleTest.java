package io.waitless.web;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTest {
    /** A clock the test moves. */
    private static final class Moving extends Clock {
        Instant now = Instant.parse("2026-12-03T09:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void the_fifth_failure_in_a_row_locks_the_user_for_a_minute_and_no_one_else() {
        Moving clock = new Moving();
        LoginThrottle t = new LoginThrottle(clock);

        for (int i = 1; i < LoginThrottle.MAX_FAILURES; i++) {
            t.failed("ana");
            assertThat(t.locked("ana")).as("after %d failures", i).isZero();
        }
        t.failed("ana");

        assertThat(t.locked("ana")).isEqualTo(LoginThrottle.LOCK);
        assertThat(t.locked("ben")).isZero();
        clock.now = clock.now.plusSeconds(45);
        assertThat(t.locked("ana")).isEqualTo(Duration.ofSeconds(15));
        clock.now = clock.now.plusSeconds(15);
        assertThat(t.locked("ana")).isZero();
    }

    @Test
    void after_a_lock_ends_counting_starts_again_and_a_success_clears_it() {
        Moving clock = new Moving();
        LoginThrottle t = new LoginThrottle(clock);
        for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
            t.failed("ana");
        }
        clock.now = clock.now.plus(LoginThrottle.LOCK);

        t.failed("ana");
        assertThat(t.locked("ana")).isZero();

        for (int i = 0; i < LoginThrottle.MAX_FAILURES - 2; i++) {
            t.failed("ana");
        }
        t.succeeded("ana");
        t.failed("ana");
        assertThat(t.locked("ana")).isZero();
    }
}
