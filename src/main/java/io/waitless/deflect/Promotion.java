package io.waitless.deflect;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
 * @param variant   set when this promotion is one variant of an A/B experiment; its {@link #id()} is then
 *                  {@code <promotion id>-<variant>}, and it has its own hold-audio classes
 * @param targeting which callers and hours it suits beyond its queues
 */
public record Promotion(String id, String flow, String text, String incentive, List<String> queues, int priority,
                        Optional<Variant> variant, Targeting targeting) {
    public Promotion {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(text, "text");
        incentive = incentive == null ? "" : incentive;
        queues = List.copyOf(queues);
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(targeting, "targeting");
    }

    /** A promotion for every caller of its queues at any hour. */
    public Promotion(String id, String flow, String text, String incentive, List<String> queues, int priority,
                     Optional<Variant> variant) {
        this(id, flow, text, incentive, queues, priority, variant, Targeting.ANY);
    }

    /** A promotion that is not part of an experiment. */
    public Promotion(String id, String flow, String text, String incentive, List<String> queues, int priority) {
        this(id, flow, text, incentive, queues, priority, Optional.empty());
    }

    /**
     * Who and when, beyond the queues.
     *
     * @param intents the callers' intents it suits: a caller whose spoken intent is known and not among them does
     *                not hear it, one whose intent is among them prefers it; empty: any intent
     * @param hours   when it runs; empty: always
     * @param restAfterDecline how long a caller who said no to it is not offered it again, on any call
     *                (zero: offered again on the next call)
     */
    public record Targeting(List<String> intents, Optional<Schedule> hours, java.time.Duration restAfterDecline) {
        /** The default rest after a decline. */
        public static final java.time.Duration DEFAULT_REST = java.time.Duration.ofDays(7);
        public static final Targeting ANY = new Targeting(List.of(), Optional.empty());

        public Targeting {
            intents = List.copyOf(intents);
            Objects.requireNonNull(hours, "hours");
            Objects.requireNonNull(restAfterDecline, "restAfterDecline");
        }

        public Targeting(List<String> intents, Optional<Schedule> hours) {
            this(intents, hours, DEFAULT_REST);
        }
    }

    /** Whether a caller with this intent (empty: not known) may hear it. */
    public boolean suits(Optional<String> intent) {
        return intent.isEmpty() || targeting.intents().isEmpty() || targeting.intents().contains(intent.get());
    }

    /** Whether it runs at {@code t}. */
    public boolean runsAt(java.time.Instant t) {
        return targeting.hours().map(h -> h.open(t)).orElse(true);
    }

    /**
     * One arm of an A/B experiment.
     *
     * @param experiment the experiment's name, hashed with the caller reference for a sticky assignment
     * @param promotion  the id of the promotion as configured (the variants' shared id)
     * @param name       the variant's own id ({@code a}, {@code short-text})
     * @param weight     share of the experiment's callers, 0..100; the weights of one experiment add up to 100,
     *                   and 0 stops the variant
     * @param offer      this variant's "press 1" wording; empty: the configured {@code prompts.texts.offer}
     */
    public record Variant(String experiment, String promotion, String name, int weight, String offer) {
        public Variant {
            if (weight < 0 || weight > 100) {
                throw new IllegalArgumentException("weight " + weight + " is not 0..100");
            }
            offer = offer == null ? "" : offer;
        }
    }

    /**
     * What the chooser picks among: the experiment's name for a variant (all its variants are one slot), the id
     * otherwise.
     */
    public String slot() {
        return variant.map(Variant::experiment).orElse(id);
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
        return noOfferMohClass(id);
    }

    /** The no-offer class of the promotion with this id. */
    public static String noOfferMohClass(String id) {
        return "waitless-" + id + "-nooffer";
    }

    /** The variant's own "press 1" wording, when it has one; otherwise {@code prompts.texts.offer} applies. */
    public Optional<String> ownOffer() {
        return variant.map(Variant::offer).filter(o -> !o.isBlank());
    }

    /** The full spoken text: the promotion, then its incentive when there is one. */
    public String spokenText() {
        return incentive.isBlank() ? text : text + " " + incentive;
    }

    public boolean playsIn(String queue) {
        return queues.isEmpty() || queues.contains(queue);
    }
}
