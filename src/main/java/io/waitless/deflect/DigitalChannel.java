package io.waitless.deflect;

import java.util.Objects;
import java.util.Optional;

/**
 * A digital channel the company promotes while callers wait (the app, the website, WhatsApp, chat).
 *
 * @param id     short id used in config, events and reports ({@code app}, {@code web}, {@code whatsapp})
 * @param kind   what sort of channel it is
 * @param name   how prompts and texts name it ("the Galil Cable app")
 * @param health how its health is checked; empty when it is not (it is up unless set down by hand)
 */
public record DigitalChannel(String id, Kind kind, String name, Optional<HealthCheck> health) {
    public enum Kind { APP, WEB, WHATSAPP, CHAT }

    public DigitalChannel {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(health, "health");
    }

    /** A channel without a health check. */
    public DigitalChannel(String id, Kind kind, String name) {
        this(id, kind, name, Optional.empty());
    }
}
