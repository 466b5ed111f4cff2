package io.waitless.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static io.waitless.config.ConfigFiles.validWith;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code redis.sentinel}: master and nodes both or neither, each node {@code host:port}, never with {@code uri}. */
class ConfigLoaderSentinelTest {

    @TempDir
    Path dir;

    private ConfigFiles files() {
        return new ConfigFiles(dir, Map.of("SENTINEL_PASSWORD", "sentinel-secret"));
    }

    private static String withRedis(String section) {
        return validWith("company:", "redis:\n" + section + "company:");
    }

    @Test
    void a_sentinel_section_names_the_master_its_sentinels_in_order_and_their_password() {
        WaitlessConfig.Redis r = files().load(withRedis("""
                  password: master-secret
                  sentinel:
                    master: mymaster
                    nodes: [10.0.0.5:26379, "sentinel-b.example:26380", "[::1]:26381"]
                    password: ${SENTINEL_PASSWORD}
                """)).config().redis();
        assertThat(r.sentinel()).contains(new WaitlessConfig.Sentinel("mymaster", java.util.List.of(
                new WaitlessConfig.Endpoint("10.0.0.5", 26379), new WaitlessConfig.Endpoint("sentinel-b.example", 26380),
                new WaitlessConfig.Endpoint("::1", 26381)), "sentinel-secret"));
        assertThat(r.password()).isEqualTo("master-secret");
        assertThat(r.where()).isEqualTo("sentinel master mymaster via 10.0.0.5:26379,sentinel-b.example:26380,[::1]:26381")
                .doesNotContain("secret");
    }

    @Test
    void without_a_sentinel_section_the_node_uses_the_uri_alone() {
        WaitlessConfig.Redis r = files().load(withRedis("  uri: redis://10.0.0.9:6390/2\n")).config().redis();
        assertThat(r.sentinel()).isEmpty();
        assertThat(r.where()).isEqualTo("redis://10.0.0.9:6390/2");
    }

    @Test
    void a_master_without_nodes_is_refused_naming_the_missing_key() {
        String yaml = withRedis("  sentinel:\n    master: mymaster\n");
        files().assertRefused(yaml, "sentinel:", "redis.sentinel.nodes", "needs both master and nodes");
    }

    @Test
    void nodes_without_a_master_or_with_an_empty_list_are_refused() {
        String noMaster = withRedis("  sentinel:\n    nodes: [10.0.0.5:26379]\n");
        files().assertRefused(noMaster, "sentinel:", "redis.sentinel.master", "needs both master");
        String empty = withRedis("  sentinel:\n    master: mymaster\n    nodes: []\n");
        files().assertRefused(empty, "nodes: []", "redis.sentinel.nodes", "is missing or empty");
    }

    @Test
    void a_node_that_is_not_host_colon_port_is_refused_with_its_value_and_line() {
        for (String bad : new String[] {"10.0.0.5", "10.0.0.5:sentinel", "10.0.0.5:0", ":26379", "::1:26379",
                "10.0.0.5:70000"}) {
            String yaml = withRedis("  sentinel:\n    master: mymaster\n    nodes:\n      - 10.0.0.6:26379\n"
                    + "      - \"" + bad + "\"\n");
            String message = files().assertRefused(yaml, "- \"" + bad, "redis.sentinel.nodes[1]", "is not host:port");
            assertThat(message).contains("\"" + bad + "\"");
        }
    }

    @Test
    void a_master_name_with_spaces_is_refused() {
        String yaml = withRedis("  sentinel:\n    master: my master\n    nodes: [10.0.0.5:26379]\n");
        files().assertRefused(yaml, "master: my", "redis.sentinel.master", "is not a master name");
    }

    @Test
    void a_uri_written_beside_a_sentinel_is_refused_so_nobody_believes_it_is_used() {
        String yaml = withRedis("  uri: redis://10.0.0.9:6379/0\n  sentinel:\n    master: mymaster\n"
                + "    nodes: [10.0.0.5:26379]\n");
        files().assertRefused(yaml, "uri: redis", "redis.uri", "together with redis.sentinel");
    }

    @Test
    void an_unknown_key_in_the_sentinel_section_is_refused_with_a_suggestion() {
        String yaml = withRedis("  sentinel:\n    master: mymaster\n    nodes: [10.0.0.5:26379]\n    pasword: x\n");
        files().assertRefused(yaml, "pasword", "redis.sentinel.pasword", "unknown key");
    }
}
