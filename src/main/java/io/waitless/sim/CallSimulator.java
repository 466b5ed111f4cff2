package io.waitless.sim;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plays one caller through {@code dialplans/waitless.conf} against a node, as Asterisk would: the
 * {@code arrive} AGI, the queue (with {@code QUEUE_PRIO} from arrival order), an optional press of 1 that
 * leaves through {@code context=} into {@code accept} and back into the queue at the same place, and the
 * hangup handler's {@code hangup} AGI in dead-channel mode. Time in the queue is simulated: the
 * {@code WL_ENTERED} passed to the node is set back by the simulated wait, so nothing sleeps for minutes.
 */
public final class CallSimulator {
    private static final AtomicLong UNIQUE = new AtomicLong(1795423500L * 1000);

    private final String host;
    private final int port;
    private final SimulatedQueue queue;

    public CallSimulator(String host, int port, SimulatedQueue queue) {
        this.host = host;
        this.port = port;
        this.queue = queue;
    }

    /** What the simulated caller does. */
    public enum Ending { ABANDON, ANSWERED }

    /**
     * @param name           a label for output ("dana")
     * @param callerId       the caller ID Asterisk would give ({@code +972501234567}, {@code anonymous}, empty)
     * @param callingPres    Q.931 presentation (0 allowed, 32 restricted)
     * @param queueName      the queue (the extension dialled into {@code waitless-in})
     * @param waitBeforeKey  simulated time queued before pressing 1; empty = never presses
     * @param hangUpInAccept the caller hangs up while the accept script talks
     * @param waitAfter      simulated time queued after coming back (or in all, if they never press)
     * @param ending         how the call ends
     */
    public record Caller(String name, String callerId, int callingPres, String queueName,
                         Optional<Duration> waitBeforeKey, boolean hangUpInAccept, Duration waitAfter,
                         Ending ending) {}

    /**
     * What happened to the caller, step by step.
     *
     * @param placeKept the caller came back behind exactly the callers who were ahead and are still waiting
     */
    public record Report(Caller caller, String uniqueId, List<String> steps, String promotion, String deflection,
                         int positionBefore, int positionAfter, boolean placeKept, String acceptStatus,
                         String hangupStatus) {}

    /** Called while the caller is out of the queue in the accept script (the demo lets others move meanwhile). */
    private Runnable whileOut = () -> { };

    public CallSimulator whileOut(Runnable r) {
        this.whileOut = r;
        return this;
    }

    /** Who answers if {@code arrive} asks by voice (EXEC AudioSocket); without one the AudioSocket fails at once. */
    private SimulatedChannel.AudioSocketPeer voice;

    public CallSimulator voice(SimulatedChannel.AudioSocketPeer peer) {
        this.voice = peer;
        return this;
    }

    public Report run(Caller c) throws IOException {
        String uid = (UNIQUE.get() / 1000) + "." + (UNIQUE.incrementAndGet() % 1000);
        String channel = "Local/" + c.name() + "@waitless-in-" + String.format("%08x", UNIQUE.get() % 0xffff) + ";2";
        List<String> steps = new ArrayList<>();
        AgiEnvironment base = new AgiEnvironment(host, port, "arrive", List.of(c.queueName()), channel, uid,
                c.callerId(), c.name(), c.callingPres(), "en", "waitless-in", c.queueName(), 11);
        SimulatedChannel.Session arrive = SimulatedChannel.live().audio(voice).run(host, port, base);
        String promo = arrive.variables().getOrDefault("WL_PROMO", "");
        String offer = arrive.variables().getOrDefault("WL_OFFER", "");
        steps.add("arrive → WAITLESS_STATUS=" + show(arrive.status()) + ", hold audio "
                + arrive.variables().getOrDefault("CHANNEL(musicclass)", "default")
                + (arrive.commands().stream().anyMatch(cmd -> cmd.contains("AudioSocket"))
                        ? ", asked by voice: intent " + arrive.variables().getOrDefault("WL_INTENT", "unknown") : ""));
        long now = Instant.now().getEpochSecond();
        long arrived = now - c.waitBeforeKey().orElse(c.waitAfter()).toSeconds();
        int prio = (int) (2147483647L - arrived); // QUEUE_PRIO from arrival order, as the dialplan sets it
        int pos = queue.join(c.name(), prio, 0);
        steps.add("joins queue " + c.queueName() + " at position " + pos + " (QUEUE_PRIO " + prio + ")");
        String state = "queued";
        String deflection = "";
        String acceptStatus = "";
        int before = 0;
        int after = 0;
        boolean placeKept = false;
        long entered;
        if (c.waitBeforeKey().isPresent()) {
            entered = now - c.waitBeforeKey().get().toSeconds();
            List<String> aheadBefore = queue.ahead(c.name());
            before = queue.leave(c.name());
            whileOut.run();
            steps.add("presses 1 after " + c.waitBeforeKey().get().toSeconds() + " s, at position " + before);
            SimulatedChannel accept = SimulatedChannel.live();
            if (c.hangUpInAccept()) {
                accept.hangUpDuring("waitless/sms-sent").hangUpDuring("waitless/sending")
                        .hangUpDuring("waitless/no-sms").hangUpDuring("waitless/sms-failed");
            }
            SimulatedChannel.Session s = accept.run(host, port, base.withScript("accept",
                    List.of(c.queueName(), Integer.toString(before), Long.toString(entered), promo, offer),
                    "waitless-queue-exit", "1", 5));
            acceptStatus = s.status();
            deflection = s.variables().getOrDefault("WL_DEFLECTION", "");
            steps.add("accept → WAITLESS_STATUS=" + show(acceptStatus) + " in " + s.took().toMillis() + " ms"
                    + (deflection.isEmpty() ? "" : ", deflection " + deflection));
            if (s.callerHungUp()) {
                state = "accept";
                steps.add("hangs up during the accept script");
            } else {
                after = queue.join(c.name(), prio, before);
                List<String> stillAhead = aheadBefore.stream().filter(n -> queue.position(n) > 0).toList();
                boolean kept = queue.ahead(c.name()).equals(stillAhead);
                placeKept = kept;
                steps.add("back in the queue at position " + after + (after == before ? "" : " (was " + before + ")")
                        + (kept ? " (place kept: ahead " + stillAhead + ")" : " (PLACE LOST: ahead " + queue.ahead(c.name()) + ")"));
            }
        }
        entered = now - c.waitAfter().toSeconds();
        long answered = 0;
        if (state.equals("queued")) {
            queue.leave(c.name());
            if (c.ending() == Ending.ANSWERED) {
                answered = 95;
                steps.add("answered by an agent");
            } else {
                steps.add("hangs up while waiting");
            }
        }
        SimulatedChannel.Session h = SimulatedChannel.dead().run(host, port, base.withScript("hangup",
                List.of(c.queueName(), state, Long.toString(answered), Long.toString(entered), promo, deflection, "16",
                        offer),
                "waitless-hangup", "s", 1));
        steps.add("hangup handler → WAITLESS_STATUS=" + show(h.status()));
        return new Report(c, uid, steps, promo, deflection, before, after, placeKept, acceptStatus, h.status());
    }

    private static String show(String status) {
        return status.isEmpty() ? "(empty: node failed, caller goes on waiting)" : status;
    }
}
