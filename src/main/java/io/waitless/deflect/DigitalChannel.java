package io.waitless.deflect;

import java.util.Objects;

/**
 * A digital channel the company promotes while callers wait (the app, the website, WhatsApp, chat).
 *
 * @param id     short id used in config, events and reports ({@code app}, {@code web}, {@code whatsapp})
 * @param kind   what sort of channel it is
 * @param name   how prompts and texts name it ("the Galil Cable app")
 */
public record DigitalChannel(String id, Kind kind, String name) {
    public enum Kind { APP, WEB, WHATSAPP, CHAT }

    public DigitalChannel {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }
}
