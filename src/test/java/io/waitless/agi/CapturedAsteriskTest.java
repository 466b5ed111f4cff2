package io.waitless.agi;

import io.waitless.call.EventType;
import io.waitless.config.Cidr;
import io.waitless.config.WaitlessConfig;
import io.waitless.deflect.Deflector;
import io.waitless.testing.InMemoryJournal;
import io.waitless.testing.InMemoryLinkStore;
import io.waitless.testing.RecordingSmsGateway;
import io.waitless.testing.TestConfigs;
import io.waitless.testing.TestNodes;
import org.asteriskjava.fastagi.command.SetVariableCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static io.waitless.testing.AsteriskFixtures.captured;
import static io.waitless.testing.AsteriskFixtures.envBlock;
import static io.waitless.testing.AsteriskFixtures.retarget;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The node against a scripted Asterisk that replays bytes captured from a real Asterisk 22.10.1
 * ({@code fixtures/asterisk-22}). Env blocks are the captured bytes; only {@code agi_network_script},
 * {@code agi_request} and the {@code agi_arg_n} lines are rewritten, because the captures called the fixture
 * server's scripts ({@code offer}, {@code midstream}, {@code queue-hangup}) with their arguments, and the node
 * maps {@code agi_network_script} to a script and reads our dialplan's arguments by position. Channel, caller
 * ID, uniqueid, language, the empty {@code agi_accountcode: } and the rest stay byte for byte. Every reply line
 * is checked to appear in a capture ({@link io.waitless.testing.AsteriskFixtures#captured}).
 */
class CapturedAsteriskTest {
    private static final String A = "agi-a-offer";
    private static final String B = "agi-b-midstream-hangup";
    private static final String C = "agi-c-hangup-handler-abandoned";
    private static final String DEAD_511 = captured(B, "511 Command Not Permitted on a dead channel or intercept routine");
    private static final String OK_1 = captured(A, "200 result=1");
    private static final String OK_0 = captured(A, "200 result=0");
    private static final String PLAYED = captured(A, "200 result=0 endpos=13076");
    private static final String CUT_BY_HANGUP = captured(B, "200 result=-1 endpos=16480");
    private static final String HANGUP = captured(B, "HANGUP");
    private static final String UNKNOWN_510 = captured(A, "510 Invalid or unknown command");
    /** Commands res_agi (22.10.1) runs on a dead channel; everything else gets 511 (README, agi-b). */
    private static final Set<String> DEAD_OK = Set.of("asyncagi break", "database", "exec", "get full variable",
            "get variable", "noop", "set variable", "verbose", "speech destroy", "speech unload grammar");

    @TempDir
    Path dir;

    final InMemoryJournal journal = new InMemoryJournal();
    AgiNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    AgiNode start(Duration deadline) {
        WaitlessConfig cfg = TestConfigs.config(dir, URI.create("redis://127.0.0.1:1/0"));
        Deflector deflector = TestNodes.deflector(cfg, journal, new InMemoryLinkStore(), new RecordingSmsGateway(),
                Clock.systemUTC());
        node = TestNodes.agiNode(deflector, List.of(Cidr.parse("127.0.0.1")), deadline, deadline);
        return node;
    }

    AgiNode start() {
        return start(Duration.ofSeconds(3));
    }

    /**
     * Answers as Asterisk 22.10.1 did in the captures. Live: SET VARIABLE 200 result=1, NOOP/ANSWER/EXEC
     * 200 result=0, STREAM FILE played to the end (or {@link #onStream}), unknown 510. Once dead (from the
     * start in a hangup handler, or after {@code HANGUP} was sent): 511 for everything but {@link #DEAD_OK}.
     */
    static final class Asterisk implements ScriptedAsterisk.Responder {
        boolean dead;
        ScriptedAsterisk.Responder onStream = (c, w) -> w.line(PLAYED);

        static Asterisk live() {
            return new Asterisk();
        }

        static Asterisk dead() {
            Asterisk a = new Asterisk();
            a.dead = true;
            return a;
        }

        Asterisk onStream(ScriptedAsterisk.Responder r) {
            onStream = r;
            return this;
        }

        @Override
        public void on(String command, ScriptedAsterisk.Wire wire) throws IOException, InterruptedException {
            String lower = command.toLowerCase(Locale.ROOT);
            if (dead && DEAD_OK.stream().noneMatch(p -> lower.equals(p) || lower.startsWith(p + " "))) {
                wire.line(DEAD_511);
            } else if (lower.startsWith("set variable ") || lower.startsWith("verbose ")) {
                wire.line(OK_1);
            } else if (lower.equals("noop") || lower.equals("answer") || lower.startsWith("exec ")
                    || lower.startsWith("get variable ")) {
                wire.line(OK_0);
            } else if (lower.startsWith("stream file ")) {
                onStream.on(command, wire);
            } else {
                wire.line(UNKNOWN_510);
            }
        }
    }

    /** The caller hangs up mid-prompt exactly as in agi-b: -1 endpos=16480, the bare HANGUP 43 ms later. */
    static Asterisk hangsUpMidPromptAsCaptured() {
        Asterisk a = Asterisk.live();
        return a.onStream((c, w) -> {
            w.line(CUT_BY_HANGUP);
            a.dead = true;
            w.pause(Duration.ofMillis(43));
            w.line(HANGUP);
        });
    }

    /**
     * Asterisk-Java 3.42.2's connection handler sends its own {@code SET VARIABLE "AJ_AGISTATUS" "SUCCESS"}
     * after our script returns; the node closes the connection right after WAITLESS_STATUS so that write never
     * reaches Asterisk (see {@link #waitless_status_is_the_last_command_the_node_sends}).
     */
    static final String AJ_STATUS = "SET VARIABLE \"AJ_AGISTATUS\" \"SUCCESS\"";

    static void assertNodeSent(ScriptedAsterisk.Session s, List<String> expected) {
        List<String> c = s.commands();
        assertThat(c).as("Asterisk-Java's own status write must not reach Asterisk").doesNotContain(AJ_STATUS);
        assertThat(c).as("commands the node sent").containsExactlyElementsOf(expected);
    }

    @Test
    void waitless_status_is_the_last_command_the_node_sends() throws Exception {
        start();
        ScriptedAsterisk.Session live = new ScriptedAsterisk(arriveEnv(), Asterisk.live()).run(node.port());
        ScriptedAsterisk.Session dead = new ScriptedAsterisk(acceptEnv(), hangsUpMidPromptAsCaptured())
                .run(node.port());

        assertThat(live.last()).isEqualTo(set(WaitlessScript.STATUS_VARIABLE, "ok"));
        assertThat(dead.last()).isEqualTo(set(WaitlessScript.STATUS_VARIABLE, "hangup"));
        assertThat(live.commands()).noneMatch(c -> c.contains("AJ_AGISTATUS"));
    }

    static String set(String name, String value) {
        return "SET VARIABLE \"" + name + "\" \"" + value + "\"";
    }

    static String epochSecondsAgo(int s) {
        return Long.toString(Instant.now().getEpochSecond() - s);
    }

    byte[] arriveEnv() {
        // our dialplan passes only the queue: AGI(${WAITLESS_AGI}/arrive,${WL_QUEUE}); the capture had support,en
        return retarget(envBlock(A), ArriveScript.NAME, List.of("support"));
    }

    /** The captured caller ID is not textable, so the caller gets the promotion's no-offer hold audio. */
    static final List<String> ARRIVE_COMMANDS = List.of(
            set("CHANNEL(musicclass)", "waitless-pay-in-app-nooffer"),
            set("WL_PROMO", "pay-in-app"),
            set("WL_OFFER", "no"),
            set(WaitlessScript.STATUS_VARIABLE, "ok"));

    // (a)
    @Test
    void arrive_with_the_captured_offer_env_registers_an_untextable_caller_and_still_sets_the_hold_class()
            throws Exception {
        start();
        byte[] env = arriveEnv();
        assertThat(changedLines(envBlock(A), env)).containsExactly(
                "agi_network_script: offer -> agi_network_script: arrive",
                "agi_request: agi://127.0.0.1:4574/offer -> agi_request: agi://127.0.0.1:4574/arrive",
                "agi_arg_2: en -> (removed)");

        ScriptedAsterisk.Session s = new ScriptedAsterisk(env, Asterisk.live()).run(node.port());

        // +972501234567 is not a valid IL number in libphonenumber 9.0.43 metadata: the call is registered as
        // not textable (reason invalid, no caller reference): the caller still gets a promotion, in its
        // no-offer hold-audio class (the clip ends with the alternative, not "press 1"); pressing 1 anyway
        // leads to the "we cannot text this number" prompt in accept.
        assertNodeSent(s, ARRIVE_COMMANDS);
        assertThat(s.closedByNode()).isTrue();
        assertThat(journal.events(EventType.CALL_ARRIVED)).singleElement().satisfies(e -> {
            assertThat(e.callId()).isEqualTo("1795423503.1");
            assertThat(e.attribute("queue")).isEqualTo("support");
            assertThat(e.attribute("textable")).isEqualTo("false");
            assertThat(e.attribute("reason")).isEqualTo("invalid");
            assertThat(e.attribute("number")).isEqualTo("+97250•••4567");
            assertThat(e.attribute("caller")).isNullOrEmpty();
            assertThat(e.attribute("language")).isEqualTo("en");
            assertThat(e.attributes().values()).noneMatch(v -> v.contains("501234567"));
        });
    }

    // (b)
    @Test
    void hangup_handler_in_dead_mode_with_the_captured_env_sets_status_and_closes_within_500_ms() throws Exception {
        start();
        // our handler: AGI(${WAITLESS_AGI}/hangup,${WL_QUEUE},${WL_STATE},${ANSWEREDTIME},${WL_ENTERED},
        // ${WL_PROMO},${WL_DEFLECTION},${HANGUPCAUSE}); ANSWEREDTIME and WL_DEFLECTION are unset for a caller who
        // abandoned without a link, and Asterisk writes those as "agi_arg_n: " with nothing after the space
        byte[] env = retarget(envBlock(C), HangupScript.NAME,
                List.of("support", "queued", "", epochSecondsAgo(130), "pay-in-app", "", "16"));

        ScriptedAsterisk.Session s = new ScriptedAsterisk(env, Asterisk.dead()).run(node.port());

        assertNodeSent(s, List.of(set(WaitlessScript.STATUS_VARIABLE, "abandoned")));
        assertThat(s.closedByNode()).isTrue();
        assertThat(s.closeDelay()).isLessThan(Duration.ofMillis(500));
        // the empty 3rd and 6th arguments do not shift the 7th: HANGUPCAUSE still arrives as the cause
        assertThat(journal.events(EventType.CALL_ENDED)).singleElement().satisfies(e -> {
            assertThat(e.callId()).isEqualTo("1795423636.19");
            assertThat(e.attribute("outcome")).isEqualTo("abandoned");
            assertThat(e.attribute("cause")).isEqualTo("16");
            assertThat(e.attribute("promotion")).isEqualTo("pay-in-app");
        });
    }

    byte[] acceptEnv() {
        // agi-b called a script with no arguments; ours: AGI(…/accept,${WL_QUEUE},${WL_POS},${WL_ENTERED},${WL_PROMO})
        return retarget(envBlock(B), AcceptScript.NAME, List.of("support", "2", epochSecondsAgo(90), "pay-in-app"));
    }

    // (c)
    @Test
    void accept_where_the_caller_hangs_up_mid_prompt_as_captured_sends_no_more_media_and_ends_with_status()
            throws Exception {
        start();
        ScriptedAsterisk.Session s = new ScriptedAsterisk(acceptEnv(), hangsUpMidPromptAsCaptured()).run(node.port());

        // the agi-b caller ID is not textable either, so accept plays the "no text" prompt, which the caller cuts
        assertNodeSent(s, List.of(
                "STREAM FILE \"waitless/no-sms\" \"\"",
                "NOOP",
                set(WaitlessScript.STATUS_VARIABLE, "hangup")));
        assertThat(s.count("STREAM FILE")).isEqualTo(1);
        assertThat(s.closedByNode()).isTrue();
        assertThat(s.closeDelay()).isLessThan(Duration.ofMillis(500));
        assertThat(journal.events(EventType.OFFER_REFUSED)).singleElement()
                .satisfies(e -> assertThat(e.attribute("reason")).isEqualTo("invalid"));
    }

    // (d)
    @Test
    void unsolicited_hangup_arriving_before_the_reply_to_the_next_command_is_skipped_and_the_reply_parsed()
            throws Exception {
        start();
        // README "Surprises" 1: when the server's next command comes within ~40 ms, HANGUP precedes its reply.
        // Here the bare HANGUP is held until the node's next command (its NOOP) has arrived, then sent first.
        Asterisk asterisk = Asterisk.live();
        boolean[] hangupOwed = {false};
        ScriptedAsterisk.Responder peer = (c, w) -> {
            if (hangupOwed[0]) {
                hangupOwed[0] = false;
                w.line(HANGUP);
            }
            asterisk.on(c, w);
        };
        asterisk.onStream((c, w) -> {
            w.line(CUT_BY_HANGUP);
            asterisk.dead = true;
            hangupOwed[0] = true;
        });

        ScriptedAsterisk.Session s = new ScriptedAsterisk(acceptEnv(), peer).run(node.port());

        assertNodeSent(s, List.of(
                "STREAM FILE \"waitless/no-sms\" \"\"",
                "NOOP",
                set(WaitlessScript.STATUS_VARIABLE, "hangup")));
        assertThat(s.closedByNode()).isTrue();
    }

    @Test
    void hangup_line_before_a_set_variable_reply_does_not_shift_later_replies() throws Exception {
        start();
        // the first reply is preceded by HANGUP; if the node took HANGUP for that reply, it would read every
        // later reply one command late and the last one would be left unread
        boolean[] first = {true};
        Asterisk asterisk = Asterisk.live();
        ScriptedAsterisk.Session s = new ScriptedAsterisk(arriveEnv(), (c, w) -> {
            if (first[0]) {
                first[0] = false;
                w.line(HANGUP);
            }
            asterisk.on(c, w);
        }).run(node.port());

        assertNodeSent(s, ARRIVE_COMMANDS);
        assertThat(s.closedByNode()).isTrue();
    }

    // (e)
    @Test
    void env_and_reply_lines_split_across_tcp_writes_byte_by_byte_are_reassembled() throws Exception {
        start();
        Asterisk asterisk = Asterisk.live();
        ScriptedAsterisk.Session s = new ScriptedAsterisk(arriveEnv(), (c, w) -> {
            if (c.startsWith("SET VARIABLE")) {
                w.lineByteByByte(OK_1, Duration.ofMillis(2));
            } else {
                asterisk.on(c, w);
            }
        }).envInChunks(7, Duration.ofMillis(1)).run(node.port());

        assertNodeSent(s, ARRIVE_COMMANDS);
        assertThat(s.closedByNode()).isTrue();
        assertThat(journal.events(EventType.CALL_ARRIVED)).hasSize(1);
    }

    /** The 3-line 520 reply of agi-a (WAIT FOR DIGIT without its timeout), exactly as captured. */
    static List<String> usage520() {
        List<String> replies = io.waitless.testing.AsteriskFixtures.replyLines(A);
        int i = replies.indexOf("520-Invalid command syntax.  Proper usage follows:");
        assertThat(i).as("520 reply in " + A).isNotNegative();
        return replies.subList(i, i + 3);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"510", "520"})
    void a_510_or_multi_line_520_reply_ends_the_script_as_error_and_still_sets_status(String code) throws Exception {
        start();
        List<String> reply = code.equals("510") ? List.of(UNKNOWN_510) : usage520();
        assertThat(reply.getLast()).startsWith(code);
        Asterisk asterisk = Asterisk.live();
        boolean[] first = {true};
        ScriptedAsterisk.Session s = new ScriptedAsterisk(arriveEnv(), (c, w) -> {
            if (first[0]) {
                first[0] = false;
                for (String line : reply) {
                    w.line(line);
                }
            } else {
                asterisk.on(c, w);
            }
        }).run(node.port());

        // all three 520 lines are one reply: the status command gets its own 200, and the node closes at once
        assertNodeSent(s, List.of(ARRIVE_COMMANDS.getFirst(), set(WaitlessScript.STATUS_VARIABLE, "error")));
        assertThat(s.closedByNode()).isTrue();
        assertThat(s.closeDelay()).isLessThan(Duration.ofMillis(500));
    }

    // (f)
    @Test
    void an_oversized_line_from_asterisk_makes_the_node_close_the_connection_promptly() throws Exception {
        start();
        byte[] huge = ("200 result=1 (" + "x".repeat(AgiSocket.MAX_LINE + 4096) + ")\n")
                .getBytes(StandardCharsets.US_ASCII);
        Asterisk asterisk = Asterisk.live();
        boolean[] first = {true};
        ScriptedAsterisk.Session s = new ScriptedAsterisk(arriveEnv(), (c, w) -> {
            if (first[0]) {
                first[0] = false;
                w.raw(huge);
            } else {
                asterisk.on(c, w);
            }
        }).run(node.port());

        assertThat(s.closedByNode()).isTrue();
        assertThat(s.closeDelay()).isLessThan(Duration.ofMillis(1000));
        assertThat(s.commands().getFirst()).isEqualTo(ARRIVE_COMMANDS.getFirst());
        assertThat(s.commands()).noneMatch(c -> c.contains("WL_PROMO"));
    }

    @Test
    void an_oversized_line_then_silence_is_cut_off_by_the_script_deadline() throws Exception {
        start(Duration.ofMillis(1500));
        // 16 KiB + 1 kB with no LF, then nothing: the node gives up on the line, sends its status command, and
        // would wait for the rest of the line forever (Asterisk-Java reads with no timeout)
        byte[] huge = "x".repeat(AgiSocket.MAX_LINE + 1024).getBytes(StandardCharsets.US_ASCII);
        boolean[] first = {true};
        ScriptedAsterisk.Session s = new ScriptedAsterisk(arriveEnv(), (c, w) -> {
            if (first[0]) {
                first[0] = false;
                w.raw(huge);
            }
        }).run(node.port());

        assertThat(s.closedByNode()).as("node closed within the peer's %s read timeout", ScriptedAsterisk.READ_TIMEOUT)
                .isTrue();
        assertThat(s.closeDelay()).isLessThan(Duration.ofMillis(2500));
    }

    // (g)
    @Test
    void the_nodes_set_variable_bytes_parse_in_asterisk_as_the_captured_unquoted_form_does() throws Exception {
        start();
        ScriptedAsterisk.Session s = new ScriptedAsterisk(arriveEnv(), Asterisk.live()).run(node.port());

        // exact bytes: LF only (no CR), as in agi-a-offer.to-asterisk.bin
        assertThat(new String(s.received(), StandardCharsets.US_ASCII))
                .startsWith(String.join("\n", ARRIVE_COMMANDS) + "\n").doesNotContain("\r");
        // The capture's server wrote the name bare and the value quoted: SET VARIABLE CHOICE "billing".
        // Asterisk-Java quotes both. res_agi's parse_args drops quotes wherever they are (a quote only toggles
        // "inside quotes" and starts a word after whitespace), so both give argv {SET, VARIABLE, name, value}.
        String capturedForm = io.waitless.testing.AsteriskFixtures.commandLines(A).stream()
                .filter(c -> c.startsWith("SET VARIABLE")).findFirst().orElseThrow();
        assertThat(capturedForm).isEqualTo("SET VARIABLE CHOICE \"billing\"");
        assertThat(asteriskArgv(capturedForm)).containsExactly("SET", "VARIABLE", "CHOICE", "billing");
        assertThat(asteriskArgv("SET VARIABLE \"CHOICE\" \"billing\"")).containsExactly("SET", "VARIABLE", "CHOICE",
                "billing");
        assertThat(s.commands()).allSatisfy(c -> assertThat(asteriskArgv(c)).hasSize(4).startsWith("SET", "VARIABLE"));
        assertThat(asteriskArgv(s.commands().getFirst()))
                .containsExactly("SET", "VARIABLE", "CHANNEL(musicclass)", "waitless-pay-in-app-nooffer");
        // Asterisk-Java's escaping of quotes, backslashes and spaces survives Asterisk's tokenizer
        String tricky = "say \"hi\" \\ bye";
        assertThat(asteriskArgv(new SetVariableCommand("WL_X", tricky).buildCommand()))
                .containsExactly("SET", "VARIABLE", "WL_X", tricky);
    }

    /** res_agi.c {@code parse_args} (Asterisk 22): splits a command line into argv as Asterisk does. */
    static List<String> asteriskArgv(String line) {
        List<String> argv = new ArrayList<>();
        StringBuilder cur = null;
        boolean quoted = false;
        boolean escaped = false;
        boolean whitespace = true;
        for (char ch : line.toCharArray()) {
            boolean normal;
            if (ch == '"' && !escaped) {
                quoted = !quoted;
                if (quoted && whitespace) {
                    cur = new StringBuilder();
                    argv.add(null);
                    whitespace = false;
                }
                normal = false;
            } else if ((ch == ' ' || ch == '\t') && !quoted && !escaped) {
                if (cur != null && !whitespace) {
                    argv.set(argv.size() - 1, cur.toString());
                }
                whitespace = true;
                normal = false;
            } else if (ch == '\\' && !escaped) {
                escaped = true;
                continue;
            } else {
                normal = true;
            }
            if (normal) {
                if (whitespace) {
                    cur = new StringBuilder();
                    argv.add(null);
                    whitespace = false;
                }
                cur.append(ch);
            }
            escaped = false;
        }
        if (cur != null && !argv.isEmpty()) {
            argv.set(argv.size() - 1, cur.toString());
        }
        return argv;
    }

    /** "old -> new" for each line that differs, matching unchanged lines by position. */
    static List<String> changedLines(byte[] before, byte[] after) {
        List<String> a = List.of(new String(before, StandardCharsets.US_ASCII).split("\n"));
        List<String> b = List.of(new String(after, StandardCharsets.US_ASCII).split("\n"));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            String x = i < a.size() ? a.get(i) : "(absent)";
            String y = i < b.size() ? b.get(i) : "(removed)";
            if (!x.equals(y)) {
                out.add(x + " -> " + y);
            }
        }
        return out;
    }
}
