package io.waitless.prompts;

import java.time.Duration;
import java.util.Objects;

/**
 * How one hold-audio class loops: {@code music} of hold music, then the promotion clip of length
 * {@code promo}, which ends with the "press 1" offer; then again from the music.
 *
 * @param mohClass the Asterisk class ({@code waitless-<promotion id>})
 * @param music    total length of the music files before the clip
 * @param promo    length of the promotion clip, offer included
 */
public record ClipSchedule(String mohClass, Duration music, Duration promo) {

    public ClipSchedule {
        Objects.requireNonNull(mohClass, "mohClass");
        if (music.isNegative() || promo.isNegative() || music.plus(promo).isZero()) {
            throw new IllegalArgumentException("a hold-audio loop needs a positive length: " + music + " + " + promo);
        }
    }

    /** One full loop: music then promotion. */
    public Duration cycle() {
        return music.plus(promo);
    }

    /**
     * How many offers a caller has heard to the end after {@code onHold} of uninterrupted hold
     * audio that started at the top of the loop. Asterisk restarts hold audio after a periodic
     * announcement or a re-entry, so a node counts from the last (re)start it knows of.
     */
    public int offersPlayed(Duration onHold) {
        if (onHold.isNegative()) {
            return 0;
        }
        return Math.toIntExact(onHold.toNanos() / cycle().toNanos());
    }
}
