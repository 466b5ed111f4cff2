package io.waitless.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ConfigLoader#redisOf}: the redis section of a file the loader refuses as a whole. */
class ConfigLoaderRedisOfTest {
    @TempDir
    Path dir;

    @Test
    void the_redis_section_of_a_refused_file_is_read_as_load_reads_it() {
        ConfigFiles files = new ConfigFiles(dir, Map.of("REDIS_HOST", "10.0.0.9"));
        String yaml = """
                colour: blue
                redis:
                  uri: redis://${REDIS_HOST}:6390/2
                  key-prefix: "wl:"
                """;
        assertThat(files.refused(yaml)).contains("colour");
        Path file = files.write(yaml);
        assertThat(new ConfigLoader(Map.of("REDIS_HOST", "10.0.0.9")).redisOf(file)).contains(
                new WaitlessConfig.Redis(URI.create("redis://10.0.0.9:6390/2"), "", "wl:", Duration.ofMillis(500)));
    }

    @Test
    void a_wrong_redis_section_or_a_file_that_is_not_yaml_gives_nothing() {
        ConfigFiles files = new ConfigFiles(dir);
        assertThat(new ConfigLoader(Map.of()).redisOf(files.write("redis:\n  uri: http://nope\n"))).isEmpty();
        assertThat(new ConfigLoader(Map.of()).redisOf(files.write("redis: [unclosed\n"))).isEmpty();
    }

}
