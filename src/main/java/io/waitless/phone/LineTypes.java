package io.waitless.phone;

import java.util.Optional;

/**
 * Knows the line type of a number better than the offline ranges (numbers ported from mobile to fixed and
 * back, VoIP). Thread-safe; blocks at most its configured timeout.
 */
public interface LineTypes {

    /** No lookup: the offline answer stands. */
    LineTypes NONE = (e164, callerRef) -> Optional.empty();

    /**
     * @param e164      the number to ask about
     * @param callerRef its keyed hash, for caching without holding the number
     * @return the line type, or empty when the service does not know, failed or was too slow
     */
    Optional<LineType> lookup(String e164, String callerRef);

    enum LineType { MOBILE, LANDLINE, VOIP, UNKNOWN }
}
