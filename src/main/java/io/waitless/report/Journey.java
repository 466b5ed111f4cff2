package io.waitless.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Every stored event of one caller across their calls, oldest first: the touchpoint map of a caller. The caller
 * appears only by reference and masked number; events trimmed by retention are gone.
 *
 * @param callerRef the caller's keyed reference
 * @param masked    the masked number ({@code +97250•••4567}), "" when no event carried it
 * @param events    the events, oldest first
 */
public record Journey(String callerRef, String masked, List<Touch> events) {

    /** One event: when, what, in which call, and its attributes (never a full number). */
    public record Touch(Instant time, String type, String callId, Map<String, String> attributes) {}

    public Journey {
        events = List.copyOf(events);
    }
}
