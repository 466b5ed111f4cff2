package io.waitless.call;

import java.util.Arrays;
import java.util.Optional;

/** Every kind of event in the deflection journal, with its wire name ({@code offer.accepted}). */
public enum EventType {
    CALL_ARRIVED("call.arrived"),
    /** The caller said why they call and the classifier matched an intent (transcript, score). */
    INTENT_RECOGNIZED("intent.recognized"),
    /** The caller was asked why they call, but no intent came of it (silent, unclear, no audio, hung up). */
    INTENT_UNKNOWN("intent.unknown"),
    PROMO_PLAYED("promo.played"),
    /** After an offer was taken up or turned down, the caller's hold audio moved to another promotion. */
    PROMO_CHANGED("promo.changed"),
    OFFER_MADE("offer.made"),
    OFFER_ACCEPTED("offer.accepted"),
    /** No offer for this caller in this call (not textable, opted out, over budget, gateway failing). */
    OFFER_WITHHELD("offer.withheld"),
    OFFER_REFUSED("offer.refused"),
    /** A spoken offer was answered no, asked for an agent, or not answered (with {@code answer} and {@code via}). */
    OFFER_DECLINED("offer.declined"),
    SMS_SENT("sms.sent"),
    SMS_FAILED("sms.failed"),
    SMS_DELIVERED("sms.delivered"),
    SMS_UNDELIVERED("sms.undelivered"),
    SMS_RECEIVED("sms.received"),
    OPTOUT_ADDED("optout.added"),
    OPTOUT_REMOVED("optout.removed"),
    LINK_OPENED("link.opened"),
    LINK_REFUSED("link.refused"),
    TOKEN_REDEEMED("token.redeemed"),
    TOKEN_REFUSED("token.refused"),
    FLOW_COMPLETED("flow.completed"),
    WEBHOOK_REJECTED("webhook.rejected"),
    /** A digital channel went down (its health check failed, or a manager set it down): its promotions stop. */
    CHANNEL_DOWN("channel.down"),
    /** A digital channel is up again. */
    CHANNEL_UP("channel.up"),
    CALL_ENDED("call.ended"),
    /** A CES survey was texted after a deflection (with {@code deflection}, {@code caller}, {@code first-time}). */
    SURVEY_SENT("survey.sent"),
    /** A survey reply was read: {@code score}, or {@code comment-length} for the second question. */
    SURVEY_ANSWERED("survey.answered"),
    /** A survey reply could not be read (again): no score is recorded ({@code reason}). */
    SURVEY_INVALID("survey.invalid"),
    /** A survey was closed without an answer: the caller opted out in their reply. */
    SURVEY_CANCELLED("survey.cancelled"),
    /** Bad feedback raised an alert ({@code reason}: {@code low-score} or {@code negative-words}). */
    ALERT_RAISED("alert.raised"),
    /** A caller who accepted a text called again within the repeat window: a failed deflection. */
    FOLLOWUP_RETURNEE("followup.returnee"),
    /** A caller completed a flow online for the first time. */
    FLOW_FIRST_TIME("flow.first-time"),
    /** A caller's personal data was erased at their request ({@code waitless forget}); carries only counts. */
    CALLER_FORGOTTEN("caller.forgotten");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Looked up for every event read back (the funnel roller reads tens of thousands a second). */
    private static final java.util.Map<String, EventType> BY_WIRE_NAME = java.util.Map.copyOf(Arrays.stream(values())
            .collect(java.util.stream.Collectors.toMap(EventType::wireName, t -> t)));

    public static Optional<EventType> fromWireName(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(BY_WIRE_NAME.get(name));
    }
}
