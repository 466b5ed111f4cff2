package io.waitless.sms;

/**
 * @param gateway   which gateway accepted it
 * @param messageId the gateway's id for it, or empty when the gateway gives none
 * @param detail    the gateway's own words (Kannel: "0: Accepted for delivery")
 */
public record SmsReceipt(String gateway, String messageId, String detail) {}
