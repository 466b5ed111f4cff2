package io.waitless.config;

import io.waitless.config.WaitlessConfig.Speech;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigLoaderSpeechTest {

    @TempDir
    Path dir;

    private static final String INTENTS = """
            intents:
              items:
                - id: billing
                  phrases: ["I want to pay my bill"]
            """;

    private ConfigFiles files() {
        return new ConfigFiles(dir);
    }

    @Test
    void without_a_speech_section_nobody_is_asked_and_the_embedded_engine_is_chosen() {
        Speech s = files().load(ConfigFiles.VALID).config().speech();

        assertThat(s).isEqualTo(Speech.defaults());
        assertThat(s.engine()).isEqualTo(Speech.Engine.EMBEDDED);
        assertThat(s.asksIn("support")).isFalse();
    }

    @Test
    void the_speech_section_is_read() {
        Speech s = files().load(ConfigFiles.VALID + INTENTS + """
                speech:
                  engine: embedded
                  engines: 3
                  ask-intent: true
                  ask-intent-queues: [support]
                  audiosocket:
                    bind: 127.0.0.1
                    port: 9099
                    address: asterisk-facing.example:9099
                  no-speech: 3s
                  end-silence: 600ms
                  max-utterance: 10s
                """).config().speech();

        assertThat(s.engines()).isEqualTo(3);
        assertThat(s.askIntentQueues()).isEqualTo(List.of("support"));
        assertThat(s.asksIn("support")).isTrue();
        assertThat(s.asksIn("billing-queue")).isFalse();
        assertThat(s.port()).isEqualTo(9099);
        assertThat(s.address()).isEqualTo("asterisk-facing.example:9099");
        assertThat(s.noSpeech()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.endSilence()).isEqualTo(Duration.ofMillis(600));
        assertThat(s.maxUtterance()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void vosk_without_a_model_path_is_refused_with_where_to_get_one() {
        String yaml = ConfigFiles.VALID + "speech:\n  engine: vosk\n";
        files().assertRefused(yaml, "engine: vosk", "speech.engine", "alphacephei.com/vosk/models");
    }

    @Test
    void asking_without_intents_is_refused() {
        String yaml = ConfigFiles.VALID + "speech:\n  ask-intent: true\n";
        files().assertRefused(yaml, "ask-intent: true", "speech.ask-intent", "no intents section");
    }

    @Test
    void an_unknown_queue_to_ask_in_is_refused_with_a_suggestion() {
        String yaml = ConfigFiles.VALID + INTENTS + "speech:\n  ask-intent: true\n  ask-intent-queues: [suport]\n";
        files().assertRefused(yaml, "suport", "speech.ask-intent-queues[0]", "did you mean");
    }

    @Test
    void listening_on_every_address_needs_the_address_asterisk_connects_to() {
        String yaml = ConfigFiles.VALID + "speech:\n  audiosocket:\n    bind: 0.0.0.0\n";
        files().assertRefused(yaml, "bind: 0.0.0.0", "speech.audiosocket.bind", "address");
    }

    @Test
    void an_address_that_is_not_host_and_port_is_refused() {
        String yaml = ConfigFiles.VALID + "speech:\n  audiosocket:\n    address: asterisk.example\n";
        files().assertRefused(yaml, "address: asterisk.example", "speech.audiosocket.address", "host:port");
    }

    @Test
    void the_audiosocket_allowlist_is_read() {
        Speech s = files().load(ConfigFiles.VALID + "speech:\n  audiosocket:\n    allow: [10.0.0.0/8, \"fd00::/8\"]\n")
                .config().speech();

        assertThat(s.allow()).containsExactly(Cidr.parse("10.0.0.0/8"), Cidr.parse("fd00::/8"));
    }

    @Test
    void without_an_audiosocket_allowlist_the_fastagi_allowlist_applies() {
        String agi = ConfigFiles.validWith("company:", "agi:\n  allow: [192.0.2.7, 10.0.0.0/8]\ncompany:");

        assertThat(files().load(agi).config().speech().allow())
                .containsExactly(Cidr.parse("192.0.2.7"), Cidr.parse("10.0.0.0/8"));
        assertThat(files().load(agi + "speech:\n  audiosocket:\n    port: 9093\n").config().speech().allow())
                .containsExactly(Cidr.parse("192.0.2.7"), Cidr.parse("10.0.0.0/8"));
        assertThat(files().load(ConfigFiles.VALID).config().speech().allow()).isEqualTo(Cidr.LOOPBACK);
    }

    @Test
    void an_audiosocket_allow_entry_that_is_a_host_name_or_a_bad_block_is_refused_with_its_line() {
        files().assertRefused(ConfigFiles.VALID + "speech:\n  audiosocket:\n    allow:\n      - 127.0.0.1\n"
                + "      - asterisk.example\n", "asterisk.example", "speech.audiosocket.allow[1]",
                "is not an IP address or CIDR block");
        files().assertRefused(ConfigFiles.VALID + "speech:\n  audiosocket:\n    allow: [10.0.0.0/33]\n",
                "10.0.0.0/33", "speech.audiosocket.allow[0]", "is not an IP address or CIDR block");
    }

    @Test
    void the_spoken_prompts_have_defaults_and_may_be_reworded() {
        WaitlessConfig c = files().load(ConfigFiles.VALID).config();
        assertThat(c.prompts().texts()).containsKeys("ask-intent", "ask-intent-retry", "offer-voice");
    }

    @Test
    void an_adaptation_file_and_the_search_are_read() throws Exception {
        Path transform = java.nio.file.Files.writeString(dir.resolve("line.mllr"), "1\n");
        Speech s = files().load(ConfigFiles.VALID + INTENTS + """
                speech:
                  adaptation: %s
                  search: fast
                """.formatted(transform)).config().speech();

        assertThat(s.adaptation()).contains(transform);
        assertThat(s.search()).isEqualTo(Speech.Search.FAST);
        assertThat(Speech.defaults().search()).isEqualTo(Speech.Search.ACCURATE);
        assertThat(Speech.defaults().adaptation()).isEmpty();
    }

    @Test
    void a_missing_adaptation_file_is_refused_with_its_line() {
        String yaml = ConfigFiles.VALID + INTENTS + """
                speech:
                  adaptation: no/such/line.mllr
                """;
        files().assertRefused(yaml, "adaptation:", "speech.adaptation", "names no/such/line.mllr, which is not a file");
    }

    @Test
    void an_unknown_search_is_refused() {
        String yaml = ConfigFiles.VALID + INTENTS + """
                speech:
                  search: thorough
                """;
        files().assertRefused(yaml, "search:", "speech.search", "thorough");
    }
}
