package io.waitless;

import io.waitless.call.CallEvent;
import io.waitless.call.EventType;
import io.waitless.config.ConfigLoader;
import io.waitless.config.WaitlessConfig;
import io.waitless.prompts.HoldAudioLayout;
import io.waitless.prompts.PromptBuilder;
import io.waitless.reload.ReloadStatus;
import io.waitless.sim.AgiEnvironment;
import io.waitless.sim.SimulatedChannel;
import io.waitless.testing.HealthEndpoint;
import io.waitless.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The manager's day on one running node, driven only through its config file (as README "Changing the config
 * on a running node" tells it): add a promotion, split it 50/50, stop a variant, add a health check that takes
 * a channel down and brings it back. The node is never restarted; every caller's AGI session ends well,
 * including one who heard the old promotion and presses 1 after the reload.
 */
class ManagerReloadNodeIT {
    private static final AtomicLong UNIQUE = new AtomicLong(1795800000L);
    private static RedisServer redis;
    private static HealthEndpoint health;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start();
        health = HealthEndpoint.start();
    }

    @AfterAll
    static void stop() throws Exception {
        health.close();
        redis.close();
    }

    private String yaml(String appChannel, String promotions) {
        return """
                company:
                  name: Galil Cable
                agi: {port: 0}
                http: {port: 0}
                redis:
                  uri: %s
                  key-prefix: "wl-manager:"
                callers:
                  default-region: IL
                  reference-key: a-long-reference-key-for-tests-only-0123456789
                sms:
                  gateway: log
                  sender: GalilCable
                  outbox: %s
                  templates:
                    en: "{company}: {flow} {link}"
                links:
                  public-base-url: https://go.galilcable.example
                  signing:
                    keys:
                      - {id: k1, secret: a-long-link-signing-secret-for-tests-0123456789}
                api:
                  keys: [an-api-key-for-tests-only-0123456789]
                prompts:
                  directory: %s
                  moh-directory: %s
                  texts:
                    reminder: You keep your place.
                    offer: Press 1 for a text.
                    alternative: Or go online.
                    sending: Sending.
                    sms-sent: Sent.
                    sms-failed: Not sent.
                    no-sms: No text.
                channels:
                %s
                  - {id: web, kind: web, name: galilcable.example}
                flows:
                  - {id: pay-bill, title: pay your bill, url: "https://my.galilcable.example/pay", channel: app}
                  - {id: check-outage, title: check for outages, url: "https://galilcable.example/outages", channel: web}
                promotions:
                  - {id: outage-web, flow: check-outage, text: Check outages online., priority: 5}
                %s
                queues:
                  - {name: support, language: en}
                journal:
                  spool: {directory: %s}
                """.formatted(redis.uri(), dir.resolve("outbox.jsonl"), dir.resolve("prompts"), dir.resolve("moh"),
                appChannel.indent(2).stripTrailing(), promotions.indent(2).stripTrailing(), dir.resolve("spool"));
    }

    static final String APP = "- {id: app, kind: app, name: the Galil Cable app}";
    static final String PAY = "- {id: pay-in-app, flow: pay-bill, text: Pay your bill in the app., priority: 10}";
    static final String SPLIT = PAY + """

            - id: pay-now
              flow: pay-bill
              text: Skip the wait and pay in the app.
              priority: 20
              variants:
                - {id: a, weight: %d}
                - {id: b, weight: %d, text: Pay in the app in thirty seconds., incentive: No fee in the app.}""";

    private Path file;

    /** What a manager does: build the prompts of the new version (as README says), then save the file. */
    private void publish(String text) throws Exception {
        Path tmp = Files.writeString(dir.resolve("next.yaml"), text);
        WaitlessConfig next = new ConfigLoader(Map.of()).load(tmp);
        try (PromptBuilder builder = new PromptBuilder(next.prompts())) {
            builder.build(PromptBuilder.prompts(next), false, r -> { });
        }
        new HoldAudioLayout().layOut(next);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String number(int i) {
        return String.format("+9725023%05d", 40000 + i);
    }

    private static SimulatedChannel.Session arrive(App app, String number) throws Exception {
        String id = UNIQUE.incrementAndGet() + ".1";
        AgiEnvironment env = new AgiEnvironment("127.0.0.1", app.agiPort(), "arrive", List.of("support"),
                "PJSIP/trunk-" + id, id, number, "caller", 0, "en", "waitless-in", "support", 11);
        SimulatedChannel.Session s = SimulatedChannel.live().readTimeout(Duration.ofSeconds(10)).run(env.host(), env.port(), env);
        assertThat(s.status()).as("every arrive ends well").isEqualTo("ok");
        return s;
    }

    private static SimulatedChannel.Session accept(App app, String number, String promo) throws Exception {
        String id = UNIQUE.incrementAndGet() + ".1";
        AgiEnvironment env = new AgiEnvironment("127.0.0.1", app.agiPort(), "accept",
                List.of("support", "2", Long.toString(Instant.now().minusSeconds(60).getEpochSecond()), promo),
                "PJSIP/trunk-" + id, id, number, "caller", 0, "en", "waitless-queue-exit", "1", 5);
        return SimulatedChannel.live().readTimeout(Duration.ofSeconds(10)).run(env.host(), env.port(), env);
    }

    private static String promo(App app, String number) throws Exception {
        return arrive(app, number).variables().get("WL_PROMO");
    }

    /** Polls new callers until {@code ok} holds for the promotion they get. */
    private static void until(App app, Predicate<String> ok, String what) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        String last = null;
        int i = 0;
        while (System.nanoTime() < end) {
            last = promo(app, number(900 + (i++ % 50)));
            if (ok.test(last)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("new callers never got " + what + "; the last got " + last);
    }

    @Test
    void a_manager_adds_a_promotion_splits_it_stops_a_variant_and_a_channel_goes_down_and_back_without_a_restart()
            throws Exception {
        file = Files.writeString(dir.resolve("waitless.yaml"), yaml(APP, PAY));
        try (App app = App.start(new ConfigLoader(Map.of()).load(file), Clock.systemUTC())) {
            assertThat(promo(app, number(1))).isEqualTo("pay-in-app");
            String early = number(2);
            assertThat(promo(app, early)).isEqualTo("pay-in-app"); // this caller hears pay-in-app and waits

            // 1. add a promotion, split 50/50
            publish(yaml(APP, SPLIT.formatted(50, 50)));
            until(app, p -> p.startsWith("pay-now-"), "the new promotion");
            Map<String, Integer> split = new HashMap<>();
            for (int i = 0; i < 60; i++) {
                split.merge(promo(app, number(100 + i)), 1, Integer::sum);
            }
            assertThat(split.keySet()).containsExactlyInAnyOrder("pay-now-a", "pay-now-b");
            assertThat(split.get("pay-now-a")).isBetween(15, 45);
            for (int i = 0; i < 10; i++) {
                assertThat(promo(app, number(100 + i))).as("sticky").isEqualTo(promo(app, number(100 + i)));
            }
            List<CallEvent> events = app.journal().recent(2000);
            assertThat(events).filteredOn(e -> e.type() == EventType.CALL_ARRIVED && e.attribute("promotion").startsWith("pay-now-"))
                    .allSatisfy(e -> {
                        assertThat(e.attribute("experiment")).isEqualTo("pay-now");
                        assertThat(e.attribute("variant")).isEqualTo(e.attribute("promotion").substring("pay-now-".length()));
                    });

            // the caller who heard the old promotion presses 1 after the reload: still served
            assertThat(accept(app, early, "pay-in-app").status()).isEqualTo("sent");
            String b = number(100 + java.util.stream.IntStream.range(0, 60)
                    .filter(i -> !"pay-now-a".equals(uncheckedPromo(app, number(100 + i)))).findFirst().orElseThrow());
            assertThat(accept(app, b, "pay-now-b").status()).isEqualTo("sent");
            assertThat(app.journal().recent(2000)).filteredOn(e -> e.type() == EventType.OFFER_ACCEPTED
                    && "pay-now-b".equals(e.attribute("promotion")))
                    .singleElement().satisfies(e -> assertThat(e.attribute("variant")).isEqualTo("b"));

            // 2. stop variant b
            publish(yaml(APP, SPLIT.formatted(100, 0)));
            until(app, p -> p.equals("pay-now-a") && !"pay-now-b".equals(uncheckedPromo(app, b)), "variant b stopped");
            for (int i = 0; i < 30; i++) {
                assertThat(promo(app, number(100 + i))).isEqualTo("pay-now-a");
            }

            // 3. a health check added by reload takes the app channel down within an interval, then back up
            health.answer(503);
            String checked = """
                    - id: app
                      kind: app
                      name: the Galil Cable app
                      health: {url: "%s", interval: 1s, timeout: 500ms, failures-before-down: 1, successes-before-up: 1}"""
                    .formatted(health.url());
            publish(yaml(checked, SPLIT.formatted(100, 0)));
            until(app, "outage-web"::equals, "the web promotion while the app is down");
            health.answer(200);
            until(app, "pay-now-a"::equals, "the app promotion back");
            assertThat(app.journal().recent(3000)).extracting(e -> e.type().wireName())
                    .containsSubsequence("channel.down", "channel.up");

            assertThat(app.reloader().orElseThrow().status().state()).isEqualTo(ReloadStatus.State.APPLIED);
            assertThat(app.metrics().scrape()).contains("waitless_config_reloads_total{result=\"applied\"} 3.0")
                    .contains("waitless_config_refused 0.0");
        }
    }

    private static SimulatedChannel.Session acceptWith(App app, String number, String promo, String heard)
            throws Exception {
        String id = UNIQUE.incrementAndGet() + ".1";
        AgiEnvironment env = new AgiEnvironment("127.0.0.1", app.agiPort(), "accept",
                List.of("support", "2", Long.toString(Instant.now().minusSeconds(60).getEpochSecond()), promo, "yes",
                        heard, ""),
                "PJSIP/trunk-" + id, id, number, "caller", 0, "en", "waitless-queue-exit", "1", 5);
        return SimulatedChannel.live().readTimeout(Duration.ofSeconds(10)).run(env.host(), env.port(), env);
    }

    @Test
    void after_a_text_the_caller_hears_a_promotion_they_have_not_heard_without_press_1_and_never_the_same_offer_again()
            throws Exception {
        file = Files.writeString(dir.resolve("waitless.yaml"), yaml(APP, PAY));
        try (App app = App.start(new ConfigLoader(Map.of()).load(file), Clock.systemUTC())) {
            String caller = number(7);
            SimulatedChannel.Session arrived = arrive(app, caller);
            assertThat(arrived.variables()).containsEntry("WL_PROMO", "pay-in-app")
                    .containsEntry("CHANNEL(musicclass)", "waitless-pay-in-app");

            SimulatedChannel.Session first = acceptWith(app, caller, "pay-in-app", ""); // WL_HEARD is empty until then
            assertThat(first.status()).isEqualTo("sent");
            assertThat(first.variables()).containsEntry("CHANNEL(musicclass)", "waitless-outage-web-nooffer")
                    .containsEntry("WL_PROMO", "outage-web").containsEntry("WL_OFFER", "no")
                    .containsEntry("WL_HEARD", "pay-in-app,outage-web");
            assertThat(app.journal().recent(500)).filteredOn(e -> e.type() == EventType.PROMO_CHANGED)
                    .singleElement().satisfies(e -> {
                        assertThat(e.attribute("promotion")).isEqualTo("outage-web");
                        assertThat(e.attribute("after")).isEqualTo("pay-in-app");
                    });

            // pressing 1 over the no-offer audio: nothing new is left, the no-offer audio stays
            SimulatedChannel.Session again = acceptWith(app, caller, "outage-web", "pay-in-app,outage-web");
            assertThat(again.variables()).containsEntry("CHANNEL(musicclass)", "waitless-outage-web-nooffer")
                    .containsEntry("WL_OFFER", "no").doesNotContainKey("WL_PROMO");
        }
    }

    @Test
    void a_queue_in_another_language_sets_the_callers_channel_language_and_a_reload_can_change_it() throws Exception {
        String he = yaml(APP, PAY).replace("prompts:\n", "prompts:\n  languages: [en, he]\n")
                .replace("    en: \"{company}: {flow} {link}\"\n", "    en: \"{company}: {flow} {link}\"\n    he: \"{company}: {link}\"\n")
                .replace("  - {name: support, language: en}", "  - {name: support, language: he}");
        file = Files.writeString(dir.resolve("waitless.yaml"), he);
        try (App app = App.start(new ConfigLoader(Map.of()).load(file), Clock.systemUTC())) {
            SimulatedChannel.Session s = arrive(app, number(11));
            assertThat(s.variables()).containsEntry("CHANNEL(language)", "he")
                    .as("no Hebrew hold audio laid out yet: the English class")
                    .containsEntry("CHANNEL(musicclass)", "waitless-pay-in-app");
            assertThat(app.journal().recent(100)).filteredOn(e -> e.type() == EventType.CALL_ARRIVED)
                    .extracting(e -> e.attribute("language")).containsExactly("he");

            Path tmp = Files.writeString(dir.resolve("next.yaml"), he.replace("language: he}", "language: channel}"));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            long end = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            while (arrive(app, number(12)).variables().containsKey("CHANNEL(language)")) {
                assertThat(System.nanoTime()).as("the reload to take the channel's language (en)").isLessThan(end);
                Thread.sleep(50);
            }
        }
    }

    private static String uncheckedPromo(App app, String number) {
        try {
            return promo(app, number);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
