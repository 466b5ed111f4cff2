package io.waitless.sms;

import io.micrometer.core.instrument.MeterRegistry;
import io.waitless.config.ConfigException;
import io.waitless.config.WaitlessConfig;

import java.time.Clock;
import java.util.Optional;

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
    public static ResilientSmsGateway create(WaitlessConfig cfg, MeterRegistry metrics, DeliveryListener receipts) {
        WaitlessConfig.Sms sms = cfg.sms();
        Optional<KannelDlrUrls> reports = sms.kannel().flatMap(WaitlessConfig.Kannel::dlrUrl)
                .filter(url -> !cfg.hooks().kannelSecret().isEmpty())
                .map(url -> new KannelDlrUrls(url, cfg.hooks().kannelSecret()));
        return new ResilientSmsGateway(bare(sms, receipts, reports), sms.timeout(), sms.retry(), sms.breaker(),
                metrics);
    }

    /** Like {@link #create(WaitlessConfig, MeterRegistry, DeliveryListener)}, but Kannel asks for no reports. */
    public static ResilientSmsGateway create(WaitlessConfig.Sms cfg, MeterRegistry metrics,
                                             DeliveryListener receipts) {
        return new ResilientSmsGateway(bare(cfg, receipts, Optional.empty()), cfg.timeout(), cfg.retry(),
                cfg.breaker(), metrics);
    }

    /** The configured gateway alone, without retries or breaker (for tests and diagnostics). */
    static SmsGateway bare(WaitlessConfig.Sms cfg, DeliveryListener receipts) {
        return bare(cfg, receipts, Optional.empty());
    }

    private static SmsGateway bare(WaitlessConfig.Sms cfg, DeliveryListener receipts,
                                   Optional<KannelDlrUrls> reports) {
        return switch (cfg.gateway()) {
            case LOG -> new LogSmsGateway(cfg.outbox());
            case KANNEL -> new KannelSmsGateway(cfg.kannel().orElseThrow(() -> missing("kannel")), cfg.timeout(),
                    reports);
            case TWILIO -> new TwilioSmsGateway(cfg.twilio().orElseThrow(() -> missing("twilio")), cfg.timeout());
            case SMPP -> new SmppSmsGateway(cfg.smpp().orElseThrow(() -> missing("smpp")), cfg.timeout(), receipts,
                    Clock.systemUTC());
        };
    }

    private static ConfigException missing(String block) {
        return new ConfigException("sms.gateway is " + block + " but there is no sms." + block + " section");
    }
}
