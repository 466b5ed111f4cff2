package io.waitless.followup;

import io.waitless.call.PhoneMask;
import io.waitless.deflect.OptOuts;
import io.waitless.sms.SmsException;
import io.waitless.sms.SmsGateway;
import io.waitless.sms.SmsMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The steps every follow-up text takes, in order: open the number ({@link NumberVault}), never to an opted-out
 * caller (checked now, at send time), only inside the allowed hours of every zone the number may be in
 * ({@link QuietHours}: otherwise postponed to the next allowed moment, not dropped), mark "sending" on the queue,
 * send. Thread-safe.
 */
public final class Texting {
    private static final Logger log = LoggerFactory.getLogger(Texting.class);

    private final NumberVault vault;
    private final OptOuts optOuts;
    private final QuietHours hours;
    private final SmsGateway gateway;
    private final String sender;
    private final Clock clock;

    public Texting(NumberVault vault, OptOuts optOuts, QuietHours hours, SmsGateway gateway, String sender, Clock clock) {
        this.vault = vault;
        this.optOuts = optOuts;
        this.hours = hours;
        this.gateway = gateway;
        this.sender = sender;
        this.clock = clock;
    }

    /** Why not to text now, as a result; empty: go ahead. {@code e164} receives the opened number. */
    Optional<Result> precheck(Claim c, String[] e164) {
        Optional<String> number = vault.open(c.get(NumberVault.FIELD), c.id());
        if (number.isEmpty()) {
            return Optional.of(new Result.Failed("number-unreadable"));
        }
        e164[0] = number.get();
        try {
            if (optOuts.contains(c.get("caller"))) {
                return Optional.of(new Result.Skipped("opted-out"));
            }
        } catch (OptOuts.OptOutUnavailableException e) {
            return Optional.of(new Result.Retry("opt-out list unavailable"));
        }
        Instant now = clock.instant();
        List<java.time.ZoneId> zones = hours.zones(number.get());
        Optional<Instant> next = hours.next(now, zones);
        if (next.isEmpty()) {
            return Optional.of(new Result.Skipped("no-common-allowed-hours"));
        }
        if (next.get().isAfter(now)) {
            log.info("follow-up {} to {} waits for allowed hours in {} until {}", c.id(), PhoneMask.mask(number.get()),
                    zones, next.get());
            return Optional.of(new Result.Postponed(next.get(), "quiet-hours"));
        }
        return Optional.empty();
    }

    /** Marks "sending" and sends; the result to record. */
    Result send(Claim c, FollowUpTask.SendGuard guard, String e164, String text) {
        if (!guard.beginSend()) {
            return new Result.LeaseLost();
        }
        try {
            gateway.send(new SmsMessage(c.id(), e164, sender, text));
            log.info("follow-up {} texted to {} via {}", c.id(), PhoneMask.mask(e164), gateway.name());
            return new Result.Done("sent via " + gateway.name());
        } catch (SmsException e) {
            log.warn("follow-up {} to {} not sent via {}: {}", c.id(), PhoneMask.mask(e164), gateway.name(), e.getMessage());
            return e.retryable() ? new Result.Retry(e.getMessage()) : new Result.Failed(e.getMessage());
        }
    }

    public NumberVault vault() {
        return vault;
    }

    public QuietHours hours() {
        return hours;
    }
}
