package io.waitless.call;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One fact in the deflection journal. Phone numbers never appear here: callers are named by their
 * keyed reference ({@link CallerId#reference()}) and, for people, by a masked number.
 *
 * @param type       what happened
 * @param time       when it happened
 * @param callId     Asterisk's uniqueid of the call (constant across queue exits and re-entries); may be empty
 *                   for events that happen off the call (a link opened)
 * @param attributes the rest, by name: {@code queue}, {@code promotion}, {@code deflection}, {@code caller},
 *                   {@code reason}, {@code outcome}… in insertion order
 */
public record CallEvent(EventType type, Instant time, String callId, Map<String, String> attributes) {

    public CallEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        callId = callId == null ? "" : callId;
        attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    public static Builder of(EventType type, Instant time, String callId) {
        return new Builder(type, time, callId);
    }

    public String attribute(String name) {
        return attributes.getOrDefault(name, "");
    }

    /** Builds an event; blank values are left out so the journal holds no empty fields. */
    public static final class Builder {
        private final EventType type;
        private final Instant time;
        private final String callId;
        private final Map<String, String> attributes = new LinkedHashMap<>();

        private Builder(EventType type, Instant time, String callId) {
            this.type = type;
            this.time = time;
            this.callId = callId;
        }

        public Builder with(String name, Object value) {
            if (value != null && !value.toString().isBlank()) {
                attributes.put(name, value.toString());
            }
            return this;
        }

        public CallEvent build() {
            return new CallEvent(type, time, callId, attributes);
        }
    }
}
