package io.waitless.followup;

import com.sun.net.httpserver.HttpServer;
import io.waitless.call.Deflection;
import io.waitless.call.EventType;
import io.waitless.config.WaitlessConfig;
import io.waitless.deflect.OptOuts;
import io.waitless.journal.RedisConnector;
import io.waitless.sms.SmsMessage;
import io.waitless.testing.InMemoryJournal;
import io.waitless.testing.InMemoryOptOuts;
import io.waitless.testing.MutableClock;
import io.waitless.testing.RecordingSmsGateway;
import io.waitless.testing.RedisServer;
import io.waitless.testing.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CES survey end to end on a real redis-server, through {@link FollowUpNode}: planned when the link is texted,
 * sent by one of two nodes exactly once, held for quiet hours in the caller's zones, replies read and alerts raised
 * (the alert webhook on a real loopback HTTP server, its signature checked).
 */
class SurveysIT {
    private static final String KEY = "a-follow-up-encryption-key-for-tests-0123456";
    private static final String HOOK_SECRET = "alert-webhook-secret-0123";
    /** 12:00 UTC: 14:00 in Israel, 12:00 in London, 07:00 in New York, 23:00 in Sydney and 20:00 in Perth. */
    private static final Instant NOON_UTC = Instant.parse("2026-01-15T12:00:00Z");

    @TempDir
    Path dir;

    private RedisServer server;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final InMemoryJournal journal = new InMemoryJournal();
    private final MutableClock clock = new MutableClock(NOON_UTC);

    @BeforeEach
    void start_redis() throws Exception {
        server = RedisServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        server.close();
    }

    private WaitlessConfig config(Duration lease, WaitlessConfig.FollowUp.Alerts alerts) {
        WaitlessConfig.FollowUp.Survey d = WaitlessConfig.FollowUp.Survey.DEFAULTS;
        WaitlessConfig.FollowUp.Survey survey = new WaitlessConfig.FollowUp.Survey(true, Duration.ofHours(2),
                Duration.ZERO, Duration.ofDays(30), LocalTime.of(9, 0), LocalTime.of(20, 0), 1, 7,
                Duration.ofDays(3), d.question(), Map.of("en", "What would have made it easier?"), d.askAgain());
        return TestConfigs.config(dir, server.uri()).withFollowUp(new WaitlessConfig.FollowUp(true, KEY,
                Duration.ofMillis(30), lease, 50, 5, Duration.ofSeconds(1), false, Duration.ofDays(1), survey, alerts,
                WaitlessConfig.FollowUp.Returnees.OFF));
    }

    private UnifiedJedis client() {
        UnifiedJedis c = RedisConnector.connect(new WaitlessConfig.Redis(server.uri(), "", "wl-test:", Duration.ofMillis(500)));
        open.add(c);
        return c;
    }

    private FollowUpNode node(WaitlessConfig cfg, RecordingSmsGateway gateway, OptOuts optOuts, String name) {
        return new FollowUpNode(cfg, client(), gateway, journal, optOuts, clock, name);
    }

    private static Deflection deflection(int i) {
        return new Deflection("d" + i, "call-" + i, "ref-" + i, "support", "pay-in-app", "pay-bill",
                Deflection.State.SENT, NOON_UTC, NOON_UTC, Map.of("language", "en"));
    }

    private static String israeliMobile(int i) {
        return "+97250" + String.format("%07d", 2_000_000 + i);
    }

    private static void await(BooleanSupplier done, Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not done within " + max);
            }
            Thread.sleep(20);
        }
    }

    /** Opt-outs that freeze the calling thread at the {@code n}th look-up, as a node killed mid-batch. */
    private static final class FreezingOptOuts implements OptOuts {
        private final InMemoryOptOuts inner = new InMemoryOptOuts();
        private final AtomicInteger calls = new AtomicInteger();
        private final int n;
        final CountDownLatch frozen = new CountDownLatch(1);
        final CountDownLatch thaw = new CountDownLatch(1);

        FreezingOptOuts(int n) {
            this.n = n;
        }

        @Override
        public boolean contains(String callerRef) {
            if (calls.incrementAndGet() == n) {
                frozen.countDown();
                boolean thawed = false;
                while (!thawed) {
                    try {
                        thawed = thaw.await(1, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        // frozen: it notices nothing
                    }
                }
            }
            return inner.contains(callerRef);
        }

        @Override
        public boolean add(Entry entry) {
            return inner.add(entry);
        }

        @Override
        public boolean remove(String callerRef) {
            return inner.remove(callerRef);
        }

        @Override
        public List<Entry> list() {
            return inner.list();
        }
    }

    @Test
    void two_nodes_and_1000_due_surveys_send_each_exactly_once_though_one_node_is_killed_mid_batch() throws Exception {
        WaitlessConfig cfg = config(Duration.ofMillis(1500), WaitlessConfig.FollowUp.Alerts.NONE);
        RecordingSmsGateway gateway = new RecordingSmsGateway();
        FreezingOptOuts frozenA = new FreezingOptOuts(130);
        FollowUpNode a = node(cfg, gateway, frozenA, "node-a");
        FollowUpNode b = node(cfg, gateway, new InMemoryOptOuts(), "node-b");
        for (int i = 0; i < 1000; i++) {
            a.planner().textSent(deflection(i), israeliMobile(i), NOON_UTC);
        }
        assertThat(a.queue().count(ItemView.Status.DUE)).isEqualTo(1000);
        assertThat(a.queue().find("survey:d7").orElseThrow().payload()).doesNotContainKey(NumberVault.FIELD)
                .containsEntry("masked", "+97250•••0007");
        try {
            a.start();
            b.start();
            open.add(b);
            assertThat(frozenA.frozen.await(30, TimeUnit.SECONDS)).as("node A froze holding a batch").isTrue();
            // node A is never stopped cleanly: its polling thread is stuck, as good as dead

            await(() -> gateway.sent().size() >= 1000 && b.queue().count(ItemView.Status.DUE) == 0
                    && b.queue().count(ItemView.Status.LEASED) == 0, Duration.ofSeconds(90));
        } finally {
            frozenA.thaw.countDown(); // node A wakes (as after a long pause): its stale leases are fenced off
        }
        Thread.sleep(1000);
        Map<String, Long> byNumber = gateway.sent().stream()
                .collect(Collectors.groupingBy(SmsMessage::to, Collectors.counting()));
        assertThat(byNumber).hasSize(1000);
        assertThat(byNumber.values()).allMatch(n -> n == 1);
        assertThat(gateway.sent()).allSatisfy(m -> assertThat(m.text()).contains("Reply 1 (very hard) to 7"));
        assertThat(b.queue().list(ItemView.Status.DONE, 2000)).hasSize(1000);
        assertThat(journal.events(EventType.SURVEY_SENT)).hasSize(1000);
        a.close();
    }

    @Test
    void quiet_hours_hold_for_callers_in_israel_the_uk_the_us_and_australia() throws Exception {
        WaitlessConfig cfg = config(Duration.ofSeconds(5), WaitlessConfig.FollowUp.Alerts.NONE);
        List<Instant> sentAt = new CopyOnWriteArrayList<>();
        RecordingSmsGateway recording = new RecordingSmsGateway();
        FollowUpNode n = new FollowUpNode(cfg, client(), new io.waitless.sms.SmsGateway() {
            @Override
            public String name() {
                return "clocked";
            }

            @Override
            public io.waitless.sms.SmsReceipt send(SmsMessage m) {
                sentAt.add(clock.instant());
                return recording.send(m);
            }
        }, journal, new InMemoryOptOuts(), clock, "n");
        Map<String, String> numbers = Map.of("il", "+972502345678", "uk", "+447400123456", "us", "+12015550123",
                "au", "+61412345678");
        int i = 0;
        for (var e : numbers.entrySet()) {
            n.planner().textSent(new Deflection(e.getKey(), "c" + i, "ref-" + e.getKey(), "support", "pay-in-app",
                    "pay-bill", Deflection.State.SENT, NOON_UTC, NOON_UTC, Map.of("language", "en")), e.getValue(),
                    NOON_UTC);
            i++;
        }

        assertThat(n.worker().runBatch()).isEqualTo(4);
        assertThat(recording.sent()).extracting(SmsMessage::to).containsExactlyInAnyOrder("+972502345678", "+447400123456");
        ItemView us = n.queue().find("survey:us").orElseThrow();
        ItemView au = n.queue().find("survey:au").orElseThrow();
        assertThat(us.status()).isEqualTo(ItemView.Status.DUE);
        // 09:00 in Honolulu, the last US zone to open: 14:00 in New York
        assertThat(us.at()).isEqualTo(Instant.parse("2026-01-15T19:00:00Z"));
        // 09:00 in Perth, the last Australian zone to open: 12:00 in Sydney
        assertThat(au.at()).isEqualTo(Instant.parse("2026-01-16T01:00:00Z"));
        assertThat(us.lastError()).isEqualTo("postponed: quiet-hours");

        clock.advance(Duration.ofHours(3)); // 15:00 UTC: still night in Honolulu, 02:00 in Sydney
        n.worker().runBatch();
        assertThat(recording.sent()).hasSize(2);
        clock.advance(Duration.ofHours(4)); // 19:00 UTC
        n.worker().runBatch();
        assertThat(recording.sent()).extracting(SmsMessage::to).contains("+12015550123").doesNotContain("+61412345678");
        clock.advance(Duration.ofHours(6)); // 01:00 UTC the next day
        n.worker().runBatch();
        assertThat(recording.sent()).extracting(SmsMessage::to).contains("+61412345678").hasSize(4);

        QuietHours hours = new QuietHours(LocalTime.of(9, 0), LocalTime.of(20, 0), java.time.ZoneOffset.UTC);
        for (int k = 0; k < recording.sent().size(); k++) {
            String to = recording.sent().get(k).to();
            assertThat(hours.allowed(sentAt.get(k), hours.zones(to))).as(to + " at " + sentAt.get(k)).isTrue();
        }
        assertThat(n.queue().list(ItemView.Status.DONE, 10)).hasSize(4);
    }

    /** A survey sent to caller {@code i}; the node's reply reader, the deflection awaiting. */
    private FollowUpNode surveyed(FollowUpNode n, int... callers) {
        for (int i : callers) {
            n.planner().textSent(deflection(i), israeliMobile(i), NOON_UTC);
        }
        assertThat(n.worker().runBatch()).isEqualTo(callers.length);
        return n;
    }

    @Test
    void replies_are_read_robustly_and_each_case_ends_as_documented() throws Exception {
        FollowUpNode n = node(config(Duration.ofSeconds(5), WaitlessConfig.FollowUp.Alerts.NONE),
                new RecordingSmsGateway(), new InMemoryOptOuts(), "n");
        surveyed(n, 1, 2, 3, 4, 5, 6, 7);
        SurveyReplies r = n.replies();

        assertThat(r.text("ref-1", israeliMobile(1), "START", NOON_UTC)).as("left to the inbox")
                .isEqualTo(SurveyReplies.Handled.NOT_AWAITED);
        assertThat(r.text("ref-1", israeliMobile(1), "5", NOON_UTC)).isEqualTo(SurveyReplies.Handled.SCORED);
        assertThat(r.text("ref-2", israeliMobile(2), " 5 ", NOON_UTC)).isEqualTo(SurveyReplies.Handled.SCORED);
        assertThat(r.text("ref-3", israeliMobile(3), "five", NOON_UTC)).isEqualTo(SurveyReplies.Handled.SCORED);
        assertThat(r.text("ref-4", israeliMobile(4), "٥", NOON_UTC)).isEqualTo(SurveyReplies.Handled.SCORED);
        // out of range: asked again once, then recorded invalid
        assertThat(r.text("ref-5", israeliMobile(5), "10", NOON_UTC)).isEqualTo(SurveyReplies.Handled.ASKED_AGAIN);
        assertThat(n.queue().find("survey-again:d5").orElseThrow().kind()).isEqualTo(TextTask.KIND);
        assertThat(r.text("ref-5", israeliMobile(5), "10", NOON_UTC)).isEqualTo(SurveyReplies.Handled.INVALID);
        // an emoji: asked again, then a score is taken
        assertThat(r.text("ref-6", israeliMobile(6), "👍", NOON_UTC)).isEqualTo(SurveyReplies.Handled.ASKED_AGAIN);
        assertThat(r.text("ref-6", israeliMobile(6), "4", NOON_UTC)).isEqualTo(SurveyReplies.Handled.SCORED);
        // STOP inside a reply: the opt-out wins, no score
        assertThat(r.text("ref-7", israeliMobile(7), "5 STOP", NOON_UTC)).isEqualTo(SurveyReplies.Handled.OPT_OUT_WINS);
        assertThat(r.text("ref-7", israeliMobile(7), "5", NOON_UTC)).as("the survey is closed")
                .isEqualTo(SurveyReplies.Handled.NOT_AWAITED);
        // no survey pending: counted and ignored
        assertThat(r.text("ref-99", israeliMobile(99), "5", NOON_UTC)).isEqualTo(SurveyReplies.Handled.NOT_AWAITED);

        SurveyScores.Summary s = n.scores().between(LocalDate.of(2026, 1, 15), LocalDate.of(2026, 1, 15));
        assertThat(s.answers()).isEqualTo(5);
        assertThat(s.distribution()).containsEntry(5, 4L).containsEntry(4, 1L).containsEntry(1, 0L);
        assertThat(s.mean()).isEqualTo(4.8);
        assertThat(s.counts()).containsEntry("sent", 7L).containsEntry("answered", 5L).containsEntry("invalid", 1L)
                .containsEntry("unmatched", 2L).containsEntry("cancelled", 1L);
        assertThat(journal.events(EventType.SURVEY_ANSWERED)).hasSize(5);
        assertThat(journal.events(EventType.SURVEY_INVALID)).singleElement()
                .satisfies(e -> assertThat(e.attribute("reason")).isEqualTo("out-of-range:10"));
        // the second question follows a score; its answer is kept
        assertThat(n.queue().find("survey-comment:d1")).isPresent();
        assertThat(r.text("ref-1", israeliMobile(1), "the app was fine", NOON_UTC))
                .isEqualTo(SurveyReplies.Handled.COMMENTED);
        assertThat(n.alerts().open(10)).isEmpty();
    }

    @Test
    void a_low_score_and_a_negative_comment_raise_alerts_posted_signed_to_the_webhook_within_a_poll() throws Exception {
        List<Map<String, String>> received = new CopyOnWriteArrayList<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/alerts", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(Map.of("body", body, "ts", ex.getRequestHeaders().getFirst("X-Waitless-Timestamp"),
                    "sig", ex.getRequestHeaders().getFirst("X-Waitless-Signature")));
            ex.sendResponseHeaders(received.size() == 1 ? 503 : 204, -1); // the first delivery fails: retried
            ex.close();
        });
        hook.start();
        try {
            WaitlessConfig.FollowUp.Alerts alerts = new WaitlessConfig.FollowUp.Alerts(2,
                    Map.of("en", List.of("useless", "doesn't work")),
                    java.util.Optional.of(URI.create("http://127.0.0.1:" + hook.getAddress().getPort() + "/alerts")),
                    HOOK_SECRET);
            FollowUpNode n = node(config(Duration.ofSeconds(5), alerts), new RecordingSmsGateway(),
                    new InMemoryOptOuts(), "n");
            surveyed(n, 1, 2);
            assertThat(n.replies().text("ref-1", israeliMobile(1), "1", NOON_UTC))
                    .isEqualTo(SurveyReplies.Handled.SCORED);
            n.replies().text("ref-2", israeliMobile(2), "6", NOON_UTC);
            assertThat(n.replies().text("ref-2", israeliMobile(2), "The link DOESN'T WORK on my phone", NOON_UTC))
                    .isEqualTo(SurveyReplies.Handled.COMMENTED);

            List<Map<String, String>> raised = n.alerts().open(10);
            assertThat(raised).extracting(a -> a.get("reason")).containsExactlyInAnyOrder("low-score", "negative-words");
            assertThat(raised).allSatisfy(a -> assertThat(a.get("masked")).contains("•"));
            n.start();
            open.add(n);
            await(() -> received.stream().filter(r -> r.get("body").contains("low-score")).count() >= 2
                    && received.stream().anyMatch(r -> r.get("body").contains("negative-words")), Duration.ofSeconds(20));
            for (Map<String, String> r : received) {
                assertThat(r.get("sig")).isEqualTo("v1=" + AlertWebhookTask.sign(HOOK_SECRET, r.get("ts"), r.get("body")));
                assertThat(r.get("body")).doesNotContain(israeliMobile(1)).doesNotContain(israeliMobile(2));
            }
            assertThat(n.alerts().acknowledge(raised.getFirst().get("id"), "test", NOON_UTC)).isTrue();
            assertThat(n.alerts().open(10)).hasSize(1);
            assertThat(journal.events(EventType.ALERT_RAISED)).hasSize(2);
        } finally {
            hook.stop(0);
        }
    }

    @Test
    void a_survey_is_skipped_for_a_caller_who_opted_out_after_the_call_or_was_surveyed_this_month() throws Exception {
        InMemoryOptOuts optOuts = new InMemoryOptOuts();
        RecordingSmsGateway gateway = new RecordingSmsGateway();
        FollowUpNode n = node(config(Duration.ofSeconds(5), WaitlessConfig.FollowUp.Alerts.NONE), gateway, optOuts, "n");
        n.planner().textSent(deflection(1), israeliMobile(1), NOON_UTC);
        optOuts.add(new OptOuts.Entry("ref-1", "+97250•••0001", NOON_UTC, "sms:STOP"));
        n.planner().textSent(deflection(2), israeliMobile(2), NOON_UTC);
        // the same caller accepts again a week later: one survey per 30 days
        Deflection again = new Deflection("d2b", "call-2b", "ref-2", "support", "pay-in-app", "pay-bill",
                Deflection.State.SENT, NOON_UTC, NOON_UTC, Map.of("language", "en"));
        n.planner().textSent(again, israeliMobile(2), NOON_UTC);

        n.worker().runBatch();

        assertThat(gateway.sent()).extracting(SmsMessage::reference).containsExactlyInAnyOrder("survey:d2");
        assertThat(n.queue().find("survey:d1").orElseThrow().lastError()).isEqualTo("skipped: opted-out");
        assertThat(n.queue().find("survey:d2b").orElseThrow().lastError()).isEqualTo("skipped: surveyed-recently");
    }

    @Test
    void completing_the_flow_moves_the_survey_and_tags_the_callers_first_completion() throws Exception {
        FollowUpNode n = node(config(Duration.ofSeconds(5), WaitlessConfig.FollowUp.Alerts.NONE),
                new RecordingSmsGateway(), new InMemoryOptOuts(), "n");
        Instant texted = NOON_UTC.plus(Duration.ofDays(3000)); // far ahead of Redis's clock: not due yet
        n.planner().textSent(deflection(1), israeliMobile(1), texted);
        Instant completed = texted.plus(Duration.ofMinutes(10));
        n.planner().flowCompleted(deflection(1), completed);
        n.planner().flowCompleted(deflection(1), completed.plusSeconds(1));

        assertThat(n.queue().find("survey:d1").orElseThrow().at()).isEqualTo(completed.plus(Duration.ofHours(2)));
        assertThat(journal.events(EventType.FLOW_FIRST_TIME)).hasSize(1);
    }

    @Test
    void a_caller_texted_who_calls_again_within_the_window_is_a_returnee_listed_once_and_texted_when_asked() throws Exception {
        WaitlessConfig base = config(Duration.ofSeconds(5), WaitlessConfig.FollowUp.Alerts.NONE);
        WaitlessConfig.FollowUp f = base.followUp();
        List<Map<String, String>> received = new CopyOnWriteArrayList<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/returnees", ex -> {
            received.add(Map.of("body", new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    "ts", ex.getRequestHeaders().getFirst("X-Waitless-Timestamp"),
                    "sig", ex.getRequestHeaders().getFirst("X-Waitless-Signature")));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        hook.start();
        open.add(() -> hook.stop(0));
        WaitlessConfig cfg = base.withFollowUp(new WaitlessConfig.FollowUp(true, f.key(), f.pollInterval(), f.lease(),
                f.batchSize(), f.maxAttempts(), f.retryBackoff(), false, f.keep(), f.survey(), f.alerts(),
                new WaitlessConfig.FollowUp.Returnees(true, WaitlessConfig.FollowUp.Returnees.OFF.message(),
                        java.util.Optional.of(URI.create("http://127.0.0.1:" + hook.getAddress().getPort() + "/returnees")),
                        HOOK_SECRET)));
        RecordingSmsGateway gateway = new RecordingSmsGateway();
        FollowUpNode n = node(cfg, gateway, new InMemoryOptOuts(), "n");
        Deflection d = deflection(1).withState(Deflection.State.OPENED, NOON_UTC);
        journal.saveDeflection(d);
        n.planner().textSent(d, israeliMobile(1), NOON_UTC);
        n.planner().textSent(deflection(2), israeliMobile(2), NOON_UTC);

        n.planner().callArrived("ref-1", "call-again", NOON_UTC.plus(Duration.ofDays(2)));
        n.planner().callArrived("ref-1", "call-third", NOON_UTC.plus(Duration.ofDays(3)));
        n.planner().callArrived("ref-2", "call-late", NOON_UTC.plus(Duration.ofDays(8))); // past the 7-day window
        n.planner().callArrived("ref-3", "call-new", NOON_UTC);

        var list = n.returnees().list(NOON_UTC, 10);
        assertThat(list).singleElement().satisfies(r -> {
            assertThat(r).containsEntry("deflection", "d1").containsEntry("tried-online", "opened")
                    .containsEntry("call", "call-again").containsEntry("flow", "pay-bill");
            assertThat(r.values()).noneMatch(v -> v.contains("2002001") && v.startsWith("+"));
        });
        assertThat(journal.events(EventType.FOLLOWUP_RETURNEE)).hasSize(1);
        ItemView text = n.queue().find("returnee:d1").orElseThrow();
        assertThat(text.kind()).isEqualTo(TextTask.KIND);
        assertThat(text.at()).isEqualTo(NOON_UTC.plus(Duration.ofDays(2)).plus(Duration.ofMinutes(30)));
        assertThat(n.queue().payloadField("returnee:d1", NumberVault.FIELD).orElseThrow()).startsWith("v1:");

        clock.advance(Duration.ofDays(2).plusHours(1)); // inside allowed hours in Israel
        n.worker().runBatch();
        assertThat(gateway.sent()).filteredOn(m -> m.reference().equals("returnee:d1")).singleElement()
                .satisfies(m -> assertThat(m.text()).contains("What was missing online?"));
        assertThat(received).singleElement().satisfies(r -> {
            assertThat(r.get("body")).contains("\"type\":\"waitless.returnee\"", "\"deflection\":\"d1\"",
                    "\"tried-online\":\"opened\"", "+97250•••0001").doesNotContain("ref-1");
            assertThat(r.get("sig")).isEqualTo("v1=" + AlertWebhookTask.sign(HOOK_SECRET, r.get("ts"), r.get("body")));
        });
        assertThat(n.replies().text("ref-1", israeliMobile(1), "could not find the invoice", clock.instant()))
                .isEqualTo(SurveyReplies.Handled.COMMENTED);
        assertThat(n.returnees().list(NOON_UTC, 10).getFirst()).containsEntry("answer", "could not find the invoice");
    }

    @Test
    void forgetting_a_caller_erases_their_queued_texts_answers_alerts_and_survey_state_and_nobody_elses() throws Exception {
        FollowUpNode n = node(config(Duration.ofSeconds(5), WaitlessConfig.FollowUp.Alerts.NONE),
                new RecordingSmsGateway(), new InMemoryOptOuts(), "n");
        surveyed(n, 1, 2);
        n.replies().text("ref-1", israeliMobile(1), "1", NOON_UTC); // an answer, an alert, a queued second question
        n.replies().text("ref-2", israeliMobile(2), "6", NOON_UTC);
        n.planner().flowCompleted(deflection(1), NOON_UTC);
        n.planner().textSent(new Deflection("d11", "call-11", "ref-1", "support", "pay-in-app", "pay-bill",
                Deflection.State.SENT, NOON_UTC, NOON_UTC, Map.of("language", "en")), israeliMobile(1),
                NOON_UTC.plus(Duration.ofDays(40)));

        long erased = new FollowUpForget(client(), "wl-test:").forget("ref-1");

        assertThat(erased).isGreaterThanOrEqualTo(5);
        assertThat(n.queue().find("survey:d1")).isEmpty();
        assertThat(n.queue().find("survey-comment:d1")).isEmpty();
        assertThat(n.queue().find("survey:d11")).isEmpty();
        assertThat(n.alerts().open(10)).isEmpty();
        assertThat(n.replies().text("ref-1", israeliMobile(1), "the comment", NOON_UTC))
                .isEqualTo(SurveyReplies.Handled.NOT_AWAITED);
        var s = n.scores().between(LocalDate.of(2026, 1, 15), LocalDate.of(2026, 1, 15));
        assertThat(s.answers()).isEqualTo(1);
        assertThat(s.distribution()).containsEntry(6, 1L).containsEntry(1, 0L);
        assertThat(n.queue().find("survey:d2")).isPresent();
        assertThat(n.queue().find("survey-comment:d2")).isPresent();
    }

    @Test
    void two_nodes_whose_clocks_differ_by_seconds_still_send_each_survey_once() throws Exception {
        WaitlessConfig cfg = config(Duration.ofSeconds(2), WaitlessConfig.FollowUp.Alerts.NONE);
        RecordingSmsGateway gateway = new RecordingSmsGateway().delay(Duration.ofMillis(1));
        MutableClock ahead = new MutableClock(NOON_UTC.plusSeconds(7));
        MutableClock behind = new MutableClock(NOON_UTC.minusSeconds(4));
        FollowUpNode a = new FollowUpNode(cfg, client(), gateway, journal, new InMemoryOptOuts(), ahead, "ahead");
        FollowUpNode b = new FollowUpNode(cfg, client(), gateway, journal, new InMemoryOptOuts(), behind, "behind");
        for (int i = 0; i < 300; i++) {
            (i % 2 == 0 ? a : b).planner().textSent(deflection(i), israeliMobile(i), i % 2 == 0 ? ahead.instant()
                    : behind.instant());
        }
        a.start();
        b.start();
        open.add(a);
        open.add(b);
        await(() -> b.queue().list(ItemView.Status.DONE, 1000).size() == 300, Duration.ofSeconds(30));
        Map<String, Long> byNumber = gateway.sent().stream()
                .collect(Collectors.groupingBy(SmsMessage::to, Collectors.counting()));
        assertThat(byNumber).hasSize(300);
        assertThat(byNumber.values()).allMatch(n -> n == 1);
    }
}
