package io.waitless;

import io.javalin.Javalin;
import io.waitless.config.WaitlessConfig;
import io.waitless.sim.CallSimulator;
import io.waitless.sim.SimulatedQueue;
import io.waitless.testing.RedisServer;
import io.waitless.testing.TestConfigs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8's gateway fault, on a whole node: a Twilio-shaped gateway on loopback answers 500s, then hangs, then
 * recovers. The breaker opens on the 500s and offers pause (callers hear "we cannot text", at once); while it
 * hangs, only the breaker's one trial waits, and no longer than {@code sms.timeout}; once the gateway is well
 * again the next trial closes the breaker and texts go out.
 */
class SmsGatewayFaultIT {

    private enum Mode { OK, FAIL, HANG }

    private static final Duration SMS_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration OPEN_FOR = Duration.ofSeconds(2);
    /** Well under {@link #SMS_TIMEOUT}: what a caller who does not wait on the gateway takes, on a busy CI machine. */
    private static final Duration MARGIN = Duration.ofSeconds(1);

    private static RedisServer redis;
    private static Javalin gateway;
    private static final AtomicReference<Mode> mode = new AtomicReference<>(Mode.OK);
    private static final AtomicInteger requests = new AtomicInteger();
    private static final CountDownLatch release = new CountDownLatch(1);

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start();
        gateway = Javalin.create(c -> {
            c.jetty.host = "127.0.0.1";
            c.jetty.port = 0;
            c.startup.showJavalinBanner = false;
            c.routes.post("/2010-04-01/Accounts/{account}/Messages.json", ctx -> {
                requests.incrementAndGet();
                switch (mode.get()) {
                    case OK -> ctx.status(201).contentType("application/json")
                            .result("{\"sid\":\"SM" + requests.get() + "\",\"status\":\"queued\"}");
                    case FAIL -> ctx.status(500).result("{\"message\":\"internal error\"}");
                    case HANG -> {
                        release.await(30, TimeUnit.SECONDS);
                        ctx.status(503);
                    }
                }
            });
        }).start();
    }

    @AfterAll
    static void stop() throws Exception {
        release.countDown();
        gateway.stop();
        redis.close();
    }

    private WaitlessConfig config() {
        WaitlessConfig c = TestConfigs.config(dir, redis.uri());
        WaitlessConfig.Sms sms = c.sms();
        WaitlessConfig.Twilio twilio = new WaitlessConfig.Twilio(URI.create("http://127.0.0.1:" + gateway.port()),
                "AC0123456789abcdef", "AC0123456789abcdef", TestConfigs.TWILIO_AUTH_TOKEN, Optional.empty(),
                Optional.empty());
        return new WaitlessConfig(c.source(), c.company(), c.agi(), c.http(), c.redis(), c.callers(),
                new WaitlessConfig.Sms(WaitlessConfig.GatewayKind.TWILIO, sms.sender(), SMS_TIMEOUT, sms.templates(),
                        Optional.empty(), sms.outbox(), sms.flowTemplates(), Optional.of(twilio), Optional.empty(),
                        new WaitlessConfig.Retry(2, Duration.ofMillis(100)),
                        new WaitlessConfig.Breaker(50, 4, OPEN_FOR)),
                c.links(), c.prompts(), c.channels(), c.flows(), c.promotions(), c.queues(), c.budgets(), c.api(),
                c.hooks(), c.smsIn());
    }

    private static final AtomicInteger numbers = new AtomicInteger();

    /** One caller who presses 1 after a minute; returns the accept script's status and how long the call took. */
    private static Result call(App app) throws Exception {
        int n = numbers.incrementAndGet();
        CallSimulator sim = new CallSimulator("127.0.0.1", app.agiPort(), new SimulatedQueue());
        long t0 = System.nanoTime();
        CallSimulator.Report r = sim.run(new CallSimulator.Caller("caller-" + n,
                number(n), 0, "support", Optional.of(Duration.ofSeconds(60)), false,
                Duration.ofSeconds(30), CallSimulator.Ending.ABANDON));
        return new Result(r.acceptStatus(), Duration.ofNanos(System.nanoTime() - t0));
    }

    private record Result(String status, Duration took) {}

    /** A mobile number in a prefix of its own, so the SMS-pumping defence (5 numbers a prefix) stays out of it. */
    private static String number(int n) {
        return "+97250" + (2 + n % 8) + (n / 8) % 10 + "45678";
    }

    private static double breaker(App app) {
        return app.metrics().get("waitless.sms.breaker.state").gauge().value();
    }

    @Test
    void the_breaker_opens_on_500s_no_caller_waits_on_a_hanging_gateway_and_it_closes_once_the_gateway_recovers()
            throws Exception {
        try (App app = App.start(config(), Clock.systemUTC())) {
            assertThat(call(app).status()).isEqualTo("sent");

            mode.set(Mode.FAIL);
            for (int i = 0; i < 2; i++) { // two sends, two tries each: four failures fill the window
                Result r = call(app);
                assertThat(r.status()).isEqualTo("sms-failed");
                assertThat(r.took()).isLessThan(SMS_TIMEOUT.plus(MARGIN));
            }
            assertThat(breaker(app)).as("open").isEqualTo(1);
            int before = requests.get();
            for (int i = 0; i < 5; i++) {
                Result r = call(app);
                assertThat(r.status()).as("offers pause: no text promised").isEqualTo("no-sms");
                assertThat(r.took()).as("and nobody waits for the gateway").isLessThan(MARGIN);
            }
            assertThat(requests.get()).as("nothing reaches the gateway while the breaker is open").isEqualTo(before);

            mode.set(Mode.HANG);
            Thread.sleep(OPEN_FOR.plusMillis(200).toMillis());
            Result trial = call(app); // half open: this caller's send is the trial, and it hangs
            assertThat(trial.status()).isEqualTo("sms-failed");
            assertThat(trial.took()).as("bounded by sms.timeout").isLessThan(SMS_TIMEOUT.plus(MARGIN));
            assertThat(breaker(app)).as("open again").isEqualTo(1);
            Result meanwhile = call(app);
            assertThat(meanwhile.status()).isEqualTo("no-sms");
            assertThat(meanwhile.took()).isLessThan(MARGIN);

            mode.set(Mode.OK);
            release.countDown();
            Thread.sleep(OPEN_FOR.plusMillis(200).toMillis());
            assertThat(call(app).status()).as("the trial succeeds").isEqualTo("sent");
            assertThat(breaker(app)).as("closed").isZero();
            assertThat(call(app).status()).isEqualTo("sent");
            assertThat(app.metrics().get("waitless.sms.breaker.transitions").counters().stream()
                    .mapToDouble(c -> c.count()).sum()).as("closed→open, open→half-open→open, →half-open→closed")
                    .isGreaterThanOrEqualTo(5);
        }
    }
}
