package io.waitless.prompts;

import io.waitless.config.Cidr;
import io.waitless.config.WaitlessConfig;
import io.waitless.link.SigningKey;
import io.waitless.deflect.Promotion;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds {@link WaitlessConfig} records for prompt tests (the YAML loader is not used here). */
public final class PromptFixtures {

    public static final Map<String, String> TEXTS = Map.of(
            "reminder", "Thank you for waiting. You keep your place in the queue.",
            "alternative", "You can also do this online, any time, at acme dot example.",
            "offer", "To get a link by text message, press 1. You will keep your place in the queue.",
            "sms-sent", "Done. We sent you a text message with the link.");

    public static final List<Promotion> PROMOTIONS = List.of(
            new Promotion("pay-in-app", "pay", "You can pay your bill in our app in under a minute.",
                    "There is no fee when you pay in the app.", List.of(), 10),
            new Promotion("move", "move", "Moving house? You can move your service online.", "", List.of(), 5));

    private PromptFixtures() {}

    public static WaitlessConfig config(Path root) {
        return config(root, TEXTS, PROMOTIONS, Optional.empty());
    }

    public static WaitlessConfig config(Path root, Map<String, String> texts, List<Promotion> promotions,
                                 Optional<Path> holdMusic) {
        return config(root.resolve("waitless.yaml"), prompts(root, texts, holdMusic, 150f, 100f), promotions);
    }

    public static WaitlessConfig.Prompts prompts(Path root, Map<String, String> texts, Optional<Path> holdMusic,
                                          float rate, float pitch) {
        return new WaitlessConfig.Prompts(root.resolve("prompts"), "kevin", texts, holdMusic,
                root.resolve("moh"), Path.of("/var/lib/asterisk/waitless/moh"), Duration.ofSeconds(2),
                rate, pitch);
    }

    /** @param source the config file the record claims to come from (it need not exist) */
    public static WaitlessConfig config(Path source, WaitlessConfig.Prompts prompts, List<Promotion> promotions) {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        return new WaitlessConfig(
                source,
                new WaitlessConfig.Company("Galil Cable", Optional.empty()),
                new WaitlessConfig.Agi(loopback, 0, List.of(Cidr.parse("127.0.0.1")), Duration.ofSeconds(30),
                        Duration.ofSeconds(5)),
                new WaitlessConfig.Http(loopback, 0),
                new WaitlessConfig.Redis(URI.create("redis://127.0.0.1:6379/0"), "", "waitless:", Duration.ofSeconds(1)),
                new WaitlessConfig.Callers("IL", List.of("IL"), false, "test-key"),
                new WaitlessConfig.Sms(WaitlessConfig.GatewayKind.LOG, "Waitless", Duration.ofSeconds(5),
                        Map.of("en", "{company}: {link}"), Optional.empty(), source.resolveSibling("outbox")),
                new WaitlessConfig.Links(URI.create("https://go.example.com"), 7, Duration.ofDays(1),
                        new WaitlessConfig.Signing(List.of(new SigningKey("k1", "prompt-fixture-signing-key-0123456789")),
                                Duration.ofMinutes(15), "https://go.example.com")),
                prompts,
                List.of(), List.of(), promotions, List.of(), WaitlessConfig.Budgets.DEFAULTS, new WaitlessConfig.Api(List.of()),
                new WaitlessConfig.Hooks("", "", URI.create("https://go.example.com")),
                new WaitlessConfig.SmsIn(List.of("STOP"), List.of("START")));
    }

    public static Map<String, String> with(Map<String, String> texts, String id, String text) {
        Map<String, String> m = new LinkedHashMap<>(texts);
        m.put(id, text);
        return m;
    }
}
