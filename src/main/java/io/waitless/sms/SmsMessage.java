package io.waitless.sms;

import java.util.Objects;

/**
 * @param reference our id for the message (the deflection id), echoed in delivery reports
 * @param to        recipient in E.164 ({@code +972501234567})
 * @param from      sender id or number
 * @param text      the message body
 */
public record SmsMessage(String reference, String to, String from, String text) {
    public SmsMessage {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(text, "text");
        if (!to.matches("\\+[1-9]\\d{6,14}")) {
            throw new IllegalArgumentException("recipient is not an E.164 number");
        }
    }
}
