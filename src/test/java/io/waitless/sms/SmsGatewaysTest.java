package io.waitless.sms;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.waitless.config.ConfigException;
import io.waitless.config.WaitlessConfig;
import io.waitless.config.WaitlessConfig.GatewayKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SmsGatewaysTest {

    private static final WaitlessConfig.Kannel KANNEL =
            new WaitlessConfig.Kannel(URI.create("http://127.0.0.1:13013/cgi-bin/sendsms"), "u", "p", "");
    private static final WaitlessConfig.Twilio TWILIO = new WaitlessConfig.Twilio(URI.create("https://api.twilio.com"),
            "AC1", "AC1", "token", Optional.empty(), Optional.empty());
    private static final WaitlessConfig.Smpp SMPP = new WaitlessConfig.Smpp("127.0.0.1", 2775, "id", "pw", "",
            Duration.ofSeconds(1), Duration.ofSeconds(30), OptionalInt.empty(), OptionalInt.empty());

    private static WaitlessConfig.Sms sms(GatewayKind kind, boolean withBlocks) {
        return new WaitlessConfig.Sms(kind, "Waitless", Duration.ofSeconds(5), Map.of("en", "{link}"),
                withBlocks ? Optional.of(KANNEL) : Optional.empty(), Path.of("var/sms-outbox.jsonl"), Map.of(),
                withBlocks ? Optional.of(TWILIO) : Optional.empty(), withBlocks ? Optional.of(SMPP) : Optional.empty(),
                WaitlessConfig.Retry.DEFAULT, WaitlessConfig.Breaker.DEFAULT);
    }

    @Test
    void the_log_gateway_writes_to_the_configured_outbox() {
        try (SmsGateway gateway = SmsGateways.bare(sms(GatewayKind.LOG, false), DeliveryListener.NONE)) {
            assertThat(gateway).isInstanceOfSatisfying(LogSmsGateway.class,
                    g -> assertThat(g.outbox()).isEqualTo(Path.of("var/sms-outbox.jsonl")));
        }
    }

    @ParameterizedTest
    @EnumSource(GatewayKind.class)
    void each_gateway_kind_is_built_from_its_block_and_wrapped_in_retries_and_a_breaker(GatewayKind kind) {
        var metrics = new SimpleMeterRegistry();
        try (ResilientSmsGateway gateway = SmsGateways.create(sms(kind, true), metrics, DeliveryListener.NONE)) {
            assertThat(gateway.name()).isEqualTo(kind.name().toLowerCase(java.util.Locale.ROOT));
            assertThat(gateway.available()).isTrue();
            assertThat(metrics.find("waitless.sms.breaker.state").tag("gateway", gateway.name()).gauge()).isNotNull();
        }
    }

    @ParameterizedTest
    @EnumSource(value = GatewayKind.class, names = {"KANNEL", "TWILIO", "SMPP"})
    void a_gateway_without_its_block_is_a_config_error(GatewayKind kind) {
        assertThatThrownBy(() -> SmsGateways.create(sms(kind, false), new SimpleMeterRegistry(),
                DeliveryListener.NONE))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sms." + kind.name().toLowerCase(java.util.Locale.ROOT));
    }
}
