package io.waitless.config;

import io.waitless.config.WaitlessConfig.Budgets;
import io.waitless.config.WaitlessConfig.Limit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static io.waitless.config.ConfigFiles.validWith;
import static org.assertj.core.api.Assertions.assertThat;

/** The keys of who gets a text and how many: budgets, VoIP, the line-type lookup, a queue's region. */
class ConfigLoaderTrustTest {
    @TempDir
    Path dir;

    private ConfigFiles files() {
        return new ConfigFiles(dir);
    }

    @Test
    void without_the_new_keys_every_default_applies() {
        WaitlessConfig c = files().load(ConfigFiles.VALID).config();
        assertThat(c.budgets()).isEqualTo(Budgets.DEFAULTS);
        assertThat(c.budgets().perNumber()).isEqualTo(new Limit(2, Duration.ofHours(24)));
        assertThat(c.callers().allowVoip()).isFalse();
        assertThat(c.callers().lineTypeLookup()).isEmpty();
        assertThat(c.queues().getFirst().region()).isEmpty();
    }

    @Test
    void budgets_voip_lookup_and_region_are_read() {
        String yaml = validWith("callers:\n", """
                budgets:
                  per-number: {max: 3, window: 12h}
                  prefix-digits: 8
                  prefix-burst: {max: 9, window: 5m}
                callers:
                  allow-voip: true
                  line-type-lookup:
                    url: http://127.0.0.1:8090/line-type
                    timeout: 200ms
                """).replace("{name: support, language: en}", "{name: support, language: en, region: GB}");
        WaitlessConfig c = files().load(yaml).config();
        assertThat(c.budgets()).isEqualTo(new Budgets(new Limit(3, Duration.ofHours(12)), 8,
                Budgets.DEFAULTS.perPrefix(), Budgets.DEFAULTS.perCountry(), Budgets.DEFAULTS.global(),
                new Limit(9, Duration.ofMinutes(5))));
        assertThat(c.callers().allowVoip()).isTrue();
        assertThat(c.callers().lineTypeLookup()).contains(new WaitlessConfig.LineTypeLookup(
                URI.create("http://127.0.0.1:8090/line-type"), Duration.ofMillis(200), Duration.ofDays(1), 100_000));
        assertThat(c.queues().getFirst().region()).isEqualTo(Optional.of("GB"));
    }

    @Test
    void a_bad_budget_a_lookup_with_a_query_and_a_bad_region_are_refused_with_their_keys() {
        String yaml = validWith("callers:\n", """
                budgets:
                  per-prefix: {max: -1, window: 30s}
                callers:
                  line-type-lookup:
                    url: http://x.example/lt?a=1
                """).replace("{name: support, language: en}", "{name: support, language: en, region: Israel}");
        String message = files().assertRefused(yaml, "-1", "budgets.per-prefix.max", "is outside 0..100000000");
        assertThat(message).contains("budgets.per-prefix.window: \"30s\" is outside 1m..31d")
                .contains("callers.line-type-lookup.url").contains("must not have a query")
                .contains("queues[0].region: \"Israel\" is not a 2-letter");
    }
}
