package io.waitless.sms;

import io.waitless.config.ConfigException;
import io.waitless.config.WaitlessConfig;

/** Builds the gateway {@code sms.gateway} names. */
public final class SmsGateways {

    private SmsGateways() {
    }

    /**
     * @return a new gateway the caller owns and must close
     * @throws ConfigException when {@code sms.gateway} is {@code kannel} but {@code sms.kannel} is missing
     */
    public static SmsGateway create(WaitlessConfig.Sms cfg) {
        return switch (cfg.gateway()) {
            case LOG -> new LogSmsGateway(cfg.outbox());
            case KANNEL -> new KannelSmsGateway(cfg.kannel().orElseThrow(() -> new ConfigException(
                    "sms.gateway is kannel but there is no sms.kannel section")), cfg.timeout());
            case TWILIO, SMPP -> throw new ConfigException("sms.gateway " + cfg.gateway() + " is not wired yet");
        };
    }
}
