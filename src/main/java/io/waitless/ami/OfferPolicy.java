package io.waitless.ami;

import io.waitless.config.WaitlessConfig.TimedQueue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whom to withdraw for an offer in one tick: pure, no I/O, no clock of its own.
 *
 * <p>A caller is due when they have waited at least {@code first-offer-after} since Waitless first saw the call
 * (never app_queue's {@code Wait}, which restarts at each re-entry), the last offer was at least {@code every}
 * ago, fewer than {@code max-offers} were made, and their position is beyond {@code protect-head}. At most
 * {@code maxPerTick} are chosen, those nearest the head first (they have the least time left for an offer).
 */
public final class OfferPolicy {

    /**
     * What Waitless remembers about one call, shared by the nodes.
     *
     * @param firstSeen when the call was first seen waiting (its arrival, by Waitless's clock)
     * @param offers    offers made (withdrawals accepted by Asterisk)
     * @param lastOffer when the last one was made
     */
    public record CallState(Instant firstSeen, int offers, Optional<Instant> lastOffer) {
        /** A call seen for the first time now: its arrival is {@code now} minus app_queue's wait. */
        public static CallState firstSight(QueueCaller c, Instant now) {
            return new CallState(now.minusSeconds(Math.max(0, c.waitSeconds())), 0, Optional.empty());
        }
    }

    private OfferPolicy() {
    }

    /**
     * @param waiting    the queue's callers, from {@code QueueStatus}
     * @param states     state by uniqueid; a caller without one is treated as {@link CallState#firstSight}
     * @param now        the current time
     * @param maxPerTick most callers to choose
     * @return the callers to withdraw, nearest the head first
     */
    public static List<QueueCaller> due(TimedQueue cfg, List<QueueCaller> waiting, Map<String, CallState> states,
                                        Instant now, int maxPerTick) {
        return due(cfg, waiting, states, now, maxPerTick, Optional.empty());
    }

    /**
     * @param perPosition the queue's expected wait per position ({@link WaitEstimator}); empty: not known yet,
     *                    and then {@code min-expected-wait} does not hold anyone back
     */
    public static List<QueueCaller> due(TimedQueue cfg, List<QueueCaller> waiting, Map<String, CallState> states,
                                        Instant now, int maxPerTick, Optional<Duration> perPosition) {
        List<QueueCaller> out = new ArrayList<>();
        waiting.stream()
                .sorted(java.util.Comparator.comparingInt(QueueCaller::position))
                .filter(c -> waitsLongEnough(cfg, c, perPosition))
                .filter(c -> isDue(cfg, c, states.getOrDefault(c.uniqueId(), CallState.firstSight(c, now)), now))
                .limit(Math.max(0, maxPerTick))
                .forEach(out::add);
        return List.copyOf(out);
    }

    /** Whether the caller's expected wait reaches {@code min-expected-wait} (or it is unknown, or not set). */
    public static boolean waitsLongEnough(TimedQueue cfg, QueueCaller c, Optional<Duration> perPosition) {
        return cfg.minExpectedWait().isZero() || perPosition.isEmpty()
                || perPosition.get().multipliedBy(c.position()).compareTo(cfg.minExpectedWait()) >= 0;
    }

    /** Whether one caller is due, as described on the class. */
    public static boolean isDue(TimedQueue cfg, QueueCaller c, CallState s, Instant now) {
        if (c.position() <= cfg.protectHead() || s.offers() >= cfg.maxOffers()) {
            return false;
        }
        if (Duration.between(s.firstSeen(), now).compareTo(cfg.firstOfferAfter()) < 0) {
            return false;
        }
        return s.lastOffer().map(last -> Duration.between(last, now).compareTo(cfg.every()) >= 0).orElse(true);
    }
}
