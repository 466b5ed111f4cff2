package io.waitless.sms;

import org.jsmpp.PDUStringException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.session.connection.ServerConnection;
import org.jsmpp.session.connection.ServerConnectionFactory;
import org.jsmpp.session.connection.socket.ServerSocketConnection;
import org.jsmpp.util.DeliveryReceiptState;
import org.jsmpp.util.MessageId;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SMSC for tests, built on jsmpp's server side, listening on a free loopback port: checks the bind password,
 * answers each {@code submit_sm} as scripted ({@link Answer}), records what it got, and sends a delivery receipt
 * for each accepted text that asked for one.
 */
public final class TestSmsc implements AutoCloseable {

    public static final String SYSTEM_ID = "waitless";
    public static final String PASSWORD = "smpp-pw";

    /** How the SMSC answers a submit_sm. */
    sealed interface Answer permits Accept, Refuse, Silent {}

    /** Accept with a message id; then send a receipt with this final state. */
    record Accept(DeliveryReceiptState receipt) implements Answer {}

    record Refuse(int status) implements Answer {}

    /** Never answer. */
    record Silent() implements Answer {}

    /** One submit_sm as received; {@code text} decoded from short_message or message_payload. */
    record Submitted(String messageId, byte sourceTon, byte sourceNpi, String source, String destination,
                     byte dataCoding, byte registeredDelivery, boolean viaPayload, String text) {}

    private final ServerSocket socket;
    private final SMPPServerSessionListener listener;
    private final Thread acceptor;
    private final List<SMPPServerSession> sessions = new CopyOnWriteArrayList<>();
    final List<Submitted> submitted = new CopyOnWriteArrayList<>();
    final AtomicInteger binds = new AtomicInteger();
    private final AtomicInteger ids = new AtomicInteger(1000);
    private volatile Answer answer = new Accept(DeliveryReceiptState.DELIVRD);

    public TestSmsc() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        ServerConnectionFactory factory = new ServerConnectionFactory() {
            @Override
            public ServerConnection listen(int port) {
                return new ServerSocketConnection(socket);
            }

            @Override
            public ServerConnection listen(int port, int timeout) throws IOException {
                socket.setSoTimeout(timeout);
                return new ServerSocketConnection(socket);
            }

            @Override
            public ServerConnection listen(int port, int timeout, int backlog) throws IOException {
                return listen(port, timeout);
            }
        };
        listener = new SMPPServerSessionListener(socket.getLocalPort(), factory);
        listener.setMessageReceiverListener(new Receiver());
        acceptor = Thread.ofVirtual().name("test-smsc").start(this::acceptLoop);
    }

    public int port() {
        return socket.getLocalPort();
    }

    void answer(Answer a) {
        answer = a;
    }

    /** Closes every bound session, as an SMSC restart would. */
    void dropSessions() {
        sessions.forEach(SMPPServerSession::close);
        sessions.clear();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                SMPPServerSession session = listener.accept();
                Thread.ofVirtual().start(() -> bind(session));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void bind(SMPPServerSession session) {
        try {
            BindRequest request = session.waitForBind(5_000);
            binds.incrementAndGet();
            if (SYSTEM_ID.equals(request.getSystemId()) && PASSWORD.equals(request.getPassword())) {
                request.accept("test-smsc");
                sessions.add(session);
            } else {
                request.reject(SMPPConstant.STAT_ESME_RINVPASWD);
            }
        } catch (IOException | TimeoutException | PDUStringException | IllegalStateException e) {
            session.close();
        }
    }

    private final class Receiver implements ServerMessageReceiverListener {
        @Override
        public SubmitSmResult onAcceptSubmitSm(SubmitSm sm, SMPPServerSession session) throws ProcessRequestException {
            Answer a = answer;
            String id = Integer.toHexString(ids.incrementAndGet());
            OptionalParameter payload = sm.getOptionalParameter(OptionalParameter.Tag.MESSAGE_PAYLOAD);
            byte[] bytes = payload instanceof OptionalParameter.OctetString o ? o.getValue() : sm.getShortMessage();
            String text = sm.getDataCoding() == 0x08 ? new String(bytes, StandardCharsets.UTF_16BE)
                    : Gsm7.fromSeptets(bytes);
            submitted.add(new Submitted(id, sm.getSourceAddrTon(), sm.getSourceAddrNpi(), sm.getSourceAddr(),
                    sm.getDestAddress(), sm.getDataCoding(), sm.getRegisteredDelivery(), payload != null, text));
            switch (a) {
                case Refuse r -> throw new ProcessRequestException("scripted refusal", r.status());
                case Silent s -> {
                    try {
                        Thread.sleep(10_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new ProcessRequestException("too late", SMPPConstant.STAT_ESME_RSYSERR);
                }
                case Accept acc -> {
                    if (sm.getRegisteredDelivery() != 0) {
                        Thread.ofVirtual().start(() -> receipt(session, sm, id, acc.receipt()));
                    }
                    try {
                        return new SubmitSmResult(new MessageId(id), new OptionalParameter[0]);
                    } catch (PDUStringException e) {
                        throw new ProcessRequestException("bad id", SMPPConstant.STAT_ESME_RSYSERR, e);
                    }
                }
            }
        }

        private void receipt(SMPPServerSession session, SubmitSm sm, String id, DeliveryReceiptState state) {
            try {
                Thread.sleep(50); // after the submit_sm_resp has gone out
                Date now = new Date();
                DeliveryReceipt r = new DeliveryReceipt(id, 1, state == DeliveryReceiptState.DELIVRD ? 1 : 0, now,
                        now, state, state == DeliveryReceiptState.DELIVRD ? "000" : "034", "");
                session.deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN,
                        sm.getDestAddress(), TypeOfNumber.valueOf(sm.getSourceAddrTon()),
                        NumberingPlanIndicator.valueOf(sm.getSourceAddrNpi()), sm.getSourceAddr(),
                        new ESMClass(MessageType.SMSC_DEL_RECEIPT.value()), (byte) 0, (byte) 0,
                        new RegisteredDelivery(0), GeneralDataCoding.DEFAULT,
                        r.toString().getBytes(StandardCharsets.US_ASCII));
            } catch (Exception e) {
                throw new IllegalStateException("the test SMSC could not send a receipt", e);
            }
        }

        @Override
        public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti s, SMPPServerSession session) throws ProcessRequestException {
            throw new ProcessRequestException("no", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public QuerySmResult onAcceptQuerySm(QuerySm q, SMPPServerSession session) throws ProcessRequestException {
            throw new ProcessRequestException("no", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public void onAcceptReplaceSm(ReplaceSm r, SMPPServerSession session) throws ProcessRequestException {
            throw new ProcessRequestException("no", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public void onAcceptCancelSm(CancelSm c, SMPPServerSession session) throws ProcessRequestException {
            throw new ProcessRequestException("no", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm b, SMPPServerSession session) throws ProcessRequestException {
            throw new ProcessRequestException("no", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public void onAcceptCancelBroadcastSm(CancelBroadcastSm c, SMPPServerSession session) throws ProcessRequestException {
            throw new ProcessRequestException("no", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm q, SMPPServerSession session) throws ProcessRequestException {
            throw new ProcessRequestException("no", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm d, Session source) throws ProcessRequestException {
            throw new ProcessRequestException("no", SMPPConstant.STAT_ESME_RINVCMDID);
        }
    }

    @Override
    public void close() throws IOException {
        sessions.forEach(SMPPServerSession::close);
        listener.close();
        socket.close();
        acceptor.interrupt();
    }

}
