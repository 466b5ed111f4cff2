package io.waitless.ami;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The expected wait of one queue, computed by Waitless from what it sees rather than from app_queue's
 * {@code Holdtime}, which counts only the last stint of a withdrawn caller and so reads too low
 * (ASTERISK-FACTS 1d, 1e, 7b). Each poll's {@code QueueStatus} is compared with the previous one: a caller who is
 * gone and was not just withdrawn for an offer has left the queue (answered, or abandoned, which also moves
 * everyone up). The mean time between such departures over the last {@link #WINDOW} of them, times a caller's
 * position, is their expected wait. Until {@link #MIN_DEPARTURES} departures were seen the estimate is unknown.
 * Not thread-safe: one per queue, fed by the one scheduler thread.
 */
public final class WaitEstimator {
    /** Departures the mean is taken over. */
    static final int WINDOW = 20;
    /** Departures needed before there is an estimate. */
    static final int MIN_DEPARTURES = 3;
    /** Departures older than this no longer count (the queue's pace changes over the day). */
    static final Duration MAX_AGE = Duration.ofMinutes(30);

    private final Deque<Instant> departures = new ArrayDeque<>();
    private Set<String> previous;
    private Instant previousAt;

    /**
     * Takes one poll.
     *
     * @param now        when it was taken
     * @param waiting    the callers in the queue
     * @param withdrawn  whether a caller no longer in the queue was withdrawn for an offer (they come back)
     */
    public void observe(Instant now, List<QueueCaller> waiting, Predicate<String> withdrawn) {
        Set<String> present = new HashSet<>();
        waiting.forEach(c -> present.add(c.uniqueId()));
        if (previous != null) {
            long gone = previous.stream().filter(id -> !present.contains(id) && !withdrawn.test(id)).count();
            // spread the departures over the interval: their exact moments are unknown
            for (int i = 0; i < gone; i++) {
                long step = Duration.between(previousAt, now).toMillis() * (i + 1) / gone;
                departures.addLast(previousAt.plusMillis(step));
            }
        }
        while (departures.size() > WINDOW + 1
                || !departures.isEmpty() && departures.peekFirst().isBefore(now.minus(MAX_AGE))) {
            departures.removeFirst();
        }
        previous = present;
        previousAt = now;
    }

    /** The mean time between departures; empty until enough were seen. */
    public Optional<Duration> perPosition() {
        if (departures.size() < MIN_DEPARTURES) {
            return Optional.empty();
        }
        Duration span = Duration.between(departures.peekFirst(), departures.peekLast());
        return Optional.of(span.dividedBy(departures.size() - 1));
    }

    /** The expected wait of the caller at {@code position} (1 = head). */
    public Optional<Duration> expectedWait(int position) {
        return perPosition().map(d -> d.multipliedBy(Math.max(1, position)));
    }
}
