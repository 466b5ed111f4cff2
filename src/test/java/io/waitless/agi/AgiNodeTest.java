package io.waitless.agi;

import io.waitless.call.EventType;
import io.waitless.config.Cidr;
import io.waitless.config.WaitlessConfig;
import io.waitless.deflect.Deflector;
import io.waitless.sim.AgiEnvironment;
import io.waitless.sim.SimulatedChannel;
import io.waitless.sms.SmsException;
import io.waitless.testing.InMemoryJournal;
import io.waitless.testing.InMemoryLinkStore;
import io.waitless.testing.RecordingSmsGateway;
import io.waitless.testing.TestConfigs;
import io.waitless.testing.TestNodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AgiNodeTest {
    @TempDir
    Path dir;

    final InMemoryJournal journal = new InMemoryJournal();
    final InMemoryLinkStore links = new InMemoryLinkStore();
    final RecordingSmsGateway gateway = new RecordingSmsGateway();
    AgiNode node;

    AgiNode start(List<Cidr> allow, Duration deadline) {
        WaitlessConfig cfg = TestConfigs.config(dir, URI.create("redis://127.0.0.1:1/0"));
        Deflector deflector = TestNodes.deflector(cfg, journal, links, gateway, Clock.systemUTC());
        node = TestNodes.agiNode(deflector, allow, deadline, Duration.ofSeconds(2));
        return node;
    }

    AgiNode start() {
        return start(List.of(Cidr.parse("127.0.0.1")), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    AgiEnvironment env(String script, List<String> args, String callerId) {
        return new AgiEnvironment("127.0.0.1", node.port(), script, args, "Local/dana@waitless-in-00000001;2",
                "1795423503.1", callerId, "Dana Levi", 0, "en", "waitless-in", "support", 11);
    }

    @Test
    void arrive_sets_the_hold_audio_class_and_promotion_and_ends_with_status() throws Exception {
        start();
        SimulatedChannel.Session s = SimulatedChannel.live().run("127.0.0.1", node.port(),
                env("arrive", List.of("support"), "+972502345678"));

        assertThat(s.variables()).containsEntry("CHANNEL(musicclass)", "waitless-pay-in-app")
                .containsEntry("WL_PROMO", "pay-in-app").containsEntry("WAITLESS_STATUS", "ok");
        assertThat(s.nodeClosed()).isTrue();
        assertThat(journal.events(EventType.CALL_ARRIVED)).singleElement().satisfies(e -> {
            assertThat(e.callId()).isEqualTo("1795423503.1");
            assertThat(e.attribute("number")).isEqualTo("+97250•••5678");
            assertThat(e.attributes().values()).noneMatch(v -> v.contains("502345678"));
        });
    }

    @Test
    void accept_texts_the_link_confirms_and_reports_sent() throws Exception {
        start();
        long entered = Instant.now().getEpochSecond() - 90;
        SimulatedChannel.Session s = SimulatedChannel.live().run("127.0.0.1", node.port(),
                env("accept", List.of("support", "2", Long.toString(entered), "pay-in-app"), "+972502345678"));

        assertThat(s.status()).isEqualTo("sent");
        assertThat(s.commands()).contains("STREAM FILE \"waitless/sms-sent\" \"\"");
        assertThat(gateway.sent()).singleElement().satisfies(m -> {
            assertThat(m.to()).isEqualTo("+972502345678");
            assertThat(m.text()).startsWith("Galil Cable: pay your bill here: https://go.galilcable.example/l/");
        });
        assertThat(journal.types()).containsSubsequence("promo.played", "offer.made", "offer.accepted", "sms.sent");
        String deflection = s.variables().get("WL_DEFLECTION");
        assertThat(journal.deflection(deflection)).get().extracting(d -> d.state().wireName()).isEqualTo("sent");
        assertThat(links.all().values()).singleElement().satisfies(l -> {
            assertThat(l.deflection()).isEqualTo(deflection);
            assertThat(l.target()).hasToString("https://my.galilcable.example/pay");
        });
    }

    @Test
    void no_log_line_holds_a_raw_phone_number() throws Exception {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
                new ch.qos.logback.core.read.ListAppender<>();
        logs.start();
        root.addAppender(logs);
        try {
            start();
            SimulatedChannel.live().run("127.0.0.1", node.port(), env("arrive", List.of("support"), "+972502345678"));
            SimulatedChannel.live().run("127.0.0.1", node.port(),
                    env("accept", List.of("support", "2", "", "pay-in-app"), "+972502345678"));
            SimulatedChannel.live().run("127.0.0.1", node.port(),
                    env("accept", List.of("support", "2", "", "pay-in-app"), "+97236123456"));
        } finally {
            root.detachAppender(logs);
        }
        assertThat(logs.list).isNotEmpty();
        assertThat(logs.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .noneMatch(m -> m.contains("502345678") || m.contains("36123456"))
                .anyMatch(m -> m.contains("+97250•••5678"));
    }

    @Test
    void withheld_caller_who_presses_1_hears_the_alternative_and_gets_no_text() throws Exception {
        start();
        SimulatedChannel.Session s = SimulatedChannel.live().run("127.0.0.1", node.port(),
                env("accept", List.of("support", "1", "", "pay-in-app"), "anonymous"));

        assertThat(s.status()).isEqualTo("no-sms");
        assertThat(s.commands()).contains("STREAM FILE \"waitless/no-sms\" \"\"");
        assertThat(gateway.sent()).isEmpty();
        assertThat(journal.events(EventType.OFFER_REFUSED)).singleElement()
                .satisfies(e -> assertThat(e.attribute("reason")).isEqualTo("withheld"));
    }

    @Test
    void gateway_failure_is_told_to_the_caller_and_logged() throws Exception {
        gateway.failWith(new SmsException("kannel at 127.0.0.1:13013 did not answer", true));
        start();
        SimulatedChannel.Session s = SimulatedChannel.live().run("127.0.0.1", node.port(),
                env("accept", List.of("support", "3", "", "pay-in-app"), "+972502345678"));

        assertThat(s.status()).isEqualTo("sms-failed");
        assertThat(s.commands()).contains("STREAM FILE \"waitless/sms-failed\" \"\"");
        assertThat(journal.events(EventType.SMS_FAILED)).singleElement()
                .satisfies(e -> assertThat(e.attribute("retryable")).isEqualTo("true"));
    }

    @Test
    void slow_gateway_plays_one_moment_and_still_confirms() throws Exception {
        gateway.delay(Duration.ofMillis(900));
        start();
        SimulatedChannel.Session s = SimulatedChannel.live().run("127.0.0.1", node.port(),
                env("accept", List.of("support", "3", "", "pay-in-app"), "+972502345678"));

        assertThat(s.status()).isEqualTo("sent");
        assertThat(s.commands()).containsSubsequence("STREAM FILE \"waitless/sending\" \"\"",
                "STREAM FILE \"waitless/sms-sent\" \"\"");
    }

    @Test
    void caller_hanging_up_during_the_confirmation_keeps_the_text_and_the_socket_closes() throws Exception {
        start();
        SimulatedChannel.Session s = SimulatedChannel.live().hangUpDuring("waitless/sms-sent")
                .run("127.0.0.1", node.port(), env("accept", List.of("support", "2", "", "pay-in-app"), "+972502345678"));

        assertThat(s.callerHungUp()).isTrue();
        assertThat(s.nodeClosed()).isTrue();
        assertThat(gateway.sent()).hasSize(1);
        // a hangup is an outcome: the status is still set last (SET VARIABLE works on a dead channel)
        assertThat(s.status()).isEqualTo("hangup");
        assertThat(s.commands().getLast()).startsWith("SET VARIABLE");
        assertThat(s.commands().stream().filter(c -> c.startsWith("STREAM FILE")).count()).isEqualTo(1);
    }

    @Test
    void caller_hanging_up_before_the_confirmation_ends_the_script_as_a_hangup() throws Exception {
        gateway.delay(Duration.ofMillis(900));
        start();
        SimulatedChannel.Session s = SimulatedChannel.live().hangUpDuring("waitless/sending")
                .run("127.0.0.1", node.port(), env("accept", List.of("support", "2", "", "pay-in-app"), "+972502345678"));

        assertThat(s.status()).isEqualTo("hangup");
        assertThat(s.nodeClosed()).isTrue();
        // no media command is sent to a dead channel; the text still goes and is journaled
        assertThat(s.commands()).noneMatch(c -> c.contains("sms-sent"));
        Thread.sleep(1200);
        assertThat(gateway.sent()).hasSize(1);
        assertThat(journal.events(EventType.SMS_SENT)).hasSize(1);
    }

    @Test
    void unknown_script_is_refused_with_a_status() throws Exception {
        start();
        SimulatedChannel.Session s = SimulatedChannel.live().run("127.0.0.1", node.port(),
                env("offer", List.of("support"), "+972502345678"));

        assertThat(s.status()).isEqualTo("unknown-script");
        assertThat(s.nodeClosed()).isTrue();
    }

    @Test
    void hangup_handler_in_dead_mode_logs_the_outcome() throws Exception {
        start();
        long entered = Instant.now().getEpochSecond() - 130;
        SimulatedChannel.Session s = SimulatedChannel.dead().run("127.0.0.1", node.port(),
                env("hangup", List.of("support", "queued", "0", Long.toString(entered), "pay-in-app", "Abc123xyz987", "16"),
                        "+972502345678"));

        assertThat(s.status()).isEqualTo("abandoned-after-link");
        assertThat(journal.events(EventType.CALL_ENDED)).singleElement().satisfies(e -> {
            assertThat(e.attribute("outcome")).isEqualTo("abandoned-after-link");
            assertThat(e.attribute("deflection")).isEqualTo("Abc123xyz987");
        });
        assertThat(journal.events(EventType.OFFER_MADE)).singleElement()
                .satisfies(e -> assertThat(Integer.parseInt(e.attribute("count"))).isGreaterThanOrEqualTo(4));
    }

    @Test
    void a_silent_asterisk_is_cut_off_at_the_deadline() throws Exception {
        start(List.of(Cidr.parse("127.0.0.1")), Duration.ofMillis(1200));
        try (Socket s = new Socket("127.0.0.1", node.port())) {
            s.setSoTimeout(5000);
            InputStream in = s.getInputStream();
            // the environment, then silence: never answer the node's first command
            s.getOutputStream().write(env("arrive", List.of("support"), "+972502345678").render()
                    .getBytes(StandardCharsets.UTF_8));
            long t0 = System.nanoTime();
            byte[] buf = new byte[4096];
            while (in.read(buf) >= 0) {
                // the node's command(s); we never reply
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(ms).isBetween(900L, 3000L);
        }
        Thread.sleep(100);
        assertThat(node.sessionsOpen()).isZero();
    }

    @Test
    void connections_from_addresses_outside_the_allowlist_are_refused() throws Exception {
        start(List.of(Cidr.parse("127.0.0.2")), Duration.ofSeconds(5));
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            s.connect(new InetSocketAddress("127.0.0.1", node.port()));
            s.setSoTimeout(3000);
            s.getOutputStream().write(env("arrive", List.of("support"), "+972502345678").render()
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        // the same from an allowed address works
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress("127.0.0.2", 0));
            s.connect(new InetSocketAddress("127.0.0.1", node.port()));
            s.setSoTimeout(3000);
            s.getOutputStream().write(env("arrive", List.of("support"), "+972502345678").render()
                    .getBytes(StandardCharsets.UTF_8));
            byte[] first = s.getInputStream().readNBytes(12);
            assertThat(new String(first, StandardCharsets.UTF_8)).startsWith("SET VARIABLE");
        }
        assertThat(journal.events(EventType.CALL_ARRIVED)).hasSize(1);
    }

    @Test
    void a_peer_that_never_finishes_its_environment_is_closed_at_the_environment_deadline_and_logged() throws Exception {
        start();
        try (io.waitless.testing.CapturedLogs logs = io.waitless.testing.CapturedLogs.start();
             Socket s = new Socket("127.0.0.1", node.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("agi_network: yes\nagi_network_script: arr".getBytes(StandardCharsets.US_ASCII));
            long t0 = System.nanoTime();
            assertThat(s.getInputStream().read()).isEqualTo(-1);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(ms).isBetween(AgiNode.ENVIRONMENT_DEADLINE.toMillis() - 200, AgiNode.ENVIRONMENT_DEADLINE.toMillis() + 1500);
            Thread.sleep(100);
            assertThat(logs.atLeast(ch.qos.logback.classic.Level.WARN, "FastAGI from 127.0.0.1: no complete AGI environment"))
                    .hasSize(1);
        }
        assertThat(node.sessionsOpen()).isZero();
    }

    @Test
    void wire_text_for_the_log_loses_control_characters_and_is_cut() {
        assertThat(AgiCall.printable("1795423503.1")).isEqualTo("1795423503.1");
        assertThat(AgiCall.printable("Local/dana@waitless-in-00000001;2")).isEqualTo("Local/dana@waitless-in-00000001;2");
        assertThat(AgiCall.printable("arr\rive\u001b[31m\u0000\uFFFD")).isEqualTo("arr?ive?[31m??");
        assertThat(AgiCall.printable("x".repeat(500))).hasSize(AgiCall.PRINTABLE_MAX + 1).endsWith("…");
        assertThat(AgiCall.printable(null)).isEmpty();
    }
}
