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
        if (!(attributes instanceof Frozen)) {
            attributes = new Frozen(new LinkedHashMap<>(attributes));
        }
    }

    /**
     * Attributes no one can change: the copy an event makes of the map it is given, or the map its {@link Builder}
     * built (handed over without a second copy: an event is made for every step of every call).
     */
    private static final class Frozen extends java.util.AbstractMap<String, String> {
        private final Map<String, String> map;

        Frozen(LinkedHashMap<String, String> map) {
            this.map = map;
        }

        @Override
        public java.util.Set<Entry<String, String>> entrySet() {
            return java.util.Collections.unmodifiableMap(map).entrySet();
        }

        @Override
        public String get(Object key) {
            return map.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return map.containsKey(key);
        }

        @Override
        public int size() {
            return map.size();
        }
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
        private LinkedHashMap<String, String> attributes = new LinkedHashMap<>();
        /** Whether an event built holds {@link #attributes} (a later {@link #with} then copies them first). */
        private boolean built;

        private Builder(EventType type, Instant time, String callId) {
            this.type = type;
            this.time = time;
            this.callId = callId;
        }

        public Builder with(String name, Object value) {
            if (value != null && !value.toString().isBlank()) {
                if (built) {
                    attributes = new LinkedHashMap<>(attributes);
                    built = false;
                }
                attributes.put(name, value.toString());
            }
            return this;
        }

        /** The event; the builder may go on (it then works on a copy of what it has built so far). */
        public CallEvent build() {
            built = true;
            return new CallEvent(type, time, callId, new Frozen(attributes));
        }
    }
}
