package io.waitless.web;

import java.util.Locale;
import java.util.Optional;

/**
 * A gateway's report on one text, translated from its wire values.
 *
 * @param deflection the deflection the text belongs to (the hook URL's {@code ref})
 * @param outcome    what it means for the funnel
 * @param gateway    {@code kannel} or {@code twilio}
 * @param status     the gateway's own status value ({@code 1}, {@code undelivered})
 * @param detail     a few words for operators (error code, meaning)
 */
record DeliveryStatus(String deflection, Outcome outcome, String gateway, String status, String detail) {

    enum Outcome {
        DELIVERED,
        UNDELIVERED,
        /** An intermediate state (queued, buffered, accepted by the SMSC): logged only. */
        PENDING
    }

    /**
     * Kannel's report types ({@code %d}): 1 delivered to phone, 2 not delivered to phone, 4 buffered,
     * 8 accepted by the SMSC, 16 rejected by the SMSC. Empty for anything else.
     */
    static Optional<DeliveryStatus> fromKannel(String ref, String status) {
        String s = status == null ? "" : status.strip();
        return Optional.ofNullable(switch (s) {
            case "1" -> new DeliveryStatus(ref, Outcome.DELIVERED, "kannel", s, "delivered to phone");
            case "2" -> new DeliveryStatus(ref, Outcome.UNDELIVERED, "kannel", s, "not delivered to phone");
            case "16" -> new DeliveryStatus(ref, Outcome.UNDELIVERED, "kannel", s, "rejected by the SMSC");
            case "4" -> new DeliveryStatus(ref, Outcome.PENDING, "kannel", s, "buffered");
            case "8" -> new DeliveryStatus(ref, Outcome.PENDING, "kannel", s, "accepted by the SMSC");
            default -> null;
        });
    }

    /**
     * Twilio's {@code MessageStatus}: delivered; undelivered and failed (with {@code ErrorCode});
     * accepted, scheduled, queued, sending, sent are intermediate. Empty for anything else.
     */
    static Optional<DeliveryStatus> fromTwilio(String ref, String status, String errorCode) {
        String s = status == null ? "" : status.strip().toLowerCase(Locale.ROOT);
        String error = errorCode == null || errorCode.isBlank() ? "" : "error " + errorCode.strip();
        return Optional.ofNullable(switch (s) {
            case "delivered" -> new DeliveryStatus(ref, Outcome.DELIVERED, "twilio", s, "delivered");
            case "undelivered", "failed" -> new DeliveryStatus(ref, Outcome.UNDELIVERED, "twilio", s,
                    error.isEmpty() ? s : s + ", " + error);
            case "accepted", "scheduled", "queued", "sending", "sent" ->
                    new DeliveryStatus(ref, Outcome.PENDING, "twilio", s, s);
            default -> null;
        });
    }
}
