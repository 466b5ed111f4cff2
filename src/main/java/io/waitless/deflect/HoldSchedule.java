package io.waitless.deflect;

import java.time.Duration;
import java.util.Objects;

/**
 * What a queued caller hears, in time: the caller's hold-audio class loops {@code music} then the
 * promotion clip ({@code promo}, ending with the "press 1" offer, or with the alternative for callers who
 * cannot get a text); app_queue interrupts it every {@code announceEvery} with the periodic reminder
 * ({@code announceLength} long), which every caller hears and which therefore offers nothing.
 *
 * <p>From this and the time spent queued, the node counts offers made without any event from Asterisk.
 * The model assumes files-mode music on hold resumes where it stopped after an announcement, and that
 * app_queue starts the next periodic announcement {@code announceEvery} after the previous one ended
 * (the first one {@code announceEvery} after entry, as measured). It is an estimate, labelled as one.
 */
public record HoldSchedule(Duration music, Duration promo, Duration announceEvery, Duration announceLength) {

    public HoldSchedule {
        Objects.requireNonNull(music, "music");
        Objects.requireNonNull(promo, "promo");
        Objects.requireNonNull(announceEvery, "announceEvery");
        Objects.requireNonNull(announceLength, "announceLength");
        if (music.isNegative() || promo.isNegative() || announceLength.isNegative() || !announceEvery.isPositive()) {
            throw new IllegalArgumentException("durations must not be negative and announceEvery must be positive");
        }
    }

    /** What one stint in the queue delivered. */
    public record Heard(int announcements, int promosStarted, int promosFinished) {
        /** Offers made to a caller who may get a text: every promotion clip that reached its offer. */
        public int offers() {
            return promosFinished;
        }
    }

    public Heard heard(Duration stint) {
        long s = Math.max(0, stint.toMillis());
        long f = announceEvery.toMillis();
        long a = announceLength.toMillis();
        int announcements = 0;
        long announcing = 0;
        for (long start = f; start < s; start += f + a) {
            announcements++;
            announcing += Math.min(a, s - start);
        }
        long moh = s - announcing;
        long m = music.toMillis();
        long cycle = m + promo.toMillis();
        int started = 0;
        int finished = 0;
        if (cycle > 0) {
            started = moh > m ? (int) ((moh - m - 1) / cycle) + 1 : 0;
            finished = moh >= cycle ? (int) ((moh - cycle) / cycle) + 1 : 0;
        }
        return new Heard(announcements, started, finished);
    }
}
