package io.waitless.deflect;

import io.waitless.call.CallInfo;
import io.waitless.sms.SmsGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * The rules a textable number must still pass before a text is offered or sent: not opted out, within budget,
 * gateway available. Fails closed: a store that cannot answer means no text. Thread-safe; blocks at most the
 * opt-out store's and budget's Redis timeouts.
 */
final class TextGate {
    private static final Logger log = LoggerFactory.getLogger(TextGate.class);

    private final OptOuts optOuts;
    private final SmsBudget budget;
    private final SmsGateway gateway;

    TextGate(OptOuts optOuts, SmsBudget budget, SmsGateway gateway) {
        this.optOuts = optOuts;
        this.budget = budget;
        this.gateway = gateway;
    }

    /**
     * Why this caller may not have a text now, if not: the number, the opt-out list, the budget (read with
     * {@link SmsBudget#check} when {@code checkBudget}; accept spends it later instead), the gateway.
     */
    Optional<String> whyNot(CallInfo call, CallerVerdict verdict, boolean checkBudget) {
        if (!(verdict instanceof CallerVerdict.Textable t)) {
            return Optional.of(((CallerVerdict.NotTextable) verdict).reason().wireName());
        }
        try {
            if (optOuts.contains(t.reference())) {
                return Optional.of("opted-out");
            }
        } catch (RuntimeException e) { // OptOutUnavailableException, or anything else: no text without an answer
            log.warn("call {}: no text for {}: the opt-out list cannot be read: {}", call.callId(), t.masked(),
                    e.toString());
            return Optional.of("optout-unavailable");
        }
        if (checkBudget) {
            SmsBudget.Decision d = budget(call, t, false);
            if (!d.allowed()) {
                return Optional.of(d.wireName());
            }
        }
        if (!gateway.available()) {
            return Optional.of("gateway-unavailable");
        }
        return Optional.empty();
    }

    private SmsBudget.Decision budget(CallInfo call, CallerVerdict.Textable t, boolean spend) {
        SmsBudget.Recipient r = new SmsBudget.Recipient(t.reference(), t.e164(), t.region());
        try {
            return spend ? budget.spend(r) : budget.check(r);
        } catch (RuntimeException e) { // the port fails closed by contract; an adapter bug must too
            log.warn("call {}: no text for {}: the SMS budget cannot be read: {}", call.callId(), t.masked(),
                    e.toString(), e);
            return SmsBudget.Decision.UNAVAILABLE;
        }
    }

    /** Spends one text from every budget (or none); see {@link SmsBudget#spend}. */
    SmsBudget.Decision spend(CallInfo call, CallerVerdict.Textable t) {
        return budget(call, t, true);
    }
}
