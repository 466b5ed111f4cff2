package io.waitless.followup;

import io.waitless.config.WaitlessConfig;
import io.waitless.journal.RedisConnector;
import io.waitless.sms.SmsMessage;
import io.waitless.testing.RecordingSmsGateway;
import io.waitless.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RedisDueQueue} and {@link FollowUpWorker} on a real redis-server: leases, fencing, the "sending" marker,
 * retries, and faults (a node killed or frozen while holding leases, a restart, Redis restarted from its AOF).
 */
class RedisDueQueueIT {
    private static final String PREFIX = "wl-fu:";
    private static final Duration LEASE = Duration.ofMillis(1500);
    private static final Duration SEND_WINDOW = Duration.ofMillis(300);

    private final List<AutoCloseable> open = new ArrayList<>();
    private RedisServer server;

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        if (server != null) {
            server.close();
        }
    }

    private UnifiedJedis client() {
        UnifiedJedis c = RedisConnector.connect(new WaitlessConfig.Redis(server.uri(), "", PREFIX, Duration.ofMillis(500)));
        open.add(c);
        return c;
    }

    private RedisDueQueue queue() {
        return new RedisDueQueue(client(), PREFIX, Duration.ofDays(1));
    }

    private static FollowUpWorker.Settings settings(String node, boolean resendUncertain) {
        return new FollowUpWorker.Settings(node, 50, LEASE, SEND_WINDOW, 3, Duration.ofMillis(100), resendUncertain);
    }

    /** Texts the number in its payload; {@code hold} may block a run before or after it marks "sending". */
    static final class TextTask implements FollowUpTask {
        interface Hold {
            void at(String stage, Claim c) throws InterruptedException;
        }

        private final RecordingSmsGateway gateway;
        private final Hold hold;
        final AtomicInteger leaseLost = new AtomicInteger();

        TextTask(RecordingSmsGateway gateway, Hold hold) {
            this.gateway = gateway;
            this.hold = hold;
        }

        @Override
        public String kind() {
            return "text";
        }

        @Override
        public Result run(Claim c, SendGuard guard) {
            try {
                hold.at("before-send", c);
                if (!guard.beginSend()) {
                    leaseLost.incrementAndGet();
                    return new Result.LeaseLost();
                }
                hold.at("sending", c);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result.LeaseLost();
            }
            gateway.send(new SmsMessage(c.id(), c.get("to"), "Galil", "How easy was it? Reply 1-7"));
            return new Result.Done("sent");
        }
    }

    private static void scheduleMany(DueQueue q, int n) {
        Instant past = Instant.now().minusSeconds(60);
        for (int i = 0; i < n; i++) {
            assertThat(q.schedule(new FollowUp("survey:d" + i, "text", past,
                    Map.of("to", "+9725012" + String.format("%05d", i))))).isTrue();
        }
    }

    private static Map<String, Long> sendsById(RecordingSmsGateway g) {
        return g.sent().stream().collect(Collectors.groupingBy(SmsMessage::reference, Collectors.counting()));
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

    @Test
    void two_nodes_send_each_of_1000_due_surveys_exactly_once_though_one_freezes_holding_a_batch() throws Exception {
        server = RedisServer.start();
        scheduleMany(queue(), 1000);
        RecordingSmsGateway gateway = new RecordingSmsGateway();
        CountDownLatch frozen = new CountDownLatch(1);
        CountDownLatch thaw = new CountDownLatch(1);
        AtomicInteger seenByA = new AtomicInteger();
        TextTask taskA = new TextTask(gateway, (stage, c) -> {
            if (stage.equals("before-send") && seenByA.incrementAndGet() == 120) {
                frozen.countDown(); // node A stops here, holding the rest of its batch, as a killed JVM would
                boolean thawed = false;
                while (!thawed) {
                    try {
                        thawed = thaw.await(1, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        // Quartz's shutdown may interrupt; a frozen node notices nothing
                    }
                }
            }
        });
        TextTask taskB = new TextTask(gateway, (stage, c) -> { });
        RedisDueQueue qa = queue();
        RedisDueQueue qb = queue();
        FollowUpScheduler a = FollowUpScheduler.start(new FollowUpWorker(qa, List.of(taskA), settings("a", false)),
                Duration.ofMillis(20));
        FollowUpScheduler b = FollowUpScheduler.start(new FollowUpWorker(qb, List.of(taskB), settings("b", false)),
                Duration.ofMillis(20));
        open.add(b);
        try {
            assertThat(frozen.await(20, TimeUnit.SECONDS)).isTrue();
            a.quartz().shutdown(false); // node A is gone: nothing of it runs again but the frozen thread

            await(() -> gateway.sent().size() >= 1000 && qb.count(ItemView.Status.LEASED) == 0
                    && qb.count(ItemView.Status.DUE) == 0, Duration.ofSeconds(60));
            thaw.countDown(); // the frozen node wakes up (a long GC pause): its lease was taken over
            // it goes on with the rest of its stale batch, and every send it tries is refused by the fence
            await(() -> taskA.leaseLost.get() >= 1, Duration.ofSeconds(5));
            Thread.sleep(500);
        } finally {
            thaw.countDown();
        }
        Map<String, Long> sends = sendsById(gateway);
        assertThat(sends).hasSize(1000);
        assertThat(sends.values()).allMatch(n -> n == 1);
        assertThat(qb.list(ItemView.Status.DONE, 2000)).hasSize(1000);
        assertThat(qb.count(ItemView.Status.FAILED)).isZero();
        assertThat(qb.find("survey:d0").orElseThrow().payload()).containsEntry("to", "+972501200000");
    }

    @Test
    void a_node_stopped_and_a_new_one_started_on_the_same_redis_lose_none() throws Exception {
        server = RedisServer.start();
        scheduleMany(queue(), 300);
        RecordingSmsGateway gateway = new RecordingSmsGateway().delay(Duration.ofMillis(2));
        FollowUpScheduler first = FollowUpScheduler.start(new FollowUpWorker(queue(),
                List.of(new TextTask(gateway, (s, c) -> { })), settings("n1", false)), Duration.ofMillis(20));
        await(() -> gateway.sent().size() >= 60, Duration.ofSeconds(20));
        first.close(); // an orderly stop lets the running batch finish and record
        int afterStop = gateway.sent().size();
        assertThat(afterStop).isLessThan(300);

        RedisDueQueue q = queue();
        FollowUpScheduler second = FollowUpScheduler.start(new FollowUpWorker(q,
                List.of(new TextTask(gateway, (s, c) -> { })), settings("n1-restarted", false)), Duration.ofMillis(20));
        open.add(second);
        await(() -> q.list(ItemView.Status.DONE, 1000).size() == 300, Duration.ofSeconds(30));
        Map<String, Long> sends = sendsById(gateway);
        assertThat(sends).hasSize(300);
        assertThat(sends.values()).allMatch(n -> n == 1);
    }

    @Test
    void an_item_whose_node_died_mid_send_is_not_sent_again_by_default_and_is_recorded_uncertain() throws Exception {
        server = RedisServer.start();
        RedisDueQueue q = queue();
        scheduleMany(q, 1);
        RecordingSmsGateway gateway = new RecordingSmsGateway();
        CountDownLatch inSend = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        FollowUpWorker a = new FollowUpWorker(queue(), List.of(new TextTask(gateway, (stage, c) -> {
            if (stage.equals("sending")) {
                inSend.countDown();
                never.await(); // dies inside the gateway call: nobody knows if the text left
            }
        })), settings("a", false));
        Thread dying = Thread.ofVirtual().start(a::runBatch);
        assertThat(inSend.await(5, TimeUnit.SECONDS)).isTrue();

        FollowUpWorker b = new FollowUpWorker(q, List.of(new TextTask(gateway, (s, c) -> { })), settings("b", false));
        assertThat(b.runBatch()).as("the lease still holds").isZero();
        Thread.sleep(LEASE.toMillis() + 100);
        assertThat(b.runBatch()).isEqualTo(1);

        assertThat(gateway.sent()).isEmpty();
        ItemView v = q.find("survey:d0").orElseThrow();
        assertThat(v.status()).isEqualTo(ItemView.Status.FAILED);
        assertThat(v.lastError()).isEqualTo("uncertain-send");
        dying.interrupt();
    }

    @Test
    void with_resend_uncertain_an_item_whose_node_died_mid_send_is_sent_by_the_next_node() throws Exception {
        server = RedisServer.start();
        RedisDueQueue q = queue();
        scheduleMany(q, 1);
        RecordingSmsGateway gateway = new RecordingSmsGateway();
        CountDownLatch inSend = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        FollowUpWorker a = new FollowUpWorker(queue(), List.of(new TextTask(gateway, (stage, c) -> {
            if (stage.equals("sending")) {
                inSend.countDown();
                never.await();
            }
        })), settings("a", true));
        Thread dying = Thread.ofVirtual().start(a::runBatch);
        assertThat(inSend.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(LEASE.toMillis() + 100);

        FollowUpWorker b = new FollowUpWorker(q, List.of(new TextTask(gateway, (s, c) -> { })), settings("b", true));
        assertThat(b.runBatch()).isEqualTo(1);

        assertThat(sendsById(gateway)).containsExactly(Map.entry("survey:d0", 1L));
        assertThat(q.find("survey:d0").orElseThrow().status()).isEqualTo(ItemView.Status.DONE);
        dying.interrupt();
    }

    @Test
    void a_result_from_a_node_whose_lease_was_taken_over_is_not_recorded() throws Exception {
        server = RedisServer.start();
        RedisDueQueue q = queue();
        scheduleMany(q, 1);
        Claim stale = q.claim("a", 10, Duration.ofMillis(300)).getFirst();
        Thread.sleep(400);
        Claim fresh = q.claim("b", 10, LEASE).getFirst();

        assertThat(fresh.token()).isGreaterThan(stale.token());
        assertThat(q.beginSend(stale, Duration.ZERO)).isFalse();
        assertThat(q.record(stale, new DueQueue.Outcome.Done("late"))).isFalse();
        assertThat(q.record(fresh, new DueQueue.Outcome.Done("sent"))).isTrue();
        assertThat(q.find("survey:d0").orElseThrow().lastError()).isEqualTo("sent");
    }

    @Test
    void due_and_lease_expiry_follow_the_redis_clock_not_a_skewed_node_clock() throws Exception {
        server = RedisServer.start();
        UnifiedJedis c = client();
        RedisDueQueue q = new RedisDueQueue(c, PREFIX, Duration.ofDays(1));
        List<String> time = c.sendCommand(redis.clients.jedis.Protocol.Command.TIME) instanceof List<?> l
                ? l.stream().map(o -> o instanceof byte[] b ? new String(b) : String.valueOf(o)).toList() : List.of();
        long redisNow = Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
        // scheduled by a node whose clock runs 5 s slow: "due in 1 s" by its clock is 4 s ago by Redis's
        assertThat(q.schedule(new FollowUp("late-clock", "text", Instant.ofEpochMilli(redisNow + 1000 - 5000),
                Map.of()))).isTrue();
        // scheduled by a node whose clock runs 5 s fast: "due now" by its clock is 5 s ahead of Redis
        assertThat(q.schedule(new FollowUp("fast-clock", "text", Instant.ofEpochMilli(redisNow + 5000), Map.of())))
                .isTrue();

        List<Claim> first = q.claim("n", 10, Duration.ofSeconds(3));
        assertThat(first).extracting(Claim::id).containsExactly("late-clock");
        // a second node, whatever its own clock says, cannot take the lease before Redis says it expired
        assertThat(q.claim("other", 10, Duration.ofSeconds(3))).isEmpty();
        Thread.sleep(3100);
        assertThat(q.claim("other", 10, Duration.ofSeconds(3))).extracting(Claim::id).containsExactly("late-clock");
        Thread.sleep(2000);
        assertThat(q.claim("other", 10, Duration.ofSeconds(3))).extracting(Claim::id).containsExactly("fast-clock");
    }

    @Test
    void retries_back_off_and_give_up_after_the_last_attempt() throws Exception {
        server = RedisServer.start();
        RedisDueQueue q = queue();
        scheduleMany(q, 1);
        RecordingSmsGateway gateway = new RecordingSmsGateway()
                .failWith(new io.waitless.sms.SmsException("gateway timed out", true));
        FollowUpWorker w = new FollowUpWorker(q, List.of(new TextTask(gateway, (s, c) -> { })), settings("n", false));
        assertThat(w.runBatch()).isEqualTo(1);
        assertThat(q.find("survey:d0").orElseThrow().status()).isEqualTo(ItemView.Status.DUE);
        assertThat(w.runBatch()).as("backing off").isZero();
        await(() -> w.runBatch() == 1, Duration.ofSeconds(3));
        await(() -> w.runBatch() == 1, Duration.ofSeconds(3));
        ItemView v = q.find("survey:d0").orElseThrow();
        assertThat(v.status()).isEqualTo(ItemView.Status.FAILED);
        assertThat(v.attempts()).isEqualTo(3);
        assertThat(v.lastError()).startsWith("gave up after 3 attempts");

        assertThat(q.runNow("survey:d0")).isEqualTo(DueQueue.Change.CHANGED);
        assertThat(q.find("survey:d0").orElseThrow().attempts()).isZero();
        assertThat(q.cancel("survey:d0")).isEqualTo(DueQueue.Change.CHANGED);
        assertThat(q.cancel("survey:d0")).isEqualTo(DueQueue.Change.NOT_ALLOWED);
        assertThat(q.cancel("nope")).isEqualTo(DueQueue.Change.NOT_FOUND);
        assertThat(w.runBatch()).isZero();
    }

    @Test
    void redis_restarted_from_its_aof_mid_batch_sends_nothing_twice_and_accounts_for_every_item() throws Exception {
        server = RedisServer.start(List.of("--appendonly", "yes", "--appendfsync", "always"));
        scheduleMany(queue(), 400);
        RecordingSmsGateway gateway = new RecordingSmsGateway().delay(Duration.ofMillis(3));
        RedisDueQueue qa = queue();
        RedisDueQueue qb = queue();
        open.add(FollowUpScheduler.start(new FollowUpWorker(qa, List.of(new TextTask(gateway, (s, c) -> { })),
                settings("a", false)), Duration.ofMillis(20)));
        open.add(FollowUpScheduler.start(new FollowUpWorker(qb, List.of(new TextTask(gateway, (s, c) -> { })),
                settings("b", false)), Duration.ofMillis(20)));
        await(() -> gateway.sent().size() >= 100, Duration.ofSeconds(20));
        server.crashAndRestart();

        await(() -> {
            try {
                return qa.count(ItemView.Status.DUE) == 0 && qa.count(ItemView.Status.LEASED) == 0;
            } catch (DueQueue.FollowUpStoreException e) {
                return false;
            }
        }, Duration.ofSeconds(60));
        Map<String, Long> sends = sendsById(gateway);
        assertThat(sends.values()).as("nothing sent twice").allMatch(n -> n == 1);
        List<ItemView> failed = qa.list(ItemView.Status.FAILED, 1000);
        assertThat(failed).allMatch(v -> v.lastError().equals("uncertain-send"));
        assertThat(qa.list(ItemView.Status.DONE, 1000).size() + failed.size()).as("every item accounted for")
                .isEqualTo(400);
        assertThat(failed.size()).as("only what was in flight at the crash is uncertain").isLessThanOrEqualTo(4);
        assertThat(sends.size()).isGreaterThanOrEqualTo(400 - failed.size());
    }
}
