package io.waitless.report;

import java.util.Arrays;
import java.util.Optional;

/**
 * The steps of the deflection funnel, each counted in distinct calls. A call is counted in the funnel of the day
 * it arrived (in the company's time zone), under the queue, language and intent it arrived with and the promotion
 * (and experiment, variant) of the event: a link opened the next morning still belongs to yesterday's call.
 * Reasons and outcomes are counted beside the steps as {@code withheld:<reason>}, {@code refused:<reason>} and
 * {@code ended:<outcome>} (see {@link FunnelCounts}).
 */
public enum FunnelStep {
    /** Arrived in a queue ({@code call.arrived}). */
    CALLS("calls"),
    /** Said why they call and an intent was matched ({@code intent.recognized}). */
    INTENT("intent"),
    /** Heard an offer of a text ({@code offer.made}). */
    OFFERED("offered"),
    /** Were not offered a text, by rule ({@code offer.withheld}, with a reason). */
    WITHHELD("withheld"),
    /** Took up the offer ({@code offer.accepted}), by DTMF or speech. */
    ACCEPTED("accepted"),
    ACCEPTED_DTMF("accepted-dtmf"),
    ACCEPTED_SPEECH("accepted-speech"),
    /** Said no, asked for an agent, or did not answer a spoken offer ({@code offer.declined}). */
    DECLINED("declined"),
    /** Pressed 1 but were refused a text by rule ({@code offer.refused}, with a reason). */
    REFUSED("refused"),
    SENT("sent"),
    FAILED("failed"),
    DELIVERED("delivered"),
    UNDELIVERED("undelivered"),
    /** Opened the link ({@code link.opened}). */
    OPENED("opened"),
    /** The self-service site redeemed the link's token ({@code token.redeemed}). */
    REDEEMED("redeemed"),
    /** Finished the flow online ({@code flow.completed}). */
    COMPLETED("completed"),
    /** Phoned again within the repeat window after accepting: a failed deflection (counted on the accepting call). */
    REPEAT("repeat");

    private final String wireName;

    FunnelStep(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<FunnelStep> of(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
    }
}
