package io.waitless.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Writes small configs to a temporary directory and loads them; the base one is valid. */
public final class ConfigFiles {

    /** The smallest valid config: every required key, every default left alone. */
    public static final String VALID = """
            company:
              name: Acme
            callers:
              default-region: IL
              reference-key: a-long-reference-key-for-tests-only-0123456789
            sms:
              gateway: log
              sender: Acme
              templates:
                en: "{company}: {flow} {link}"
            links:
              public-base-url: https://go.acme.example
              signing:
                keys:
                  - {id: k1, secret: a-long-link-signing-secret-for-tests-0123456789}
            api:
              keys: [an-api-key-for-tests-only-0123456789]
            prompts:
              texts:
                reminder: You keep your place.
                offer: Press 1 for a text.
                alternative: Or go online.
                sending: Sending.
                sms-sent: Sent.
                sms-failed: Not sent.
                no-sms: No text.
            channels:
              - {id: app, kind: app, name: the Acme app}
            flows:
              - {id: pay-bill, title: pay your bill, url: "https://acme.example/pay", channel: app}
            promotions:
              - {id: pay-in-app, flow: pay-bill, text: Pay in the app.}
            queues:
              - {name: support, language: en}
            """;

    private final Path dir;
    private final Map<String, String> env;

    ConfigFiles(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.env = env;
    }

    ConfigFiles(Path dir) {
        this(dir, Map.of());
    }

    /** The valid config with one piece of text replaced (which must be there). */
    static String validWith(String old, String replacement) {
        assertThat(VALID).contains(old);
        return VALID.replace(old, replacement);
    }

    /** 1-based line of the first line containing {@code marker}. */
    static int lineOf(String yaml, String marker) {
        List<String> lines = yaml.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line contains " + marker);
    }

    Path write(String yaml) {
        try {
            return Files.writeString(dir.resolve("waitless.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ConfigLoader.Loaded load(String yaml) {
        return new ConfigLoader(env).loadWithWarnings(write(yaml));
    }

    /** Loads a config that must be refused; returns the message. */
    String refused(String yaml) {
        Path file = write(yaml);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> new ConfigLoader(env).load(file));
        assertThat(e).as("config should be refused").isNotNull();
        return e.getMessage();
    }

    /**
     * Asserts that the config is refused with an error on the line holding {@code marker}, naming
     * {@code key}, whose text contains {@code says}.
     */
    String assertRefused(String yaml, String marker, String key, String says) {
        String message = refused(yaml);
        String prefix = dir.resolve("waitless.yaml") + ":" + lineOf(yaml, marker) + ": " + key + ": ";
        assertThat(message.lines()).as(message).anySatisfy(l -> assertThat(l).startsWith(prefix).contains(says));
        return message;
    }
}
