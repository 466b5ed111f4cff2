package io.waitless.config;

import io.waitless.deflect.HealthCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigLoaderChannelHealthTest {

    @TempDir
    Path dir;

    private ConfigFiles files() {
        return new ConfigFiles(dir);
    }

    private static String withApp(String app) {
        return ConfigFiles.VALID.replace("  - {id: app, kind: app, name: the Acme app}", app);
    }

    @Test
    void a_health_check_is_read_with_its_defaults() {
        WaitlessConfig c = files().load(withApp("""
                  - id: app
                    kind: app
                    name: the Acme app
                    health: {url: "https://status.acme.example/app"}
                """)).config();

        assertThat(c.channels().getFirst().health()).contains(new HealthCheck(URI.create("https://status.acme.example/app"),
                Duration.ofSeconds(30), Duration.ofSeconds(5), 2, 2));
    }

    @Test
    void every_key_of_a_health_check_is_read() {
        WaitlessConfig c = files().load(withApp("""
                  - id: app
                    kind: app
                    name: the Acme app
                    health:
                      url: http://10.0.0.5:8080/healthz
                      interval: 10s
                      timeout: 2s
                      failures-before-down: 3
                      successes-before-up: 5
                """)).config();

        assertThat(c.channels().getFirst().health()).contains(new HealthCheck(URI.create("http://10.0.0.5:8080/healthz"),
                Duration.ofSeconds(10), Duration.ofSeconds(2), 3, 5));
    }

    @Test
    void a_channel_without_a_health_check_has_none() {
        assertThat(files().load(ConfigFiles.VALID).config().channels().getFirst().health()).isEmpty();
    }

    @Test
    void a_timeout_not_shorter_than_the_interval_is_refused_at_its_line() {
        String yaml = withApp("""
                  - id: app
                    kind: app
                    name: the Acme app
                    health: {url: "https://status.acme.example/app", interval: 5s,
                             timeout: 5s}
                """);
        files().assertRefused(yaml, "timeout: 5s", "channels[0].health.timeout", "must be shorter than the interval");
    }

    @Test
    void a_health_check_without_a_url_or_with_a_bad_one_is_refused() {
        files().assertRefused(withApp("""
                  - id: app
                    kind: app
                    name: the Acme app
                    health: {interval: 10s}
                """), "health:", "channels[0].health.url", "");
        files().assertRefused(withApp("""
                  - id: app
                    kind: app
                    name: the Acme app
                    health: {url: "ftp://acme.example/x"}
                """), "health:", "channels[0].health.url", "");
    }

    @Test
    void thresholds_out_of_range_are_refused() {
        files().assertRefused(withApp("""
                  - id: app
                    kind: app
                    name: the Acme app
                    health: {url: "https://s.acme.example/", failures-before-down: 0}
                """), "health:", "channels[0].health.failures-before-down", "");
    }
}
