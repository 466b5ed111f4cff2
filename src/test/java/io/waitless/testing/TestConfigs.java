package io.waitless.testing;

import io.waitless.config.Cidr;
import io.waitless.config.WaitlessConfig;
import io.waitless.deflect.DigitalChannel;
import io.waitless.deflect.Flow;
import io.waitless.deflect.Promotion;
import io.waitless.deflect.QueueSettings;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A small, complete configuration built in code, for tests that must not depend on the example file. */
public final class TestConfigs {
    private TestConfigs() {
    }

    public static WaitlessConfig config(Path dir, URI redis) {
        InetAddress lo = InetAddress.getLoopbackAddress();
        return new WaitlessConfig(dir.resolve("waitless.yaml"),
                new WaitlessConfig.Company("Galil Cable"),
                new WaitlessConfig.Agi(lo, 0, List.of(Cidr.parse("127.0.0.1")), Duration.ofSeconds(5),
                        Duration.ofSeconds(2)),
                new WaitlessConfig.Http(lo, 0),
                new WaitlessConfig.Redis(redis, "", "wl-test:", Duration.ofMillis(300)),
                new WaitlessConfig.Callers("IL", List.of("IL"), false, "test-reference-key"),
                new WaitlessConfig.Sms(WaitlessConfig.GatewayKind.LOG, "GalilCable", Duration.ofSeconds(2),
                        Map.of("en", "{company}: {flow} here: {link} - you keep your place in line."),
                        Optional.empty(), dir.resolve("sms-outbox.jsonl")),
                new WaitlessConfig.Links(URI.create("https://go.galilcable.example"), 12, Duration.ofDays(7)),
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
                        new QueueSettings("tech", "en", Duration.ofSeconds(60))));
    }
}
