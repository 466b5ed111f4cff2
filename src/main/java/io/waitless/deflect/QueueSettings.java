package io.waitless.deflect;

import java.util.Objects;

/**
 * What Waitless knows about one Asterisk queue.
 *
 * @param name                    the queue's name in queues.conf
 * @param language                the language of its callers' prompts and texts ({@code en})
 * @param periodicAnnounceEvery   queues.conf {@code periodic-announce-frequency}: how often app_queue
 *                                plays the "press 1" announcement, used to count offers made
 */
public record QueueSettings(String name, String language, java.time.Duration periodicAnnounceEvery) {
    public QueueSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(periodicAnnounceEvery, "periodicAnnounceEvery");
    }
}
