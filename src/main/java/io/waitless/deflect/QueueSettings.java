package io.waitless.deflect;

import java.util.Objects;
import java.util.Optional;

/**
 * What Waitless knows about one Asterisk queue.
 *
 * @param name                    the queue's name in queues.conf
 * @param language                the language of its callers' prompts and texts ({@code en})
 * @param periodicAnnounceEvery   queues.conf {@code periodic-announce-frequency}: how often app_queue
 *                                plays the "press 1" announcement, used to count offers made
 * @param region                  ISO region of numbers that reach this queue in national format ({@code IL});
 *                                empty: {@code callers.default-region}
 */
public record QueueSettings(String name, String language, java.time.Duration periodicAnnounceEvery,
                            Optional<String> region) {
    public QueueSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(periodicAnnounceEvery, "periodicAnnounceEvery");
        Objects.requireNonNull(region, "region");
    }

    /** A queue whose callers' national numbers belong to {@code callers.default-region}. */
    public QueueSettings(String name, String language, java.time.Duration periodicAnnounceEvery) {
        this(name, language, periodicAnnounceEvery, Optional.empty());
    }
}
