package io.waitless.sim;

import java.util.List;

/**
 * The timed-offer dialplan's {@code offer} AGI as Asterisk starts it for the benchmarks' n-th caller: withdrawn from
 * queue {@code support} a minute after entering, offered one of the shipped promotions in turn, with a caller ID
 * of its own (an Israeli mobile number, {@code +97250} and seven digits from {@code n}).
 */
public final class OfferCalls {
    private static final List<String> PROMOTIONS = List.of("pay-in-app", "outage-online", "moving-online",
            "change-plan-whatsapp");

    private OfferCalls() {
    }

    /** The promotion's prompt caller {@code n} hears first ({@code STREAM FILE}, key 1 accepts). */
    public static String prompt(int n) {
        return "waitless/promo-" + PROMOTIONS.get(n % PROMOTIONS.size());
    }

    /** Caller {@code n}'s number, E.164. */
    public static String number(int n) {
        return String.format("+97250%07d", n % 10_000_000);
    }

    /** The {@code agi_*} environment; {@code entered} is the epoch second the caller entered the queue. */
    public static AgiEnvironment environment(String host, int port, int n, long entered) {
        return new AgiEnvironment(host, port, "offer",
                List.of("support", Integer.toString(1 + n % 40), Long.toString(entered - 60),
                        PROMOTIONS.get(n % PROMOTIONS.size()), "yes", "1", "", ""),
                String.format("PJSIP/trunk-%08x", n), "1795500000." + n, number(n), "Caller " + n, 0, "en",
                "waitless-timed-loop", "s", 12);
    }
}
