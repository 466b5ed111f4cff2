package io.waitless.deflect;

/** Whether a caller's number may be texted, decided once per call. */
public sealed interface CallerVerdict {

    /** The number as shown to people (masked). */
    String masked();

    /** Keyed hash of the number (empty when there is no usable number). */
    String reference();

    /** @param e164 the normalized number, used only to send the text */
    record Textable(String e164, String masked, String reference) implements CallerVerdict {}

    record NotTextable(Reason reason, String masked, String reference) implements CallerVerdict {}

    /** Why no text is offered; logged as the event's {@code reason}. */
    enum Reason {
        NO_CALLER_ID, WITHHELD, MALFORMED, NOT_MOBILE, COUNTRY_NOT_ALLOWED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }
}
