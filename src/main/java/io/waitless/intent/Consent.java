package io.waitless.intent;

/** A caller's short answer to an offer ("shall we text you the link?"). */
public enum Consent {
    /** Accepts: "sure text me", "yeah", "go ahead". */
    YES,
    /** Declines: "no thanks", "nope", "I'll wait". */
    NO,
    /** Asks for a person: "I want a person", "agent". */
    AGENT,
    /** Nothing recognisable as an answer; ask again or fall back to keys. */
    UNKNOWN
}
