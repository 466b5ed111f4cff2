package io.waitless.testing;

import io.waitless.config.Cidr;
import io.waitless.config.WaitlessConfig;
import io.waitless.deflect.DigitalChannel;
import io.waitless.deflect.Flow;
import io.waitless.deflect.Promotion;
import io.waitless.deflect.QueueSettings;
import io.waitless.deflect.SmsKeywords;
import io.waitless.link.SigningKey;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A small, complete configuration built in code, for tests that must not depend on the example file. */
public final class TestConfigs {
    public static final String SIGNING_SECRET = "test-signing-secret-k2-0123456789abcdef";
    public static final String PREVIOUS_SIGNING_SECRET = "test-signing-secret-k1-0123456789abcdef";
    public static final String API_KEY = "test-api-key-0123456789abcdef";
    public static final String KANNEL_SECRET = "test-kannel-hook-secret";
    public static final String TWILIO_AUTH_TOKEN = "test-twilio-auth-token";

    private TestConfigs() {
    }

    public static WaitlessConfig config(Path dir, URI redis) {
        InetAddress lo = InetAddress.getLoopbackAddress();
        return new WaitlessConfig(dir.resolve("waitless.yaml"),
                new WaitlessConfig.Company("Galil Cable", Optional.of(URI.create("https://www.galilcable.example"))),
                new WaitlessConfig.Agi(lo, 0, List.of(Cidr.parse("127.0.0.1")), Duration.ofSeconds(5),
                        Duration.ofSeconds(2)),
                new WaitlessConfig.Http(lo, 0),
                new WaitlessConfig.Redis(redis, "", "wl-test:", Duration.ofMillis(300)),
                new WaitlessConfig.Callers("IL", List.of("IL"), false, "test-reference-key"),
                new WaitlessConfig.Sms(WaitlessConfig.GatewayKind.LOG, "GalilCable", Duration.ofSeconds(2),
                        Map.of("en", "{company}: {flow} here: {link} - you keep your place in line."),
                        Optional.empty(), dir.resolve("sms-outbox.jsonl")),
                new WaitlessConfig.Links(URI.create("https://go.galilcable.example"), 12, Duration.ofDays(7),
                        new WaitlessConfig.Signing(List.of(new SigningKey("k2", SIGNING_SECRET),
                                new SigningKey("k1", PREVIOUS_SIGNING_SECRET)), Duration.ofMinutes(15),
                                "https://go.galilcable.example")),
                new WaitlessConfig.Prompts(dir.resolve("prompts"), "kevin",
                        Map.of("reminder", "You keep your place in line.", "offer", "Press 1 for a link by text.",
                                "alternative", "Or do it online at galil cable dot example.",
                                "sending", "One moment.", "sms-sent", "Sent.", "sms-failed", "Sorry.",
                                "no-sms", "We cannot text this number."),
                        Optional.empty(), dir.resolve("moh"), Path.of("/var/lib/asterisk/waitless/moh"),
                        Duration.ofSeconds(20), 150f, 100f),
                List.of(new DigitalChannel("app", DigitalChannel.Kind.APP, "the Galil Cable app"),
                        new DigitalChannel("web", DigitalChannel.Kind.WEB, "galilcable.example")),
                List.of(new Flow("pay-bill", "pay your bill", URI.create("https://my.galilcable.example/pay"), "app"),
                        new Flow("check-outage", "check for outages",
                                URI.create("https://galilcable.example/outages"), "web")),
                List.of(new Promotion("pay-in-app", "pay-bill", "Pay your bill in the app.", "No fee.",
                                List.of(), 10),
                        new Promotion("outage-web", "check-outage", "Check outages online.", "", List.of("tech"),
                                5)),
                List.of(new QueueSettings("support", "en", Duration.ofSeconds(60)),
                        new QueueSettings("tech", "en", Duration.ofSeconds(60))),
                WaitlessConfig.Budgets.DEFAULTS,
                new WaitlessConfig.Api(List.of(API_KEY)),
                new WaitlessConfig.Hooks(KANNEL_SECRET, TWILIO_AUTH_TOKEN, URI.create("https://go.galilcable.example")),
                new WaitlessConfig.SmsIn(SmsKeywords.DEFAULT_OPT_OUT, SmsKeywords.DEFAULT_OPT_IN));
    }
}
