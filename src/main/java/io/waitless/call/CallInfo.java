package io.waitless.call;

import java.util.Objects;

/**
 * What the node knows of a call from Asterisk's AGI environment, without any AGI types.
 *
 * @param callId      {@code agi_uniqueid}, constant for the call across queue exits and re-entries
 * @param channel     {@code agi_channel}
 * @param callerId    {@code agi_callerid} as Asterisk gave it (may be empty, "unknown", "anonymous"…)
 * @param callingPres {@code agi_callingpres}: Q.931 presentation; restricted numbers must not be used
 * @param language    {@code agi_language}
 */
public record CallInfo(String callId, String channel, String callerId, int callingPres, String language) {
    public CallInfo {
        Objects.requireNonNull(callId, "callId");
        channel = channel == null ? "" : channel;
        callerId = callerId == null ? "" : callerId;
        language = language == null || language.isBlank() ? "en" : language;
    }

    /** Presentation restricted (0x20) or number not available (0x40), per Q.931 / Asterisk's AST_PRES_*. */
    public boolean presentationRestricted() {
        int p = callingPres & 0x60;
        return p == 0x20 || p == 0x40;
    }
}
