package io.waitless.call;

import java.util.List;
import java.util.Optional;

/**
 * The deflection journal: an append-only stream of {@link CallEvent}s and one {@link Deflection} record
 * per accepted offer.
 *
 * <p>Fail open: a call must never stop because the journal is down. {@link #append} never throws for a
 * storage failure; it logs at WARN, counts the failure and returns {@code false}. Implementations are
 * thread-safe and every call is bounded by the store's timeout.
 */
public interface Journal extends AutoCloseable {

    /** Appends one event; {@code false} if it could not be stored (already logged and counted). */
    boolean append(CallEvent event);

    /** Creates or replaces the deflection record; {@code false} if it could not be stored. */
    boolean saveDeflection(Deflection deflection);

    /** Moves a deflection's funnel state forward (never backward); {@code false} if not stored. */
    boolean advanceDeflection(String deflectionId, Deflection.State state, java.time.Instant at);

    Optional<Deflection> deflection(String deflectionId);

    /** The newest {@code limit} events, oldest first (for reports, the demo and tests). */
    List<CallEvent> recent(int limit);

    @Override
    void close();
}
