package io.waitless.dialplan;

import io.waitless.config.ConfigLoader;
import io.waitless.config.WaitlessConfig;
import io.waitless.prompts.HoldAudioLayout;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ShippedMusicOnHoldConfTest {
    @Test
    void the_shipped_musiconhold_conf_is_what_prompts_build_generates_from_the_shipped_config() throws Exception {
        WaitlessConfig cfg = new ConfigLoader(Map.of()).load(Path.of("config/waitless.yaml"));
        String generated = new HoldAudioLayout().musicOnHoldConf(cfg);
        assertThat(Files.readString(Path.of("dialplans/musiconhold-waitless.conf")))
                .as("run 'bin/waitless prompts build' after changing promotions")
                .isEqualTo(generated);
        cfg.promotions().forEach(p -> assertThat(generated).contains("[" + p.mohClass() + "]", "[" + p.noOfferMohClass() + "]"));
    }
}
