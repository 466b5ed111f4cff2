package io.waitless.cli;

import io.waitless.journal.RedisProcess;
import io.waitless.sim.Latencies;
import io.waitless.sim.LocalKannel;
import io.waitless.sim.OfferAccepts;
import io.waitless.sim.Verdict;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code waitless bench offer-sms}: offer to SMS. Callers press 1 during the spoken offer ({@link OfferAccepts}) at a
 * steady rate against a node in its own JVM ({@code waitless serve}, private Redis) whose Kannel gateway points at a
 * Kannel {@code sendsms} on loopback ({@link LocalKannel}); measured from the key press leaving the caller's side to
 * the gateway receiving the text's request. Everything is real except Asterisk and the SMSC. Exit 1 when the p99
 * target is missed, a text did not arrive, or the rate was not kept.
 */
@Command(name = "offer-sms", mixinStandardHelpOptions = true,
        description = {"Callers press 1 in the offer at a steady rate; time from the key press to the SMS gateway",
                "(a Kannel sendsms on loopback) receiving the text, through a node in its own JVM."})
final class OfferSmsBenchCommand implements Callable<Integer> {
    @Option(names = "--rate", defaultValue = "200", description = "Accepts per second (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long the rate is kept (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warm-up", defaultValue = "10s", converter = DurationConverter.class,
            description = "Accepts at the same rate first, not counted (default: ${DEFAULT-VALUE}).")
    Duration warmUp;

    @Option(names = "--p99-target", defaultValue = "25", description = "p99 key press to gateway, ms (default: ${DEFAULT-VALUE}).")
    double p99Target;

    static final String BREAKER = "waitless_sms_breaker_state";

    @CommandLine.Mixin
    BenchNode.JavaOpts nodeJavaOpts;

    @CommandLine.Mixin
    BenchCommand.PrivateRedis redis;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        int callers = (int) (rate * duration.toMillis() / 1000);
        if (rate < 1 || callers < 1) {
            spec.commandLine().getErr().println("--rate and --duration must give at least one caller");
            return 2;
        }
        Files.createDirectories(redis.work);
        try (RedisProcess server = redis.start("redis-offer-sms", List.of());
             LocalKannel kannel = LocalKannel.start();
             BenchNode node = BenchNode.start(redis.work, "node-offer-sms", server, BenchNode.texting(kannel),
                     nodeJavaOpts.list(), "")) {
            Duration ready = node.process().awaitReady(Duration.ofSeconds(60));
            out.printf(Locale.ROOT, "== Offer to SMS: %,d callers pressing 1 at %,d/s for %d s (after %d s of warm-up"
                            + " rising to that rate), node in its own JVM (ready in %.2f s), Kannel sendsms on loopback;"
                            + " log %s%n", callers, rate, duration.toSeconds(), warmUp.toSeconds(),
                    ready.toMillis() / 1000.0, node.process().log());
            out.flush();
            warmUp(node);
            double breaker = node.process().metric(BREAKER, "");
            if (breaker != 0) {
                out.println("warm-up: the SMS breaker is not closed (" + breaker + "); the node could not keep up");
            }
            OfferAccepts.Result r = OfferAccepts.run(new OfferAccepts.Settings("127.0.0.1", node.agiPort(), rate,
                    callers, 0));
            long[] nanos = r.pressedAt().entrySet().stream()
                    .map(e -> {
                        Long at = kannel.receivedAt(e.getKey());
                        return at == null ? null : at - e.getValue();
                    })
                    .filter(java.util.Objects::nonNull).mapToLong(Long::longValue).toArray();
            Latencies l = Latencies.ofNanos(nanos);
            int accepts = r.pressedAt().size();
            double achieved = r.rate(callers);
            out.printf(Locale.ROOT, "accepts:  %,d callers pressed 1 (%,.1f/s kept), failed sessions %d; node's"
                    + " statuses %s%n", accepts, achieved, r.failed(), r.statuses());
            out.printf(Locale.ROOT, "gateway:  %,d texts received for them (%,d requests in all, warm-up included)%n",
                    nanos.length, kannel.requests());
            out.printf(Locale.ROOT, "key press to gateway: %s%n", l.described());
            out.flush();
            return new Verdict()
                    .check(accepts == callers && nanos.length == accepts, String.format(Locale.ROOT,
                            "every accept reached the gateway: %,d of %,d callers, %,d texts", accepts, callers,
                            nanos.length))
                    .check(achieved >= rate * 0.95, String.format(Locale.ROOT, "rate kept: %,.1f/s of %,d/s",
                            achieved, rate))
                    .check(nanos.length > 0 && l.p99() <= p99Target, String.format(Locale.ROOT,
                            "p99 key press to gateway %.3f ms ≤ %.0f ms", l.p99(), p99Target))
                    .print(out);
        }
    }

    /**
     * Accepts not counted, rising in five steps to the rate (a node just started has nothing compiled; at full rate
     * at once, on a busy machine, its first sends time out and open the SMS breaker for 30 s).
     */
    private void warmUp(BenchNode node) throws InterruptedException {
        int first = 5_000_000;
        for (int step = 1; step <= 5; step++) {
            int perSecond = Math.max(1, rate * step / 5);
            int callers = (int) (perSecond * warmUp.toMillis() / 5000);
            if (callers > 0) {
                OfferAccepts.run(new OfferAccepts.Settings("127.0.0.1", node.agiPort(), perSecond, callers, first));
                first += callers;
            }
        }
    }
}
