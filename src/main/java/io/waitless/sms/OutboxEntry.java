package io.waitless.sms;

import java.time.Instant;
import java.util.Objects;

/**
 * One text as the {@link LogSmsGateway} wrote it to the outbox.
 *
 * @param time      when it was written
 * @param reference our id for the message (the deflection id)
 * @param to        the recipient, already masked ({@code +97250•••4567}); the outbox never holds the number
 * @param from      sender id
 * @param text      the message body, exactly as sent
 * @param segments  SMS segments the body takes ({@link Gsm7#segments})
 */
public record OutboxEntry(Instant time, String reference, String to, String from, String text, int segments) {
    public OutboxEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(text, "text");
    }
}
