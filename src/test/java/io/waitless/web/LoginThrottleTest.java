package io.waitless.web;

import io.waitless.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T09:00:00Z"));
    private final LoginThrottle t = new LoginThrottle(clock);

    private void fail(String user, int times) {
        for (int i = 0; i < times; i++) {
            t.failed(user);
        }
    }

    @Test
    void the_fifth_failure_in_a_row_locks_the_user_for_a_minute_and_no_one_else() {
        for (int i = 1; i < LoginThrottle.MAX_FAILURES; i++) {
            t.failed("ana");
            assertThat(t.locked("ana")).as("after %d failures", i).isZero();
        }
        t.failed("ana");

        assertThat(t.locked("ana")).isEqualTo(LoginThrottle.LOCK);
        assertThat(t.locked("ben")).isZero();
        clock.advance(Duration.ofSeconds(45));
        assertThat(t.locked("ana")).isEqualTo(Duration.ofSeconds(15));
        clock.advance(Duration.ofSeconds(15));
        assertThat(t.locked("ana")).isZero();
    }

    @Test
    void after_a_lock_ends_counting_starts_again_and_a_success_clears_it() {
        fail("ana", LoginThrottle.MAX_FAILURES);
        clock.advance(LoginThrottle.LOCK);

        t.failed("ana");
        assertThat(t.locked("ana")).isZero();

        fail("ana", LoginThrottle.MAX_FAILURES - 2);
        t.succeeded("ana");
        t.failed("ana");
        assertThat(t.locked("ana")).isZero();
        fail("ana", LoginThrottle.MAX_FAILURES - 1);
        assertThat(t.locked("ana")).as("five in a row after the success").isEqualTo(LoginThrottle.LOCK);
    }
}
