package io.waitless.followup;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One thing to do later, as it is put on the {@link DueQueue}.
 *
 * @param id      unique and stable ({@code survey:<deflection id>}): scheduling the same id twice is a no-op, which
 *                is what makes planning idempotent
 * @param kind    which {@link FollowUpTask} runs it ({@code survey})
 * @param due     when it may run at the earliest
 * @param payload what the task needs, by name; never a raw phone number (see {@link NumberVault})
 */
public record FollowUp(String id, String kind, Instant due, Map<String, String> payload) {
    public FollowUp {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(due, "due");
        if (id.isBlank() || id.length() > 200 || id.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("a follow-up id is 1 to 200 characters without spaces");
        }
        payload = Map.copyOf(payload);
    }
}
