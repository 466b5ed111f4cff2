package io.waitless.sms;

import io.waitless.config.WaitlessConfig;
import io.waitless.sms.DeliveryReport.Status;
import io.waitless.sms.TestSmsc.Accept;
import io.waitless.sms.TestSmsc.Refuse;
import io.waitless.sms.TestSmsc.Silent;
import org.jsmpp.SMPPConstant;
import org.jsmpp.util.DeliveryReceiptState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@link SmppSmsGateway} against a jsmpp SMSC on a free loopback port. */
class SmppSmsGatewayIT {

    private static final String NUMBER = "+972501234567";
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private final List<DeliveryReport> reports = new CopyOnWriteArrayList<>();
    private TestSmsc smsc;

    @BeforeEach
    void start_smsc() throws Exception {
        smsc = new TestSmsc();
    }

    @AfterEach
    void stop_smsc() throws Exception {
        smsc.close();
    }

    private SmppSmsGateway gateway(String password) {
        return new SmppSmsGateway(new WaitlessConfig.Smpp("127.0.0.1", smsc.port(), TestSmsc.SYSTEM_ID, password,
                "", Duration.ofSeconds(2), Duration.ofSeconds(30), OptionalInt.empty(), OptionalInt.empty()),
                TIMEOUT, reports::add, Clock.systemUTC());
    }

    @Test
    void a_gsm7_text_is_submitted_with_a_receipt_request_and_the_receipt_comes_back_as_delivered() throws Exception {
        String text = "Galil Cable: finish here https://go.example.com/l/Ab3dE9xQ {ok} €5";
        try (var gateway = gateway(TestSmsc.PASSWORD)) {
            SmsReceipt receipt = gateway.send(new SmsMessage("d-1", NUMBER, "GalilCable", text));

            TestSmsc.Submitted s = smsc.submitted.getFirst();
            assertThat(receipt).isEqualTo(new SmsReceipt("smpp", s.messageId(), "submit_sm_resp OK"));
            assertThat(s.text()).isEqualTo(text);
            assertThat(s.dataCoding()).isEqualTo((byte) 0);
            assertThat(s.viaPayload()).isFalse();
            assertThat(s.destination()).isEqualTo("972501234567");
            assertThat(s.sourceTon()).isEqualTo((byte) 5);
            assertThat(s.sourceNpi()).isEqualTo((byte) 0);
            assertThat(s.registeredDelivery()).isEqualTo((byte) 1);

            DeliveryReport r = awaitReport();
            assertThat(r.gateway()).isEqualTo("smpp");
            assertThat(r.messageId()).isEqualTo(s.messageId());
            assertThat(r.reference()).isEqualTo("d-1");
            assertThat(r.status()).isEqualTo(Status.DELIVERED);
            assertThat(r.detail()).contains("DELIVRD");
        }
    }

    @Test
    void hebrew_goes_as_ucs2_from_an_international_number_and_an_undelivered_receipt_is_reported()
            throws Exception {
        smsc.answer(new Accept(DeliveryReceiptState.UNDELIV));
        String text = "גליל כבלים: להמשך https://go.example.com/l/Ab3dE9xQ";
        try (var gateway = gateway(TestSmsc.PASSWORD)) {
            gateway.send(new SmsMessage("d-2", NUMBER, "+97235551234", text));

            TestSmsc.Submitted s = smsc.submitted.getFirst();
            assertThat(s.text()).isEqualTo(text);
            assertThat(s.dataCoding()).isEqualTo((byte) 0x08);
            assertThat(s.source()).isEqualTo("97235551234");
            assertThat(s.sourceTon()).isEqualTo((byte) 1);
            assertThat(s.sourceNpi()).isEqualTo((byte) 1);
            assertThat(awaitReport().status()).isEqualTo(Status.UNDELIVERED);
        }
    }

    @Test
    void a_long_text_goes_whole_in_message_payload() {
        String text = "שלום ".repeat(30) + "https://go.example.com/l/Ab3dE9xQ";
        try (var gateway = gateway(TestSmsc.PASSWORD)) {
            gateway.send(new SmsMessage("d-3", NUMBER, "GalilCable", text));
        }
        TestSmsc.Submitted s = smsc.submitted.getFirst();
        assertThat(s.viaPayload()).isTrue();
        assertThat(s.text()).isEqualTo(text);
    }

    @Test
    void one_session_serves_many_texts_and_a_lost_session_is_bound_again_on_the_next_send() throws Exception {
        try (var gateway = gateway(TestSmsc.PASSWORD)) {
            gateway.send(new SmsMessage("d-4", NUMBER, "GalilCable", "one"));
            gateway.send(new SmsMessage("d-5", NUMBER, "GalilCable", "two"));
            assertThat(smsc.binds.get()).isEqualTo(1);

            smsc.dropSessions();
            // until the client's reader notices the closed socket, one send may fail (retryably) and drop it
            try {
                gateway.send(new SmsMessage("d-6", NUMBER, "GalilCable", "three"));
            } catch (SmsException e) {
                assertThat(e.retryable()).isTrue();
                gateway.send(new SmsMessage("d-6", NUMBER, "GalilCable", "three"));
            }

            assertThat(smsc.binds.get()).isEqualTo(2);
            assertThat(smsc.submitted).extracting(TestSmsc.Submitted::text).containsExactly("one", "two", "three");
        }
    }

    @Test
    void a_wrong_password_is_a_non_retryable_bind_failure_without_the_password() {
        try (var gateway = gateway("wrong-pw")) {
            SmsException e = catchThrowableOfType(SmsException.class,
                    () -> gateway.send(new SmsMessage("d-7", NUMBER, "GalilCable", "hi")));

            assertThat(e.retryable()).isFalse();
            assertThat(e).hasMessageContaining("refused to bind").hasMessageContaining("ESME_RINVPASWD")
                    .hasMessageNotContaining("wrong-pw");
        }
        assertThat(smsc.submitted).isEmpty();
    }

    @Test
    void throttling_queue_full_and_system_errors_are_retryable() {
        for (int status : new int[] {SMPPConstant.STAT_ESME_RTHROTTLED, SMPPConstant.STAT_ESME_RMSGQFUL,
                SMPPConstant.STAT_ESME_RSYSERR}) {
            smsc.answer(new Refuse(status));
            try (var gateway = gateway(TestSmsc.PASSWORD)) {
                SmsException e = catchThrowableOfType(SmsException.class,
                        () -> gateway.send(new SmsMessage("d-8", NUMBER, "GalilCable", "hi")));

                assertThat(e.retryable()).as("status 0x%x", status).isTrue();
                assertThat(e).hasMessageContaining(SmppSmsGateway.statusName(status))
                        .hasMessageNotContaining("972501234567");
            }
        }
    }

    @Test
    void an_invalid_destination_is_not_retryable() {
        smsc.answer(new Refuse(SMPPConstant.STAT_ESME_RINVDSTADR));
        try (var gateway = gateway(TestSmsc.PASSWORD)) {
            SmsException e = catchThrowableOfType(SmsException.class,
                    () -> gateway.send(new SmsMessage("d-9", NUMBER, "GalilCable", "hi")));

            assertThat(e.retryable()).isFalse();
            assertThat(e).hasMessageContaining("ESME_RINVDSTADR (0xb)");
        }
    }

    @Test
    void an_smsc_that_never_answers_fails_as_retryable_within_the_timeout() {
        smsc.answer(new Silent());
        try (var gateway = gateway(TestSmsc.PASSWORD)) {
            gateway.send(new SmsMessage("d-10", NUMBER, "GalilCable", "warm-up")); // bind first: Silent
        } catch (SmsException expected) {
            assertThat(expected.retryable()).isTrue();
        }
        smsc.submitted.clear();
        try (var gateway = gateway(TestSmsc.PASSWORD)) {
            long start = System.nanoTime();
            SmsException e = catchThrowableOfType(SmsException.class,
                    () -> gateway.send(new SmsMessage("d-11", NUMBER, "GalilCable", "hi")));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(e.retryable()).isTrue();
            assertThat(e).hasMessageContaining("did not answer");
            assertThat(took).isLessThan(TIMEOUT.plusSeconds(1));
        }
    }

    @Test
    void no_smsc_listening_is_a_retryable_bind_failure() throws Exception {
        int port = smsc.port();
        smsc.close();
        try (var gateway = new SmppSmsGateway(new WaitlessConfig.Smpp("127.0.0.1", port, "x", "y", "",
                Duration.ofSeconds(1), Duration.ofSeconds(30), OptionalInt.empty(), OptionalInt.empty()),
                TIMEOUT, reports::add, Clock.systemUTC())) {
            SmsException e = catchThrowableOfType(SmsException.class,
                    () -> gateway.send(new SmsMessage("d-12", NUMBER, "GalilCable", "hi")));

            assertThat(e.retryable()).isTrue();
            assertThat(e).hasMessageContaining("could not bind");
        }
    }

    private DeliveryReport awaitReport() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (reports.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no delivery report within 5 s");
            }
            Thread.sleep(20);
        }
        return reports.getFirst();
    }
}
