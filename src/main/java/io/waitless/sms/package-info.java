/**
 * Sending texts: the {@link io.waitless.sms.SmsGateway} port, its adapters ({@link io.waitless.sms.LogSmsGateway}
 * for the demo, {@link io.waitless.sms.KannelSmsGateway} for Kannel's sendsms HTTP interface,
 * {@link io.waitless.sms.TwilioSmsGateway} for Twilio-compatible REST APIs, {@link io.waitless.sms.SmppSmsGateway}
 * for SMPP), the {@link io.waitless.sms.ResilientSmsGateway} decorator (retries and circuit breaker), the factory
 * that picks one from {@code sms.gateway}, delivery reports ({@link io.waitless.sms.DeliveryReport},
 * {@link io.waitless.sms.DeliveryListener}) and GSM-7 encoding and segment counting. This package owns the
 * gateways' wire formats and translates every failure into {@link io.waitless.sms.SmsException} with a retryable
 * flag; it may depend on {@code io.waitless} (the root exception), {@code config}, {@code call} (phone masking),
 * the JDK's HTTP client, Gson, jsmpp, resilience4j, Micrometer and SLF4J, and on nothing else. Numbers are logged
 * masked; gateway credentials are never logged.
 */
package io.waitless.sms;
