package io.waitless.sms;

import io.waitless.sms.DeliveryReport.Status;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.MessageType;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.util.InvalidDeliveryReceiptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns SMPP delivery receipts ({@code deliver_sm} with the SMSC-delivery-receipt bit in {@code esm_class}, the
 * text {@code id:... stat:DELIVRD err:000 ...} parsed by jsmpp's {@link DeliveryReceipt}) into
 * {@link DeliveryReport}s. Remembers our reference for the last {@value #REMEMBERED} message ids it was told
 * about, so a report can carry it. Other {@code deliver_sm}s (texts from phones) are acknowledged and logged at
 * DEBUG; receipts that cannot be read are acknowledged and logged at WARN, so the SMSC does not send them again.
 *
 * <p>Thread-safe; called on jsmpp's receiver threads.
 */
final class SmppReceipts implements MessageReceiverListener {

    private static final Logger log = LoggerFactory.getLogger(SmppReceipts.class);
    static final int REMEMBERED = 10_000;

    private final String gateway;
    private final DeliveryListener listener;
    private final Clock clock;
    private final Map<String, String> references = Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                    return size() > REMEMBERED;
                }
            });

    SmppReceipts(String gateway, DeliveryListener listener, Clock clock) {
        this.gateway = gateway;
        this.listener = listener;
        this.clock = clock;
    }

    /** Remembers which reference the SMSC's message id belongs to. */
    void sent(String messageId, String reference) {
        references.put(messageId, reference);
    }

    @Override
    public void onAcceptDeliverSm(DeliverSm deliverSm) throws ProcessRequestException {
        if (!MessageType.SMSC_DEL_RECEIPT.containedIn(deliverSm.getEsmClass())) {
            log.debug("ignoring a deliver_sm that is not a delivery receipt (esm_class 0x{})",
                    Integer.toHexString(deliverSm.getEsmClass() & 0xFF));
            return;
        }
        DeliveryReport report;
        try {
            report = report(deliverSm.getShortMessageAsDeliveryReceipt());
        } catch (InvalidDeliveryReceiptException e) {
            log.warn("SMPP delivery receipt dropped, its text cannot be read: {}", e.getMessage());
            return;
        }
        try {
            listener.delivered(report);
        } catch (RuntimeException e) {
            log.warn("delivery listener failed on receipt for {}; the receipt is acknowledged anyway",
                    report.messageId(), e);
        }
    }

    DeliveryReport report(DeliveryReceipt r) {
        Status status = switch (r.getFinalStatus()) {
            case DELIVRD -> Status.DELIVERED;
            case EXPIRED, DELETED, UNDELIV, REJECTD -> Status.UNDELIVERED;
            case ENROUTE, ACCEPTD, UNKNOWN -> Status.UNKNOWN;
        };
        String id = r.getId() == null ? "" : r.getId();
        Instant at = r.getDoneDate() == null ? clock.instant() : r.getDoneDate().toInstant();
        String reference = references.getOrDefault(id, "");
        return new DeliveryReport(gateway, id, reference, status,
                "stat:" + r.getFinalStatus() + " err:" + r.getError(), at);
    }

    @Override
    public void onAcceptAlertNotification(AlertNotification alertNotification) {
        log.debug("ignoring an alert_notification");
    }

    @Override
    public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
        throw new ProcessRequestException("data_sm is not supported", SMPPConstant.STAT_ESME_RINVCMDID);
    }
}
