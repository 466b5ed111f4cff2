package io.waitless.deflect;

/**
 * Limits on how many texts go out, shared by every node (SMS-pumping defence and a guard against
 * mistakes): per number, per number prefix, per country, globally, plus a throttle on bursts of
 * distinct numbers in one prefix.
 *
 * <p>{@link #check} is asked before an offer is made (an exhausted budget stops the offer, not just the
 * send); {@link #spend} is asked right before a send and takes one text from every budget atomically, or
 * from none. Both fail closed: when the store cannot be reached the answer is
 * {@link Decision#UNAVAILABLE}, and no text is offered or sent.
 */
public interface SmsBudget {

    /** Whether one more text to this recipient fits every budget now; spends nothing. */
    Decision check(Recipient recipient);

    /** Spends one text from every budget, or from none when any is exhausted. */
    Decision spend(Recipient recipient);

    /**
     * @param callerRef keyed hash of the number (the per-number budget's key)
     * @param e164      the number, for its prefix ({@code +9725023…}); never stored in clear
     * @param region    ISO region of the number ({@code IL})
     */
    record Recipient(String callerRef, String e164, String region) {}

    /** The answer, with the reason logged when a text is refused. */
    enum Decision {
        ALLOWED, NUMBER_EXHAUSTED, PREFIX_EXHAUSTED, PREFIX_BURST, COUNTRY_EXHAUSTED, GLOBAL_EXHAUSTED, UNAVAILABLE;

        public boolean allowed() {
            return this == ALLOWED;
        }

        /** The reason as logged: {@code budget-number}, {@code budget-prefix-burst}, {@code budget-unavailable}. */
        public String wireName() {
            return "budget-" + name().toLowerCase(java.util.Locale.ROOT).replace("_exhausted", "")
                    .replace('_', '-');
        }
    }
}
