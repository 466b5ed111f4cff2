package io.waitless.followup;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A follow-up as an operator sees it ({@code waitless followup list}). The payload holds no number in clear
 * (the encrypted one is left out).
 *
 * @param status    where it is
 * @param at        its due time (due), lease expiry (leased) or when it finished (done, failed, cancelled)
 * @param owner     the node holding or last holding it; empty when none
 * @param lastError the last failure or result, empty when none
 */
public record ItemView(String id, String kind, Status status, Instant at, int attempts, String owner,
                       String lastError, Map<String, String> payload) {

    /** Where a follow-up is. */
    public enum Status {
        DUE, LEASED, DONE, FAILED, CANCELLED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Optional<Status> of(String wire) {
            for (Status s : values()) {
                if (s.wireName().equals(wire)) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }
    }
}
