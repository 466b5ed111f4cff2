package io.waitless.deflect;

import io.waitless.call.CallEvent;
import io.waitless.call.Deflection;
import io.waitless.call.EventType;
import io.waitless.call.Journal;
import io.waitless.sms.DeliveryListener;
import io.waitless.sms.DeliveryReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;

/**
 * Records delivery reports from every gateway in one way: a final report moves the deflection to
 * {@code delivered} or {@code failed} (never backwards) and journals {@code sms.delivered} /
 * {@code sms.undelivered}; an intermediate one ({@link DeliveryReport.Status#UNKNOWN}) is only logged.
 * SMPP receipts arrive here from the gateway's session, Kannel and Twilio reports from the web hooks.
 * Thread-safe; blocks on the journal (bounded by its timeout), never throws for a journal failure.
 */
public final class Deliveries implements DeliveryListener {
    private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

    private final Journal journal;
    private final Clock clock;

    public Deliveries(Journal journal, Clock clock) {
        this.journal = journal;
        this.clock = clock;
    }

    @Override
    public void delivered(DeliveryReport r) {
        record(r, r.status().name().toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * Records a report with the gateway's own status code ({@code 1} from Kannel, {@code undelivered} from
     * Twilio) kept as the event's {@code status}.
     */
    public void record(DeliveryReport r, String gatewayStatus) {
        if (r.reference().isEmpty()) {
            log.warn("delivery report via {} for message {} names no deflection; ignored", r.gateway(), r.messageId());
            return;
        }
        if (r.status() == DeliveryReport.Status.UNKNOWN) {
            log.info("delivery report for deflection {} via {}: {}, not final", r.reference(), r.gateway(), r.detail());
            return;
        }
        boolean delivered = r.status() == DeliveryReport.Status.DELIVERED;
        Instant now = clock.instant();
        if (!journal.advanceDeflection(r.reference(), delivered ? Deflection.State.DELIVERED : Deflection.State.FAILED,
                now)) {
            log.warn("delivery report for deflection {}: its record is unknown or could not be updated", r.reference());
        }
        EventType type = delivered ? EventType.SMS_DELIVERED : EventType.SMS_UNDELIVERED;
        journal.append(journal.deflection(r.reference()).map(d -> d.event(type, now))
                .orElseGet(() -> CallEvent.of(type, now, "").with("deflection", r.reference()))
                .with("gateway", r.gateway()).with("gateway-id", r.messageId())
                .with("status", gatewayStatus).with("detail", r.detail()).with("reported-at", r.at().toString())
                .build());
        log.info("text for deflection {} {} via {} ({})", r.reference(), delivered ? "delivered" : "not delivered",
                r.gateway(), r.detail());
    }
}
