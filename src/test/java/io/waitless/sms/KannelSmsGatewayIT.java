package io.waitless.sms;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.javalin.Javalin;
import io.waitless.config.WaitlessConfig;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@link KannelSmsGateway} against a real bearerbox + smsbox, with Kannel's fakesmsc as the operator. */
class KannelSmsGatewayIT {

    private static final String NUMBER = "+972501234567";
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Duration DELIVERY = Duration.ofSeconds(5);
    private static final Duration MARGIN = Duration.ofMillis(500);

    @TempDir
    Path dir;

    private KannelHarness kannel;

    @BeforeAll
    static void kannel_is_installed() {
        KannelHarness.assumeInstalled();
    }

    @BeforeEach
    void start_kannel() throws Exception {
        kannel = KannelHarness.start(dir);
    }

    @AfterEach
    void stop_kannel() {
        if (kannel != null) {
            kannel.close();
        }
    }

    @Test
    void a_text_reaches_the_operator_with_the_exact_text_and_recipient() throws Exception {
        String text = "Galil Cable: finish your request here https://go.example.com/l/Ab3dE9xQ (valid 24h) & thanks!";
        try (KannelSmsGateway gateway = new KannelSmsGateway(kannel.config(KannelHarness.PASSWORD), TIMEOUT)) {

            SmsReceipt receipt = gateway.send(new SmsMessage("d-1", NUMBER, "Waitless", text));

            assertThat(receipt.gateway()).isEqualTo("kannel");
            assertThat(receipt.detail()).isIn("0: Accepted for delivery", "3: Queued for later delivery");
        }
        KannelHarness.MtMessage mt = kannel.awaitMessage(m -> m.text().equals(text), DELIVERY);
        assertThat(mt).isEqualTo(new KannelHarness.MtMessage("Waitless", NUMBER, "text", text));
    }

    @Test
    void a_hebrew_text_reaches_the_operator_as_ucs2_with_the_exact_text() throws Exception {
        String text = "גליל כבלים: להמשך https://go.example.com/l/Ab3dE9xQ €";
        try (KannelSmsGateway gateway = new KannelSmsGateway(kannel.config(KannelHarness.PASSWORD), TIMEOUT)) {
            gateway.send(new SmsMessage("d-2", NUMBER, "Waitless", text));
        }
        KannelHarness.MtMessage mt = kannel.awaitMessage(m -> m.to().equals(NUMBER), DELIVERY);
        assertThat(mt.type()).isEqualTo("ucs-2");
        assertThat(mt.text()).isEqualTo(text);
    }

    @Test
    void a_wrong_password_is_refused_as_not_retryable_without_showing_the_password() {
        String wrong = "not-the-password";
        try (KannelSmsGateway gateway = new KannelSmsGateway(kannel.config(wrong), TIMEOUT)) {

            SmsException e = catchThrowableOfType(SmsException.class,
                    () -> gateway.send(new SmsMessage("d-3", NUMBER, "Waitless", "hello")));

            assertThat(e.retryable()).isFalse();
            assertThat(e).hasMessageContaining("403").hasMessageContaining("Authorization failed")
                    .hasMessageNotContaining(wrong).hasMessageNotContaining("972501234567");
        }
        assertThat(kannel.received()).isEmpty();
    }

    @Test
    void with_smsbox_stopped_a_send_fails_as_retryable_within_the_timeout() {
        kannel.stopSmsbox();
        try (KannelSmsGateway gateway = new KannelSmsGateway(kannel.config(KannelHarness.PASSWORD), TIMEOUT)) {

            long start = System.nanoTime();
            SmsException e = catchThrowableOfType(SmsException.class,
                    () -> gateway.send(new SmsMessage("d-4", NUMBER, "Waitless", "hello")));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(e.retryable()).isTrue();
            assertThat(took).isLessThan(TIMEOUT.plus(MARGIN));
            assertThat(e).hasMessageContaining(kannel.sendsmsUrl().getHost() + ":" + kannel.sendsmsUrl().getPort())
                    .hasMessageNotContaining(KannelHarness.PASSWORD);
        }
    }

    @Test
    void kannel_calls_the_dlr_url_with_the_signed_reference_and_the_report_type() throws Exception {
        List<Map<String, String>> reports = new CopyOnWriteArrayList<>();
        Javalin receiver = Javalin.create(c -> {
            c.jetty.host = "127.0.0.1";
            c.jetty.port = 0;
            c.startup.showJavalinBanner = false;
            c.routes.get(KannelDlrUrls.PATH, ctx -> {
                Map<String, String> query = new TreeMap<>();
                ctx.queryParamMap().forEach((k, v) -> query.put(k, v.getFirst()));
                reports.add(query);
                ctx.result("ok");
            });
        }).start();
        try {
            URI node = URI.create("http://127.0.0.1:" + receiver.port());
            WaitlessConfig.Kannel cfg = new WaitlessConfig.Kannel(kannel.sendsmsUrl(), KannelHarness.USERNAME,
                    KannelHarness.PASSWORD, "", Optional.of(node));
            KannelDlrUrls urls = new KannelDlrUrls(node, "a-kannel-hook-secret-for-tests");
            try (KannelSmsGateway gateway = new KannelSmsGateway(cfg, TIMEOUT, Optional.of(urls))) {
                gateway.send(new SmsMessage("d-5", NUMBER, "Waitless", "with a report"));
            }
            kannel.awaitMessage(m -> m.text().equals("with a report"), DELIVERY);

            long deadline = System.nanoTime() + DELIVERY.toNanos();
            while (reports.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(reports).as("DLR requests from Kannel").isNotEmpty();
            Map<String, String> r = reports.getFirst();
            assertThat(r).containsEntry("ref", "d-5")
                    .containsEntry("sig", urls.signature("d-5"))
                    .containsEntry("smsc", "fake")
                    .containsKeys("ts", "answer");
            // the fake SMSC reports acceptance by the SMSC (8); a real operator adds 1 or 2 later
            assertThat(r.get("status")).isIn("1", "2", "8", "16");
            assertThat(reports).allSatisfy(each -> assertThat(each.get("ref")).isEqualTo("d-5"));
        } finally {
            receiver.stop();
        }
    }
}
