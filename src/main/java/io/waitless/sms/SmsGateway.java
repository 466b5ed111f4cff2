package io.waitless.sms;

/**
 * Sends one text message. The port every gateway (log, Kannel, later Twilio-style and SMPP) implements.
 *
 * <p>Blocking and thread-safe; a send never takes longer than the gateway's configured timeout, after which
 * it fails with an {@link SmsException}. Numbers are passed in E.164 and never logged unmasked.
 */
public interface SmsGateway extends AutoCloseable {

    /** A short name for logs, metrics and events ({@code log}, {@code kannel}). */
    String name();

    /**
     * Hands the message to the gateway.
     *
     * @return the gateway's receipt once it accepted the message for delivery
     * @throws SmsException when the gateway refused it, failed or did not answer in time
     */
    SmsReceipt send(SmsMessage message);

    /**
     * Whether a text can be promised now. {@code false} while the gateway's circuit breaker is open: the
     * caller is then not offered a text at all.
     */
    default boolean available() {
        return true;
    }

    @Override
    default void close() {
    }
}
