package io.waitless.sms;

/**
 * Receives delivery reports from every gateway (SMPP receipts, Kannel DLR callbacks, Twilio status
 * callbacks), all in one form.
 *
 * <p>Called on the gateway's own thread (an SMPP session's receiver, a web request): an implementation must be
 * thread-safe and quick, and must not throw; the caller logs and drops anything it throws. A report may come
 * more than once and reports for one text may come out of order.
 */
@FunctionalInterface
public interface DeliveryListener {

    /** A listener that drops every report, for gateways without a consumer (the CLI, tests). */
    DeliveryListener NONE = r -> { };

    void delivered(DeliveryReport r);
}
