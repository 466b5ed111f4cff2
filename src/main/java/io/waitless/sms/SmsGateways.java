package io.waitless.sms;

import io.micrometer.core.instrument.MeterRegistry;
import io.waitless.config.ConfigException;
import io.waitless.config.WaitlessConfig;

import java.time.Clock;

/** Builds the gateway {@code sms.gateway} names, wrapped in retries and a circuit breaker. */
public final class SmsGateways {

    private SmsGateways() {
    }

    /**
     * @param metrics  where the breaker's state and transitions and the retry count go
     * @param receipts gets delivery reports from gateways that receive them themselves (SMPP); Kannel and
     *                 Twilio report to the web endpoints instead
     * @return a new {@link ResilientSmsGateway} the caller owns and must close; it closes the gateway inside
     * @throws ConfigException when the block {@code sms.gateway} names is missing
     */
    public static ResilientSmsGateway create(WaitlessConfig.Sms cfg, MeterRegistry metrics,
                                             DeliveryListener receipts) {
        return new ResilientSmsGateway(bare(cfg, receipts), cfg.timeout(), cfg.retry(), cfg.breaker(), metrics);
    }

    /** The configured gateway alone, without retries or breaker (for tests and diagnostics). */
    static SmsGateway bare(WaitlessConfig.Sms cfg, DeliveryListener receipts) {
        return switch (cfg.gateway()) {
            case LOG -> new LogSmsGateway(cfg.outbox());
            case KANNEL -> new KannelSmsGateway(cfg.kannel().orElseThrow(() -> missing("kannel")), cfg.timeout());
            case TWILIO -> new TwilioSmsGateway(cfg.twilio().orElseThrow(() -> missing("twilio")), cfg.timeout());
            case SMPP -> new SmppSmsGateway(cfg.smpp().orElseThrow(() -> missing("smpp")), cfg.timeout(), receipts,
                    Clock.systemUTC());
        };
    }

    private static ConfigException missing(String block) {
        return new ConfigException("sms.gateway is " + block + " but there is no sms." + block + " section");
    }
}
