package io.waitless.followup;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Claims a batch of due follow-ups for this node and runs each with its {@link FollowUpTask}, then records the
 * result, fenced by the lease. One batch at a time per worker (the Quartz job does not overlap itself).
 *
 * <p>Send guarantee (an SMS gateway is not transactional, so exactly-once is not possible across a crash):
 * a task marks the item "sending" (fenced, and only with at least {@link Settings#sendWindow} of lease left)
 * right before it hands anything to the gateway. A node that dies before that mark loses nothing: the item is
 * claimed again once its lease expires and sent once. A node that dies after the mark and before recording
 * leaves the item <em>uncertain</em>: the text may or may not have left. With {@code resendUncertain = false}
 * (the default) such an item is recorded failed ({@code uncertain-send}) and not sent again: at most once, since a
 * second survey is worse than a missing one. With {@code true} it is sent again: at least once.
 */
public final class FollowUpWorker {
    private static final Logger log = LoggerFactory.getLogger(FollowUpWorker.class);

    /**
     * @param node            this node's name on leases
     * @param batch           most items claimed at once
     * @param lease           how long a claim is held; a dead node's items are retried after it
     * @param sendWindow      lease that must be left to start a send (at least the gateway's timeout)
     * @param maxAttempts     failed attempts before an item is given up (recorded failed)
     * @param backoff         wait before the first retry; doubled at each further attempt, at most a day
     * @param resendUncertain whether an item that died mid-send is sent again (at least once) or not (at most once)
     */
    public record Settings(String node, int batch, Duration lease, Duration sendWindow, int maxAttempts,
                           Duration backoff, boolean resendUncertain) {
        public Settings {
            if (batch < 1 || maxAttempts < 1) {
                throw new IllegalArgumentException("batch and max attempts must be at least 1");
            }
            if (sendWindow.compareTo(lease) >= 0) {
                throw new IllegalArgumentException("the lease must be longer than the send window");
            }
        }
    }

    private final DueQueue queue;
    private final Map<String, FollowUpTask> tasks;
    private final Settings settings;
    private final MeterRegistry metrics;

    public FollowUpWorker(DueQueue queue, List<FollowUpTask> tasks, Settings settings) {
        this(queue, tasks, settings, new SimpleMeterRegistry());
    }

    /**
     * @param metrics where {@code waitless_followups_total{kind,outcome}} counts what this node did with each item
     *                it claimed: {@code done}, {@code skipped}, {@code postponed}, {@code retry}, {@code failed}
     *                (given up, including {@code uncertain-send} and unknown kinds) or {@code lease-lost}
     */
    public FollowUpWorker(DueQueue queue, List<FollowUpTask> tasks, Settings settings, MeterRegistry metrics) {
        this.queue = queue;
        this.tasks = tasks.stream().collect(Collectors.toUnmodifiableMap(FollowUpTask::kind, Function.identity()));
        this.settings = settings;
        this.metrics = metrics;
    }

    private void count(Claim c, String outcome) {
        metrics.counter("waitless.followups", "kind", c.kind(), "outcome", outcome).increment();
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Claims and runs one batch; blocking. Returns how many items were claimed.
     *
     * @throws DueQueue.FollowUpStoreException when the claim itself fails (nothing was taken)
     */
    public int runBatch() {
        List<Claim> claims = queue.claim(settings.node(), settings.batch(), settings.lease());
        for (Claim c : claims) {
            try {
                runOne(c);
            } catch (DueQueue.FollowUpStoreException e) {
                log.warn("follow-up {} ({}): result not recorded, Redis unavailable; it is retried after its lease: {}",
                        c.id(), c.kind(), e.getMessage());
            }
        }
        return claims.size();
    }

    private void runOne(Claim c) {
        if (c.uncertain() && !settings.resendUncertain()) {
            log.warn("follow-up {} ({}): a node stopped while sending it; not sent again (at most once)", c.id(), c.kind());
            queue.record(c, new DueQueue.Outcome.Failed("uncertain-send"));
            count(c, "failed");
            return;
        }
        FollowUpTask task = tasks.get(c.kind());
        if (task == null) {
            log.warn("follow-up {}: no task for kind {}; given up", c.id(), c.kind());
            queue.record(c, new DueQueue.Outcome.Failed("unknown-kind"));
            count(c, "failed");
            return;
        }
        Result result;
        try {
            result = task.run(c, () -> queue.beginSend(c, settings.sendWindow()));
        } catch (DueQueue.FollowUpStoreException e) {
            throw e;
        } catch (RuntimeException e) {
            log.warn("follow-up {} ({}) failed: {}", c.id(), c.kind(), e.toString());
            result = new Result.Retry(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        DueQueue.Outcome outcome = switch (result) {
            case Result.Done d -> new DueQueue.Outcome.Done(d.detail());
            case Result.Skipped s -> new DueQueue.Outcome.Done("skipped: " + s.reason());
            case Result.Postponed p -> new DueQueue.Outcome.Postpone(p.at(), "postponed: " + p.reason());
            case Result.Failed f -> new DueQueue.Outcome.Failed(f.reason());
            case Result.Retry r -> c.attempts() + 1 >= settings.maxAttempts()
                    ? new DueQueue.Outcome.Failed("gave up after " + (c.attempts() + 1) + " attempts: " + r.error())
                    : new DueQueue.Outcome.Retry(backoff(c.attempts()), r.error());
            case Result.LeaseLost l -> null;
        };
        if (outcome == null || !queue.record(c, outcome)) {
            log.warn("follow-up {} ({}): lease lost to another node; this node records nothing", c.id(), c.kind());
            count(c, "lease-lost");
            return;
        }
        if (outcome instanceof DueQueue.Outcome.Failed f) {
            log.warn("follow-up {} ({}) failed for good: {}", c.id(), c.kind(), f.reason());
        }
        count(c, switch (result) {
            case Result.Skipped s -> "skipped";
            case Result.Postponed p -> "postponed";
            default -> switch (outcome) {
                case DueQueue.Outcome.Done d -> "done";
                case DueQueue.Outcome.Retry r -> "retry";
                case DueQueue.Outcome.Failed f -> "failed";
                case DueQueue.Outcome.Postpone p -> "postponed";
            };
        });
    }

    /** {@code backoff × 2^attempts}, at most a day. */
    Duration backoff(int attempts) {
        long factor = 1L << Math.min(attempts, 20);
        Duration d = settings.backoff().multipliedBy(factor);
        return d.compareTo(Duration.ofDays(1)) > 0 ? Duration.ofDays(1) : d;
    }
}
