package io.waitless.deflect;

import java.time.Duration;
import java.util.Set;

/**
 * Which promotions a caller said no to recently, so they are not offered them again (a caller is never
 * spammed). Keyed by caller reference and promotion slot (an experiment counts as one). Implementations bound
 * every wait; one that cannot answer says so with {@link DeclinesUnavailableException}, and the caller is then
 * treated as having declined nothing (the offer is a suggestion, never a trap).
 */
public interface Declines {
    /** The slots this caller declined whose rest has not ended. */
    Set<String> recent(String callerRef);

    /** Records a no, remembered for {@code rest}. */
    void record(String callerRef, String slot, Duration rest);

    /** Remembers nothing. */
    Declines NONE = new Declines() {
        @Override
        public Set<String> recent(String callerRef) {
            return Set.of();
        }

        @Override
        public void record(String callerRef, String slot, Duration rest) {
        }
    };

    final class DeclinesUnavailableException extends RuntimeException {
        public DeclinesUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
