package io.waitless.sms;

import java.time.Instant;
import java.util.Objects;

/**
 * What a gateway learned about a text after accepting it: the operator's delivery report, translated from
 * the gateway's wire form (SMPP {@code deliver_sm} receipt, Kannel DLR callback, Twilio status callback).
 *
 * @param gateway   which gateway reported it ({@code smpp}, {@code kannel}, {@code twilio})
 * @param messageId the gateway's id for the text, as in {@link SmsReceipt#messageId()}; empty when unknown
 * @param reference our id for the text ({@link SmsMessage#reference()}); empty when the gateway cannot echo
 *                  it (SMPP receipts carry only the message id)
 * @param status    the outcome, as far as the operator says
 * @param detail    the gateway's own words for it (e.g. {@code "stat:DELIVRD err:000"}); never holds a number
 *                  unmasked
 * @param at        when the operator says it happened, or when the report arrived if it says nothing
 */
public record DeliveryReport(String gateway, String messageId, String reference, Status status, String detail,
                             Instant at) {

    /** The closed set of outcomes a report can name. */
    public enum Status {
        /** The handset has the text. */
        DELIVERED,
        /** The operator gave up (expired, rejected, undeliverable, deleted). */
        UNDELIVERED,
        /** An intermediate or unrecognised state ({@code ENROUTE}, {@code ACCEPTD}, {@code UNKNOWN}). */
        UNKNOWN
    }

    public DeliveryReport {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(at, "at");
    }
}
