package io.waitless.audiosocket;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Which handler takes the AudioSocket connection that announces a given UUID. The AGI side registers a
 * handler before it runs {@code EXEC AudioSocket <uuid>,host:port} and closes the registration afterwards.
 * Thread-safe.
 */
public final class AudioSocketRegistry {
    private final ConcurrentMap<UUID, AudioSocketHandler> handlers = new ConcurrentHashMap<>();

    /**
     * @return a registration whose {@code close()} removes this handler again (idempotent)
     * @throws IllegalStateException if the UUID already has a handler
     */
    public Registration register(UUID id, AudioSocketHandler handler) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(handler, "handler");
        if (handlers.putIfAbsent(id, handler) != null) {
            throw new IllegalStateException("AudioSocket UUID " + id + " already has a handler");
        }
        return new Registration(id, handler);
    }

    /** The handler registered for {@code id}, if any. */
    public Optional<AudioSocketHandler> find(UUID id) {
        return Optional.ofNullable(handlers.get(id));
    }

    /** A live registration; closing it unregisters the handler (never a later one under the same UUID). */
    public final class Registration implements AutoCloseable {
        private final UUID id;
        private final AudioSocketHandler handler;

        private Registration(UUID id, AudioSocketHandler handler) {
            this.id = id;
            this.handler = handler;
        }

        public UUID id() {
            return id;
        }

        @Override
        public void close() {
            handlers.remove(id, handler);
        }
    }
}
