package io.waitless.sms;

import io.waitless.call.PhoneMask;
import io.waitless.config.WaitlessConfig;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCoding;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.Alphabet;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.connection.socket.SocketConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Sends texts to an SMSC over SMPP 3.4 with jsmpp, bound as a transceiver so delivery receipts come back on the
 * same session.
 *
 * <p><b>Session</b>: one, bound on the first send and again on the first send after it was lost (lazily; no
 * background reconnect loop). Connect and bind each take at most {@code bind-timeout}; the session sends
 * {@code enquire_link} every {@code enquire-link} while idle, and jsmpp closes it when those go unanswered.
 *
 * <p><b>Message</b>: {@code submit_sm} with {@code registered_delivery} asking for a receipt on success and on
 * failure. GSM-7 texts go as {@code data_coding 0x00} (SMSC default alphabet, unpacked septets), others as UCS-2
 * ({@code 0x08}, UTF-16BE). A text longer than one segment (see {@link Gsm7#segments}) goes whole in the
 * {@code message_payload} TLV with an empty {@code short_message}, so it has one message id and one receipt;
 * the SMSC splits it. The sender goes as TON 5 / NPI 0 (alphanumeric) when it is a name, as TON 1 / NPI 1
 * (international, E.164) when it is {@code +digits}, unless {@code source-ton}/{@code source-npi} say otherwise.
 *
 * <p><b>Errors</b>: {@code ESME_RTHROTTLED}, {@code ESME_RMSGQFUL}, {@code ESME_RSYSERR},
 * {@code ESME_RSUBMITFAIL}, {@code ESME_RX_T_APPN}, no answer within the timeout, a lost or refused connection
 * are retryable; every other status (invalid destination address, TON/NPI, ...) and a refused bind (wrong
 * system id or password) are not.
 *
 * <p><b>Receipts</b>: each {@code deliver_sm} with the SMSC-delivery-receipt bit of {@code esm_class} is read by
 * {@link SmppReceipts} and handed to the {@link DeliveryListener} on jsmpp's receiver thread.
 *
 * <p>Thread-safe: sends may run concurrently on the one session; binding is serialised. Neither the password nor
 * a full number is logged.
 */
public final class SmppSmsGateway implements SmsGateway {

    public static final String NAME = "smpp";

    private static final Logger log = LoggerFactory.getLogger(SmppSmsGateway.class);
    /** Statuses after which a later try may succeed (SMPP 3.4 section 5.1.3). */
    private static final Set<Integer> RETRYABLE = Set.of(SMPPConstant.STAT_ESME_RTHROTTLED,
            SMPPConstant.STAT_ESME_RMSGQFUL, SMPPConstant.STAT_ESME_RSYSERR, SMPPConstant.STAT_ESME_RSUBMITFAIL,
            SMPPConstant.STAT_ESME_RX_T_APPN);
    private static final byte UCS2 = 0x08;
    private static final int TON_ALPHANUMERIC = 5;
    private static final int TON_INTERNATIONAL = 1;
    private static final int NPI_UNKNOWN = 0;
    private static final int NPI_E164 = 1;

    private final WaitlessConfig.Smpp smpp;
    private final Duration timeout;
    private final String where;
    private final SmppReceipts receipts;
    private final Object bindLock = new Object();
    private volatile SMPPSession session;
    private volatile boolean closed;

    /**
     * @param smpp     the SMSC and the account to bind as
     * @param timeout  longest a {@code submit_sm} waits for its response
     * @param listener gets every delivery receipt; called on jsmpp's receiver thread
     */
    public SmppSmsGateway(WaitlessConfig.Smpp smpp, Duration timeout, DeliveryListener listener, Clock clock) {
        this.smpp = Objects.requireNonNull(smpp, "smpp");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("sms.timeout must be positive, was " + timeout);
        }
        this.where = smpp.host() + ":" + smpp.port();
        this.receipts = new SmppReceipts(NAME, listener, clock);
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Binds if needed, then submits.
     *
     * @return a receipt whose message id is the SMSC's ({@code submit_sm_resp.message_id})
     * @throws SmsException retryable for throttling, full queues, system errors, timeouts and lost
     *                      connections; not retryable for refused binds and other refusals
     */
    @Override
    public SmsReceipt send(SmsMessage message) {
        SMPPSession s = session();
        boolean gsm7 = Gsm7.isEncodable(message.text());
        byte[] body = gsm7 ? Gsm7.toSeptets(message.text()) : message.text().getBytes(StandardCharsets.UTF_16BE);
        DataCoding coding = gsm7 ? GeneralDataCoding.DEFAULT : new GeneralDataCoding(Alphabet.ALPHA_UCS2);
        boolean whole = Gsm7.segments(message.text()) == 1;
        OptionalParameter[] tlvs = whole ? new OptionalParameter[0] : new OptionalParameter[] {
                new OptionalParameter.OctetString(OptionalParameter.Tag.MESSAGE_PAYLOAD.code(), body)};
        Address source = source(message.from());
        try {
            String id = s.submitShortMessage("", source.ton(), source.npi(), source.address(),
                    TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, message.to().substring(1),
                    new ESMClass(), (byte) 0, (byte) 1, null, null,
                    new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE), (byte) 0, coding, (byte) 0,
                    whole ? body : new byte[0], tlvs).getMessageId();
            receipts.sent(id, message.reference());
            log.info("SMS {} to {} accepted by SMSC {}: {} ({}, {})", message.reference(),
                    PhoneMask.mask(message.to()), where, id, gsm7 ? "GSM-7" : "UCS-2",
                    whole ? "one segment" : "message_payload");
            return new SmsReceipt(NAME, id, "submit_sm_resp OK");
        } catch (NegativeResponseException e) {
            int status = e.getCommandStatus();
            throw new SmsException("SMSC " + where + " refused SMS " + message.reference() + ": "
                    + statusName(status), RETRYABLE.contains(status), e);
        } catch (ResponseTimeoutException e) {
            throw new SmsException("SMSC " + where + " did not answer SMS " + message.reference() + " within "
                    + timeout, true, e);
        } catch (InvalidResponseException e) {
            drop(s, "it answered with an unexpected PDU");
            throw new SmsException("SMSC " + where + " gave an invalid response to SMS " + message.reference(),
                    true, e);
        } catch (PDUException e) {
            throw new SmsException("SMS " + message.reference() + " cannot be put in a submit_sm: "
                    + e.getMessage(), false, e);
        } catch (IOException e) {
            drop(s, "the connection failed: " + e.getMessage());
            throw new SmsException("the connection to SMSC " + where + " failed while sending SMS "
                    + message.reference() + ": " + e.getMessage(), true, e);
        }
    }

    /** Source address, TON and NPI for the configured sender. */
    record Address(TypeOfNumber ton, NumberingPlanIndicator npi, String address) {}

    Address source(String sender) {
        boolean number = sender.matches("\\+?\\d+");
        int ton = smpp.sourceTon().orElse(number ? TON_INTERNATIONAL : TON_ALPHANUMERIC);
        int npi = smpp.sourceNpi().orElse(number ? NPI_E164 : NPI_UNKNOWN);
        return new Address(TypeOfNumber.valueOf((byte) ton), NumberingPlanIndicator.valueOf((byte) npi),
                number && sender.startsWith("+") ? sender.substring(1) : sender);
    }

    /** The bound session, binding a new one when there is none or the last one was lost. */
    private SMPPSession session() {
        SMPPSession current = session;
        if (current != null && current.getSessionState().isBound()) {
            return current;
        }
        synchronized (bindLock) {
            if (closed) {
                throw new SmsException("the SMPP gateway is closed", false);
            }
            if (session != null && session.getSessionState().isBound()) {
                return session;
            }
            if (session != null) {
                log.warn("SMPP session to {} was lost ({}); binding again", where, session.getSessionState());
                session.close();
            }
            session = bind();
            return session;
        }
    }

    private SMPPSession bind() {
        SMPPSession s = new SMPPSession((host, port) -> {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(host, port), (int) smpp.bindTimeout().toMillis());
                return new SocketConnection(socket);
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        });
        s.setTransactionTimer(timeout.toMillis());
        s.setEnquireLinkTimer((int) smpp.enquireLink().toMillis());
        s.setMessageReceiverListener(receipts);
        try {
            s.connectAndBind(smpp.host(), smpp.port(), new BindParameter(BindType.BIND_TRX, smpp.systemId(),
                    smpp.password(), smpp.systemType(), TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null),
                    smpp.bindTimeout().toMillis());
            log.info("SMPP session to {} bound as transceiver {}", where, smpp.systemId());
            return s;
        } catch (IOException e) {
            s.close();
            if (e.getCause() instanceof NegativeResponseException refused) {
                throw new SmsException("SMSC " + where + " refused to bind system-id " + smpp.systemId() + ": "
                        + statusName(refused.getCommandStatus())
                        + " (check sms.smpp system-id, password and system-type)", false, e);
            }
            throw new SmsException("could not bind to SMSC " + where + " within " + smpp.bindTimeout() + ": "
                    + e.getMessage(), true, e);
        }
    }

    private void drop(SMPPSession s, String why) {
        log.warn("SMPP session to {} dropped, the next send binds again: {}", where, why);
        s.close();
    }

    /** {@code ESME_RTHROTTLED (0x58)} for the statuses this gateway names, else the hex code. */
    static String statusName(int status) {
        String name = switch (status) {
            case SMPPConstant.STAT_ESME_RTHROTTLED -> "ESME_RTHROTTLED";
            case SMPPConstant.STAT_ESME_RMSGQFUL -> "ESME_RMSGQFUL";
            case SMPPConstant.STAT_ESME_RSYSERR -> "ESME_RSYSERR";
            case SMPPConstant.STAT_ESME_RSUBMITFAIL -> "ESME_RSUBMITFAIL";
            case SMPPConstant.STAT_ESME_RX_T_APPN -> "ESME_RX_T_APPN";
            case SMPPConstant.STAT_ESME_RINVDSTADR -> "ESME_RINVDSTADR";
            case SMPPConstant.STAT_ESME_RINVSRCADR -> "ESME_RINVSRCADR";
            case SMPPConstant.STAT_ESME_RINVDSTTON -> "ESME_RINVDSTTON";
            case SMPPConstant.STAT_ESME_RINVDSTNPI -> "ESME_RINVDSTNPI";
            case SMPPConstant.STAT_ESME_RINVPASWD -> "ESME_RINVPASWD";
            case SMPPConstant.STAT_ESME_RINVSYSID -> "ESME_RINVSYSID";
            case SMPPConstant.STAT_ESME_RBINDFAIL -> "ESME_RBINDFAIL";
            default -> "status";
        };
        return name + " (0x" + Integer.toHexString(status) + ")";
    }

    /** Unbinds and closes the session. Idempotent. */
    @Override
    public void close() {
        synchronized (bindLock) {
            closed = true;
            if (session != null) {
                session.unbindAndClose();
                session = null;
            }
        }
    }
}
