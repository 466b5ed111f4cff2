package io.waitless.web;

import io.waitless.WaitlessException;

import java.time.Duration;

/**
 * Remembers which webhook messages were already handled, so a replayed or retried webhook records nothing
 * twice; shared by every node. Thread-safe; every call bounded by the store's timeout.
 */
public interface ReplayGuard {

    /**
     * Marks a message seen, atomically.
     *
     * @param source where it came from ({@code twilio-sms}, {@code kannel-dlr}…)
     * @param id     the message's id within that source
     * @param window how long to remember it
     * @return {@code true} the first time within the window, {@code false} for a repeat
     * @throws ReplayGuardException when the store cannot be reached (the hook answers 503; nothing recorded)
     */
    boolean firstSeen(String source, String id, Duration window);

    /** Forgets a message, so a retry after a failed handling is handled again. */
    void forget(String source, String id);

    /** The replay store could not be reached. */
    final class ReplayGuardException extends WaitlessException {
        public ReplayGuardException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
