package io.waitless.deflect;

import java.util.List;
import java.util.Objects;

/**
 * A hold-time promotion: a short spoken clip about one flow, ending with the "press 1" offer.
 * Each promotion becomes one hold-audio (music-on-hold) class in Asterisk, named {@link #mohClass()}.
 *
 * @param id        short id ({@code pay-in-app}); also the prompt id of its clip
 * @param flow      the id of the {@link Flow} the offer's link opens
 * @param text      what the caller hears (rendered by the prompt builder)
 * @param incentive optional line appended to the text ("no fee when you pay in the app"); may be empty
 * @param queues    queues it plays in; empty means every queue
 * @param priority  higher wins when several promotions fit a caller
 */
public record Promotion(String id, String flow, String text, String incentive, List<String> queues, int priority) {
    public Promotion {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(text, "text");
        incentive = incentive == null ? "" : incentive;
        queues = List.copyOf(queues);
    }

    /** The Asterisk music-on-hold class that plays this promotion between hold music. */
    public String mohClass() {
        return "waitless-" + id;
    }

    /**
     * The class for callers who cannot be offered a text (landline, withheld number, opted out, over a
     * budget, gateway failing): the same promotion, followed by the no-text alternative instead of "press 1".
     */
    public String noOfferMohClass() {
        return mohClass() + "-nooffer";
    }

    /** The full spoken text: the promotion, then its incentive when there is one. */
    public String spokenText() {
        return incentive.isBlank() ? text : text + " " + incentive;
    }

    public boolean playsIn(String queue) {
        return queues.isEmpty() || queues.contains(queue);
    }
}
