package io.waitless.deflect;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * The caller's consent to one text, captured in this call: how they said yes, when, and which version of the
 * spoken offer they heard. A text is only sent with the consent of the call it goes to.
 *
 * @param callId        the call the consent was given in
 * @param via           how
 * @param at            when
 * @param promptVersion short hash of the offer and promotion texts the caller heard
 *                      ({@link DeflectionSettings#promptVersion})
 */
public record Consent(String callId, Via via, Instant at, String promptVersion) {
    public Consent {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(via, "via");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(promptVersion, "promptVersion");
    }

    /** How the caller said yes. */
    public enum Via {
        DTMF, SPEECH;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
