package io.waitless.sim;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeConfigFileTest {
    private static final String YAML = """
            # comment: port: 1
            agi:
              bind: 127.0.0.1
              port: 4573   # FastAGI
            budgets:
              per-number:
                max: 2
                window: 24h
              global:
                max: 2000
            api:
              keys:
                - "k"
            """;

    @Test
    void replaces_values_by_their_dotted_key_and_leaves_the_rest_as_it_was() {
        String out = new NodeConfigFile().set("agi.port", "0").set("budgets.global.max", "99")
                .set("budgets.per-number.max", "7").apply(YAML);

        assertThat(out).isEqualTo(YAML.replace("port: 4573   # FastAGI", "port: 0").replace("max: 2000", "max: 99")
                .replace("max: 2\n", "max: 7\n"));
    }

    @Test
    void a_key_that_is_not_in_the_file_is_an_error() {
        assertThatThrownBy(() -> new NodeConfigFile().set("agi.nope", "1").apply(YAML))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("agi.nope");
    }

    @Test
    void the_shipped_config_takes_the_benchmarks_overrides() throws IOException {
        Path out = Files.createTempFile("bench", ".yaml");
        new NodeConfigFile().set("agi.port", "1").set("http.port", "2").set("redis.uri", "redis://127.0.0.1:3/0")
                .set("sms.outbox", "/tmp/o.jsonl").set("agi.script-deadline", "100s").set("sms.gateway", "kannel")
                .set("sms.kannel.sendsms-url", "http://127.0.0.1:4/cgi-bin/sendsms")
                .set("budgets.prefix-burst.max", "9").write(Path.of("config/waitless.yaml"), out);

        assertThat(Files.readString(out)).contains("  port: 1\n", "  port: 2\n", "  uri: redis://127.0.0.1:3/0\n",
                "  script-deadline: 100s\n", "  gateway: kannel\n", "    sendsms-url: http://127.0.0.1:4/cgi-bin/sendsms\n",
                "    max: 9\n");
        Files.delete(out);
    }
}
