package io.waitless.sms;

import io.waitless.config.ConfigException;
import io.waitless.config.WaitlessConfig;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SmsGatewaysTest {

    private static WaitlessConfig.Sms sms(WaitlessConfig.GatewayKind kind, Optional<WaitlessConfig.Kannel> kannel) {
        return new WaitlessConfig.Sms(kind, "Waitless", Duration.ofSeconds(5), Map.of(), kannel,
                Path.of("var/sms-outbox.jsonl"));
    }

    @Test
    void the_log_gateway_writes_to_the_configured_outbox() {
        try (SmsGateway gateway = SmsGateways.create(sms(WaitlessConfig.GatewayKind.LOG, Optional.empty()))) {
            assertThat(gateway).isInstanceOfSatisfying(LogSmsGateway.class,
                    g -> assertThat(g.outbox()).isEqualTo(Path.of("var/sms-outbox.jsonl")));
            assertThat(gateway.name()).isEqualTo("log");
        }
    }

    @Test
    void the_kannel_gateway_is_built_from_the_kannel_section() {
        var kannel = new WaitlessConfig.Kannel(URI.create("http://127.0.0.1:13013/cgi-bin/sendsms"), "u", "p", "");
        try (SmsGateway gateway = SmsGateways.create(sms(WaitlessConfig.GatewayKind.KANNEL, Optional.of(kannel)))) {
            assertThat(gateway).isInstanceOf(KannelSmsGateway.class);
            assertThat(gateway.name()).isEqualTo("kannel");
        }
    }

    @Test
    void kannel_without_its_section_is_a_config_error() {
        assertThatThrownBy(() -> SmsGateways.create(sms(WaitlessConfig.GatewayKind.KANNEL, Optional.empty())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sms.kannel");
    }
}
