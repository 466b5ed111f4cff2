package io.waitless.call;

import java.util.Locale;

/** How a call ended, as logged in {@code call.ended}. A hangup is an outcome, never an error. */
public enum Outcome {
    /** An agent answered ({@code ANSWEREDTIME} &gt; 0). */
    ANSWERED,
    /** Hung up while waiting after a link was texted: the deflection may have worked. */
    ABANDONED_AFTER_LINK,
    /** Hung up while waiting, with no link sent. */
    ABANDONED,
    /** Hung up while the accept script ran (the text may or may not have gone). */
    HUNG_UP_IN_ACCEPT,
    /** Hung up before reaching the queue (during arrive). */
    HUNG_UP_BEFORE_QUEUE,
    /** app_queue sent the caller away (JOINEMPTY, LEAVEEMPTY, FULL…). */
    LEFT_QUEUE,
    /** The dialplan state did not say. */
    UNKNOWN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
