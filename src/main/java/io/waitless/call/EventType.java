package io.waitless.call;

import java.util.Arrays;
import java.util.Optional;

/** Every kind of event in the deflection journal, with its wire name ({@code offer.accepted}). */
public enum EventType {
    CALL_ARRIVED("call.arrived"),
    PROMO_PLAYED("promo.played"),
    OFFER_MADE("offer.made"),
    OFFER_ACCEPTED("offer.accepted"),
    OFFER_REFUSED("offer.refused"),
    SMS_SENT("sms.sent"),
    SMS_FAILED("sms.failed"),
    LINK_OPENED("link.opened"),
    CALL_ENDED("call.ended");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<EventType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }
}
