package io.waitless;

import io.waitless.call.CallEvent;
import io.waitless.call.Deflection;
import io.waitless.call.EventType;
import io.waitless.config.WaitlessConfig;
import io.waitless.journal.RedisConnector;
import io.waitless.sim.AgiEnvironment;
import io.waitless.sim.CallSimulator;
import io.waitless.sim.SimulatedChannel;
import io.waitless.sim.SimulatedQueue;
import io.waitless.sms.KannelHarness;
import io.waitless.sms.TestSmsc;
import io.waitless.testing.RedisServer;
import io.waitless.testing.TestConfigs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The node end to end, as the "done when" states it: {@link App} on free loopback ports, a real
 * redis-server, the real Kannel (bearerbox, smsbox, fakesmsc as the operator), and Asterisk's side of FastAGI
 * played by the simulator over real sockets.
 */
class NodeIT {

    private static final String NUMBER = "+972502345678";
    private static final String QUEUE = "support";
    private static final Pattern LINK = Pattern.compile("https://go\\.galilcable\\.example/l/([0-9A-Za-z]{12})");
    private static final AtomicLong UNIQUE = new AtomicLong(1795499000L);

    private static RedisServer redis;
    private static UnifiedJedis inspect;

    @TempDir
    Path dir;

    @BeforeAll
    static void start_redis() throws Exception {
        redis = RedisServer.start();
        inspect = RedisConnector.connect(new WaitlessConfig.Redis(redis.uri(), "", "", Duration.ofSeconds(1)));
    }

    @AfterAll
    static void stop_redis() throws Exception {
        inspect.close();
        redis.close();
    }

    @Test
    void a_caller_who_takes_the_text_keeps_their_place_opens_the_link_and_the_journal_tells_the_whole_story()
            throws Exception {
        KannelHarness.assumeInstalled();
        try (KannelHarness kannel = KannelHarness.start(Files.createDirectories(dir.resolve("kannel")));
             App app = App.start(withKannel(TestConfigs.config(dir, redis.uri()), kannel), Clock.systemUTC())) {
            String prefix = app.config().redis().keyPrefix();
            SimulatedQueue queue = new SimulatedQueue();
            queue.join("earlier-1", Integer.MAX_VALUE, 0);
            queue.join("earlier-2", Integer.MAX_VALUE, 0);
            Call dana = new Call(app, "dana");

            SimulatedChannel.Session arrive = dana.arrive();
            assertThat(arrive.status()).isEqualTo("ok");
            String promo = arrive.variables().get("WL_PROMO");
            int prio = (int) (Integer.MAX_VALUE - Instant.now().getEpochSecond());
            assertThat(queue.join("dana", prio, 0)).isEqualTo(3);

            int before = queue.leave("dana"); // presses 1 after 75 s: leaves through context=
            SimulatedChannel.Session accept = dana.accept(before, Duration.ofSeconds(75), promo);
            assertThat(accept.status()).isEqualTo("sent");
            assertThat(accept.commands()).anyMatch(c -> c.contains("waitless/sms-sent"));
            String deflection = accept.variables().get("WL_DEFLECTION");
            assertThat(deflection).isNotBlank();
            assertThat(queue.join("dana", prio, before)).as("back at the same place").isEqualTo(before);

            KannelHarness.MtMessage sms = kannel.awaitMessage(m -> m.to().equals(NUMBER), Duration.ofSeconds(5));
            Matcher link = LINK.matcher(sms.text());
            assertThat(link.find()).as("a short link in %s", sms.text()).isTrue();
            String code = link.group(1);
            assertThat(sms).isEqualTo(new KannelHarness.MtMessage("GalilCable", NUMBER, "text",
                    "Galil Cable: pay your bill here: https://go.galilcable.example/l/" + code
                            + " - you keep your place in line."));
            assertThat(inspect.hget(prefix + "link:" + code, "deflection")).isEqualTo(deflection);

            HttpResponse<Void> opened = open(app, "/l/" + code); // while still on hold
            assertThat(opened.statusCode()).isEqualTo(302);
            String location = opened.headers().firstValue("Location").orElseThrow();
            assertThat(location).startsWith("https://my.galilcable.example/pay?wl_token=");
            String token = location.substring(location.indexOf("wl_token=") + "wl_token=".length());

            // the self-service site redeems the one-time token (no login), then reports completion
            HttpResponse<String> redeemed = post(app, "/api/tokens/redeem", "{\"token\":\"" + token + "\"}");
            assertThat(redeemed.statusCode()).isEqualTo(200);
            assertThat(redeemed.body()).contains("\"deflection\":\"" + deflection + "\"", "\"flow\":\"pay-bill\"")
                    .doesNotContain(NUMBER);
            assertThat(post(app, "/api/tokens/redeem", "{\"token\":\"" + token + "\"}").statusCode())
                    .as("a token works once").isEqualTo(410);
            assertThat(post(app, "/api/deflections/" + deflection + "/completed", "{}").statusCode()).isEqualTo(200);

            queue.leave("dana"); // hangs up while waiting
            SimulatedChannel.Session hangup = dana.hangup(Duration.ofSeconds(40), promo, deflection);
            assertThat(hangup.status()).isEqualTo("abandoned-after-link");

            List<CallEvent> story = app.journal().recent(1000).stream()
                    .filter(e -> e.callId().equals(dana.uniqueId) || e.attribute("deflection").equals(deflection))
                    .toList();
            assertThat(story).extracting(e -> e.type().wireName()).containsSubsequence("call.arrived", "offer.made",
                    "offer.accepted", "sms.sent", "link.opened", "token.redeemed", "token.refused", "flow.completed",
                    "call.ended");
            assertThat(story).filteredOn(e -> e.type().wireName().equals("sms.sent"))
                    .singleElement().satisfies(e -> assertThat(e.attribute("gateway")).isEqualTo("kannel"));
            assertThat(story.getLast().attribute("outcome")).isEqualTo("abandoned-after-link");
            assertThat(story).noneMatch(e -> e.attributes().containsValue(NUMBER));
            assertThat(inspect.hgetAll(prefix + "deflection:" + deflection)).containsEntry("state", "completed")
                    .containsKeys("accepted_at", "sent_at", "opened_at", "completed_at");
        }
    }

    @Test
    void stop_texted_from_the_phone_through_real_kannel_opts_the_caller_out_of_offers_and_texts() throws Exception {
        KannelHarness.assumeInstalled();
        String number = "+972548765432";
        int httpPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            httpPort = s.getLocalPort();
        }
        String moUrl = "http://127.0.0.1:" + httpPort + "/hooks/kannel/mo?from=%p&to=%P&text=%a&secret="
                + TestConfigs.KANNEL_SECRET;
        try (KannelHarness kannel = KannelHarness.start(Files.createDirectories(dir.resolve("kannel")), moUrl);
             App app = App.start(withHttpPort(withKannel(TestConfigs.config(dir, redis.uri()), kannel), httpPort),
                     Clock.systemUTC())) {
            assertThat(new Call(app, "noa", number).arrive().variables()).containsEntry("WL_OFFER", "yes");

            kannel.receiveFromPhone("0548765432", "5000", "Stop"); // national format, any case, as phones send it

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            String ref = App.numberPolicy(app.config(), Clock.systemUTC()).reference(number);
            java.util.function.Supplier<List<CallEvent>> optOuts = () -> app.journal().recent(500).stream()
                    .filter(e -> e.type() == EventType.OPTOUT_ADDED && e.attribute("caller").equals(ref)).toList();
            while (optOuts.get().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(optOuts.get()).singleElement().satisfies(e -> {
                assertThat(e.attribute("keyword")).isEqualTo("STOP");
                assertThat(e.attribute("gateway")).isEqualTo("kannel");
            });

            Call again = new Call(app, "noa", number);
            SimulatedChannel.Session arrive = again.arrive();
            assertThat(arrive.variables()).containsEntry("WL_OFFER", "no")
                    .containsEntry("CHANNEL(musicclass)", "waitless-pay-in-app-nooffer");
            SimulatedChannel.Session accept = again.accept(1, Duration.ofSeconds(30), "pay-in-app");
            assertThat(accept.status()).isEqualTo("no-sms");
            assertThat(app.journal().recent(200)).filteredOn(e -> e.type() == EventType.OFFER_REFUSED)
                    .extracting(e -> e.attribute("reason")).contains("opted-out");
            assertThat(kannel.received()).noneMatch(m -> m.to().equals(number));
        }
    }

    @Test
    void two_nodes_on_one_redis_share_the_opt_out_list_and_the_per_number_budget() throws Exception {
        String number = "+972523456789";
        try (App a = App.start(TestConfigs.config(dir.resolve("a"), redis.uri()), Clock.systemUTC());
             App b = App.start(TestConfigs.config(dir.resolve("b"), redis.uri()), Clock.systemUTC())) {
            // per number: 2 texts a day, whichever node sends them
            assertThat(new Call(a, "rina", number).accept(1, Duration.ofSeconds(30), "pay-in-app").status())
                    .isEqualTo("sent");
            assertThat(new Call(b, "rina", number).accept(1, Duration.ofSeconds(30), "pay-in-app").status())
                    .isEqualTo("sent");
            assertThat(new Call(a, "rina", number).arrive().variables()).containsEntry("WL_OFFER", "no");
            assertThat(new Call(b, "rina", number).accept(1, Duration.ofSeconds(30), "pay-in-app").status())
                    .isEqualTo("no-sms");
            assertThat(b.journal().recent(500)).filteredOn(e -> e.type() == EventType.OFFER_REFUSED)
                    .extracting(e -> e.attribute("reason")).contains("budget-number");

            // a STOP that reached node a is honoured by node b
            String other = "+972533456789";
            assertThat(new Call(b, "tal", other).arrive().variables()).containsEntry("WL_OFFER", "yes");
            HttpResponse<Void> stop = open(a, "/hooks/kannel/mo?from=" + other.replace("+", "%2B")
                    + "&to=5000&text=%D7%94%D7%A1%D7%A8&secret=" + TestConfigs.KANNEL_SECRET); // Hebrew "הסר"
            assertThat(stop.statusCode()).isEqualTo(200);
            assertThat(new Call(b, "tal", other).arrive().variables()).containsEntry("WL_OFFER", "no");
        }
    }

    @Test
    void an_smpp_delivery_receipt_moves_the_deflection_to_delivered() throws Exception {
        try (TestSmsc smsc = new TestSmsc();
             App app = App.start(withSmpp(TestConfigs.config(dir, redis.uri()), smsc), Clock.systemUTC())) {
            Call sara = new Call(app, "sara", "+972502345679");
            SimulatedChannel.Session accept = sara.accept(1, Duration.ofSeconds(40), "pay-in-app");
            assertThat(accept.status()).isEqualTo("sent");
            String deflection = accept.variables().get("WL_DEFLECTION");

            // the receipt moves the record, then journals sms.delivered: wait for both
            java.util.function.Supplier<List<CallEvent>> delivered = () -> app.journal().recent(500).stream()
                    .filter(e -> e.type() == EventType.SMS_DELIVERED).toList();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while ((!"delivered".equals(inspect.hget("wl-test:deflection:" + deflection, "state"))
                    || delivered.get().isEmpty()) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(inspect.hgetAll("wl-test:deflection:" + deflection)).containsEntry("state", "delivered")
                    .containsKeys("sent_at", "delivered_at");
            assertThat(delivered.get())
                    .filteredOn(e -> e.attribute("deflection").equals(deflection)).singleElement()
                    .satisfies(e -> assertThat(e.attribute("gateway")).isEqualTo("smpp"));
        }
    }

    @Test
    void with_kannel_stopped_the_caller_hears_sms_failed_in_time_and_the_failure_is_journaled() throws Exception {
        KannelHarness.assumeInstalled();
        KannelHarness kannel = KannelHarness.start(Files.createDirectories(dir.resolve("kannel")));
        WaitlessConfig cfg = withKannel(TestConfigs.config(dir, redis.uri()), kannel);
        kannel.close();
        try (App app = App.start(cfg, Clock.systemUTC())) {
            Call yossi = new Call(app, "yossi");
            String promo = yossi.arrive().variables().get("WL_PROMO");

            SimulatedChannel.Session accept = yossi.accept(4, Duration.ofSeconds(90), promo);

            assertThat(accept.status()).isEqualTo("sms-failed");
            assertThat(accept.took()).isLessThan(cfg.sms().timeout().plusSeconds(1));
            assertThat(accept.commands()).anyMatch(c -> c.contains("waitless/sms-failed"))
                    .noneMatch(c -> c.contains("waitless/sms-sent"));
            String deflection = accept.variables().get("WL_DEFLECTION");
            assertThat(app.journal().recent(100)).filteredOn(e -> e.callId().equals(yossi.uniqueId))
                    .filteredOn(e -> e.type().wireName().equals("sms.failed")).singleElement()
                    .satisfies(e -> assertThat(e.attribute("deflection")).isEqualTo(deflection))
                    .satisfies(e -> assertThat(e.attribute("retryable")).isEqualTo("true"));
            assertThat(app.journal().deflection(deflection)).get().extracting(Deflection::state)
                    .isEqualTo(Deflection.State.FAILED);
        }
    }

    @Test
    void with_redis_killed_before_the_call_the_caller_is_answered_goes_on_waiting_and_no_session_stays_open()
            throws Exception {
        try (RedisServer doomed = RedisServer.start();
             App app = App.start(TestConfigs.config(dir, doomed.uri()), Clock.systemUTC())) {
            doomed.kill();
            SimulatedQueue queue = new SimulatedQueue();
            queue.join("earlier-1", Integer.MAX_VALUE, 0);
            CallSimulator sim = new CallSimulator("127.0.0.1", app.agiPort(), queue);

            long t0 = System.nanoTime();
            CallSimulator.Report r = sim.run(new CallSimulator.Caller("noa", NUMBER, 0, QUEUE,
                    Optional.of(Duration.ofSeconds(75)), false, Duration.ofSeconds(40), CallSimulator.Ending.ABANDON));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);

            assertThat(r.steps().getFirst()).contains("arrive → WAITLESS_STATUS=ok");
            assertThat(r.promotion()).isEqualTo("pay-in-app");
            assertThat(r.acceptStatus()).isIn("no-sms", "sms-failed");
            assertThat(r.deflection()).isEmpty();
            assertThat(r.positionAfter()).isEqualTo(r.positionBefore()).isEqualTo(2);
            assertThat(r.hangupStatus()).isEqualTo("abandoned");
            assertThat(took).as("three sessions, each failing open at once").isLessThan(
                    app.config().agi().scriptDeadline());
            assertThat(Files.exists(app.config().sms().outbox())).as("no text was promised or sent").isFalse();
            assertThat(app.metrics().get("waitless.redis.errors").counter().count()).isPositive();
            awaitNoOpenSessions(app);
        }
    }

    @Test
    void with_redis_frozen_every_session_still_ends_by_its_deadline_and_none_stays_open() throws Exception {
        try (RedisServer frozen = RedisServer.start();
             App app = App.start(TestConfigs.config(dir, frozen.uri()), Clock.systemUTC())) {
            frozen.pause();
            try {
                WaitlessConfig.Agi agi = app.config().agi();
                Call avi = new Call(app, "avi");
                Duration margin = Duration.ofMillis(500);

                SimulatedChannel.Session arrive = avi.arrive();
                SimulatedChannel.Session accept = avi.accept(1, Duration.ofSeconds(75), "pay-in-app");
                SimulatedChannel.Session hangup = avi.hangup(Duration.ofSeconds(40), "pay-in-app", "");

                assertThat(List.of(arrive, accept, hangup)).allSatisfy(s -> assertThat(s.nodeClosed()).isTrue());
                assertThat(arrive.took()).isLessThan(agi.scriptDeadline().plus(margin));
                assertThat(accept.took()).isLessThan(agi.scriptDeadline().plus(margin));
                assertThat(hangup.took()).isLessThan(agi.hangupDeadline().plus(margin));
                assertThat(arrive.status()).isEqualTo("ok");
                assertThat(accept.status()).isIn("no-sms", "sms-failed");
                awaitNoOpenSessions(app);
            } finally {
                frozen.resume();
            }
        }
    }

    @Test
    void with_follow_ups_on_the_node_surveys_a_texted_caller_reads_the_reply_and_spots_the_returnee() throws Exception {
        WaitlessConfig.FollowUp.Survey d = WaitlessConfig.FollowUp.Survey.DEFAULTS;
        WaitlessConfig cfg = TestConfigs.config(dir, redis.uri()).withFollowUp(new WaitlessConfig.FollowUp(true,
                "a-follow-up-encryption-key-for-tests-0123", Duration.ofMillis(200), Duration.ofSeconds(10), 50, 3,
                Duration.ofSeconds(1), false, Duration.ofDays(1), new WaitlessConfig.FollowUp.Survey(true,
                Duration.ofHours(2), Duration.ZERO, Duration.ofDays(30), java.time.LocalTime.MIN, java.time.LocalTime.MAX,
                1, 7, Duration.ofDays(3), d.question(), java.util.Map.of(), d.askAgain()),
                WaitlessConfig.FollowUp.Alerts.NONE, WaitlessConfig.FollowUp.Returnees.OFF));
        String number = "+972543456780";
        try (App app = App.start(cfg, Clock.systemUTC())) {
            assertThat(new Call(app, "noa", number).accept(1, Duration.ofSeconds(30), "pay-in-app").status())
                    .isEqualTo("sent");
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (app.journal().recent(500).stream().noneMatch(e -> e.type() == EventType.SURVEY_SENT)
                    && System.nanoTime() < end) {
                Thread.sleep(100);
            }
            assertThat(app.journal().recent(500)).extracting(e -> e.type()).contains(EventType.SURVEY_SENT);
            HttpResponse<Void> reply = open(app, "/hooks/kannel/mo?from=" + number.replace("+", "%2B")
                    + "&to=5000&text=2&secret=" + TestConfigs.KANNEL_SECRET);
            assertThat(reply.statusCode()).isEqualTo(200);
            assertThat(new Call(app, "noa", number).arrive().status()).isEqualTo("ok");
            end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (app.journal().recent(500).stream().noneMatch(e -> e.type() == EventType.FOLLOWUP_RETURNEE)
                    && System.nanoTime() < end) {
                Thread.sleep(100);
            }
            assertThat(app.journal().recent(500)).extracting(e -> e.type())
                    .contains(EventType.SURVEY_ANSWERED, EventType.ALERT_RAISED, EventType.FOLLOWUP_RETURNEE);
            String outbox = java.nio.file.Files.readString(cfg.sms().outbox());
            assertThat(outbox).contains("how easy was it to get this done online?");
        }
    }

    /** One caller's FastAGI sessions, as the dialplan in {@code dialplans/} runs them. */
    private static final class Call {
        final String uniqueId = UNIQUE.incrementAndGet() + ".1";
        final AgiEnvironment env;

        Call(App app, String name) {
            this(app, name, NUMBER);
        }

        Call(App app, String name, String number) {
            env = new AgiEnvironment("127.0.0.1", app.agiPort(), "arrive", List.of(QUEUE),
                    "PJSIP/trunk-" + uniqueId, uniqueId, number, name, 0, "en", "waitless-in", QUEUE, 11);
        }

        SimulatedChannel.Session arrive() throws IOException {
            return live().run(env.host(), env.port(), env);
        }

        SimulatedChannel.Session accept(int position, Duration queued, String promo) throws IOException {
            return live().run(env.host(), env.port(), env.withScript("accept", List.of(QUEUE,
                    Integer.toString(position), epochAgo(queued), promo), "waitless-queue-exit", "1", 5));
        }

        SimulatedChannel.Session hangup(Duration queued, String promo, String deflection) throws IOException {
            return SimulatedChannel.dead().readTimeout(Duration.ofSeconds(10)).run(env.host(), env.port(),
                    env.withScript("hangup", List.of(QUEUE, "queued", "0", epochAgo(queued), promo, deflection, "16"),
                            "waitless-hangup", "s", 1));
        }

        /** A real Asterisk never gives up; this side does, so a stalled node fails the test instead of hanging. */
        private static SimulatedChannel live() {
            return SimulatedChannel.live().readTimeout(Duration.ofSeconds(10));
        }

        private static String epochAgo(Duration d) {
            return Long.toString(Instant.now().minus(d).getEpochSecond());
        }
    }

    private static WaitlessConfig withKannel(WaitlessConfig c, KannelHarness kannel) {
        WaitlessConfig.Sms sms = c.sms();
        return new WaitlessConfig(c.source(), c.company(), c.agi(), c.http(), c.redis(), c.callers(),
                new WaitlessConfig.Sms(WaitlessConfig.GatewayKind.KANNEL, sms.sender(), sms.timeout(), sms.templates(),
                        Optional.of(kannel.config(KannelHarness.PASSWORD)), sms.outbox()),
                c.links(), c.prompts(), c.channels(), c.flows(), c.promotions(), c.queues(), c.budgets(), c.api(), c.hooks(),
                c.smsIn());
    }

    private static WaitlessConfig withSmpp(WaitlessConfig c, TestSmsc smsc) {
        WaitlessConfig.Sms sms = c.sms();
        WaitlessConfig.Smpp smpp = new WaitlessConfig.Smpp("127.0.0.1", smsc.port(), TestSmsc.SYSTEM_ID,
                TestSmsc.PASSWORD, "", Duration.ofSeconds(2), Duration.ofSeconds(30), java.util.OptionalInt.empty(),
                java.util.OptionalInt.empty());
        return new WaitlessConfig(c.source(), c.company(), c.agi(), c.http(), c.redis(), c.callers(),
                new WaitlessConfig.Sms(WaitlessConfig.GatewayKind.SMPP, sms.sender(), sms.timeout(), sms.templates(),
                        sms.kannel(), sms.outbox(), sms.flowTemplates(), Optional.empty(), Optional.of(smpp),
                        sms.retry(), sms.breaker()),
                c.links(), c.prompts(), c.channels(), c.flows(), c.promotions(), c.queues(), c.budgets(), c.api(),
                c.hooks(), c.smsIn());
    }

    private static WaitlessConfig withHttpPort(WaitlessConfig c, int port) {
        return new WaitlessConfig(c.source(), c.company(), c.agi(), new WaitlessConfig.Http(c.http().bind(), port),
                c.redis(), c.callers(), c.sms(), c.links(), c.prompts(), c.channels(), c.flows(), c.promotions(),
                c.queues(), c.budgets(), c.api(), c.hooks(), c.smsIn());
    }

    private static HttpResponse<Void> open(App app, String path) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(2)).build()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding());
        }
    }

    private static HttpResponse<String> post(App app, String path, String json) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path))
                    .header("Authorization", "Bearer " + TestConfigs.API_KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    private static void awaitNoOpenSessions(App app) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        double open;
        while ((open = app.metrics().get("waitless.agi.sessions.open").gauge().value()) > 0
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(open).as("FastAGI sessions still open").isZero();
    }
}
