package io.waitless.deflect;

import java.time.Instant;
import java.util.List;

/**
 * Numbers that asked never to be texted (a STOP reply, or an operator's {@code waitless optout add}).
 * Keyed by the caller reference (keyed hash of the E.164 number), shared by every node.
 *
 * <p>An opted-out number is never offered a text and never texted. When the store cannot be read,
 * {@link #contains} throws {@link OptOutUnavailableException}: the caller is then treated as opted out
 * for this call (no text), and the call itself goes on.
 */
public interface OptOuts {

    /** @throws OptOutUnavailableException when the store cannot be reached */
    boolean contains(String callerRef);

    /** Records an opt-out; {@code true} if the number was not opted out before. */
    boolean add(Entry entry);

    /** Lifts an opt-out; {@code true} if there was one. */
    boolean remove(String callerRef);

    /** Every opt-out, newest first. */
    List<Entry> list();

    /**
     * @param callerRef keyed hash of the number
     * @param masked    the number as people may see it ({@code +97250•••5678})
     * @param at        when it was recorded
     * @param source    how: {@code sms:<keyword>}, {@code cli}, {@code api}
     */
    record Entry(String callerRef, String masked, Instant at, String source) {}

    /** The opt-out store could not be read or written. */
    final class OptOutUnavailableException extends RuntimeException {
        public OptOutUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
