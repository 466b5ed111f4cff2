package io.waitless.deflect;

/** Whether a caller's number may be texted, decided once per call. */
public sealed interface CallerVerdict {

    /** The number as shown to people (masked). */
    String masked();

    /** Keyed hash of the number (empty when there is no usable number). */
    String reference();

    /**
     * @param e164   the normalized number, used only to send the text
     * @param region ISO region of the number ({@code IL}), for the per-country budget
     */
    record Textable(String e164, String masked, String reference, String region) implements CallerVerdict {}

    record NotTextable(Reason reason, String masked, String reference) implements CallerVerdict {}

    /** Why no text is offered; logged as the event's {@code reason} ({@link #wireName()}). */
    enum Reason {
        /** Empty, {@code unknown}. */
        NO_CALLER_ID,
        /** {@code anonymous}, {@code restricted}…, or presentation restricted. */
        WITHHELD,
        /** No digits ({@code +}), feature codes ({@code *3456}), stray punctuation. */
        MALFORMED,
        /** Far more digits than any phone number has. */
        TOO_LONG,
        /** Letters in the caller ID (vanity or spoofed). */
        LETTERS,
        /** A national number where neither the queue nor {@code callers.default-region} names a region. */
        NO_REGION,
        /** Parses, but libphonenumber does not know it as a number of any range. */
        INVALID,
        /** A service short code ({@code 100}, {@code *6000}). */
        SHORT_CODE,
        COUNTRY_NOT_ALLOWED,
        LANDLINE,
        PREMIUM_RATE,
        SHARED_COST,
        TOLL_FREE,
        /** Universal access number (company number). */
        UAN,
        VOICEMAIL,
        PAGER,
        PERSONAL_NUMBER,
        /** VoIP, while {@code callers.allow-voip} is off. */
        VOIP,
        /** Fixed-or-mobile (while not allowed) or a valid number of no known type. */
        NOT_MOBILE;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }
}
