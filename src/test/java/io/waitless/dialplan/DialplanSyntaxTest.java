package io.waitless.dialplan;

import io.waitless.agi.AcceptScript;
import io.waitless.agi.ArriveScript;
import io.waitless.agi.HangupScript;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped dialplan files, parsed as Asterisk parses them, against the rules of in-queue mode (DESIGN,
 * ASTERISK-FACTS). Every failure names {@code file:line}.
 */
class DialplanSyntaxTest {
    static final Path PROJECT = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    static final Path DIALPLANS = PROJECT.resolve("dialplans");

    /**
     * What each script reads, in order, as the dialplan must pass it: ArriveScript.run reads arg(1) = queue;
     * AcceptScript.run arg(1..7) = queue, position, entered (epoch s), promotion, WL_OFFER, WL_HEARD, WL_INTENT; HangupScript.run arg(1..8) =
     * queue, state, answered seconds, entered, promotion, deflection, hangup cause, offer (yes/no).
     */
    static final Map<String, List<String>> SCRIPT_ARGS = Map.of(
            ArriveScript.NAME, List.of("${WL_QUEUE}"),
            AcceptScript.NAME, List.of("${WL_QUEUE}", "${WL_POS}", "${WL_ENTERED}", "${WL_PROMO}", "${WL_OFFER}",
                    "${WL_HEARD}", "${WL_INTENT}"),
            HangupScript.NAME, List.of("${WL_QUEUE}", "${WL_STATE}", "${ANSWEREDTIME}", "${WL_ENTERED}", "${WL_PROMO}",
                    "${WL_DEFLECTION}", "${HANGUPCAUSE}", "${WL_OFFER}"));

    static AsteriskConfig extensions;
    static AsteriskConfig queues;
    static AsteriskConfig moh;
    static Dialplan dialplan;

    @BeforeAll
    static void parse() throws IOException {
        extensions = AsteriskConfig.read(DIALPLANS.resolve("waitless.conf"));
        queues = AsteriskConfig.read(DIALPLANS.resolve("queues-waitless.conf"));
        moh = AsteriskConfig.read(DIALPLANS.resolve("musiconhold-waitless.conf"));
        dialplan = Dialplan.of(extensions);
    }

    /** How many arguments a script reads: the highest n in {@code call.arg(n)} in its source. */
    static Map<String, Integer> argsReadBySource() throws IOException {
        return Map.of(ArriveScript.NAME, highestArg(ArriveScript.class), AcceptScript.NAME, highestArg(AcceptScript.class),
                HangupScript.NAME, highestArg(HangupScript.class));
    }

    static int highestArg(Class<?> script) throws IOException {
        Path src = PROJECT.resolve("src/main/java").resolve(script.getName().replace('.', '/') + ".java");
        Matcher m = Pattern.compile("call\\.arg\\((\\d+)\\)").matcher(Files.readString(src));
        int max = 0;
        while (m.find()) {
            max = Math.max(max, Integer.parseInt(m.group(1)));
        }
        return max;
    }

    static List<String> exitContexts(AsteriskConfig q) {
        return q.sections().stream().map(s -> s.values().get("context")).filter(c -> c != null).toList();
    }

    @Test
    void the_dialplan_has_the_contexts_and_steps_asterisk_would_load() {
        assertThat(dialplan.contexts()).containsOnlyKeys("waitless-in", "waitless-queue-exit", "waitless-hangup");
        assertThat(dialplan.step("waitless-in", "_[a-zA-Z0-9].", "enter")).get()
                .satisfies(s -> assertThat(s.app()).isEqualTo("Set"));
        assertThat(dialplan.match("waitless-in", "support")).contains("_[a-zA-Z0-9].");
        assertThat(dialplan.steps()).allSatisfy(s -> assertThat(s.priority()).isPositive());
    }

    @Test
    void every_queue_call_has_nine_arguments_a_position_and_no_timeout() {
        assertThat(DialplanChecks.queueCalls(dialplan)).isEmpty();
        assertThat(dialplan.steps()).filteredOn(s -> s.app().equals("Queue")).hasSize(2);
    }

    @Test
    void every_agi_call_targets_a_node_script_with_the_arguments_it_reads() throws IOException {
        Map<String, Integer> read = argsReadBySource();
        assertThat(read).containsEntry(ArriveScript.NAME, 1).containsEntry(AcceptScript.NAME, 7)
                .containsEntry(HangupScript.NAME, 8);
        assertThat(DialplanChecks.agiCalls(dialplan, SCRIPT_ARGS, read)).isEmpty();
        assertThat(dialplan.steps()).filteredOn(s -> s.app().equals("AGI")).hasSize(6); // each on the second node too
    }

    @Test
    void every_goto_and_hangup_handler_target_exists() {
        assertThat(DialplanChecks.jumpTargets(dialplan)).isEmpty();
    }

    @Test
    void globals_define_the_node_url() {
        assertThat(DialplanChecks.globals(dialplan)).isEmpty();
    }

    @Test
    void every_call_path_sets_queue_prio_once_and_clears_statuses_before_queue_and_agi() {
        assertThat(DialplanChecks.callPaths(dialplan, exitContexts(queues))).isEmpty();
    }

    @Test
    void every_agi_call_tries_the_second_node_when_the_first_cannot_be_reached() {
        assertThat(DialplanChecks.fallbacks(dialplan)).isEmpty();
        assertThat(dialplan.steps()).filteredOn(s -> s.app().equals("AGI"))
                .filteredOn(s -> s.rawArgs().startsWith("${WAITLESS_AGI_B}/")).hasSize(3);
    }

    @Test
    void a_node_killed_mid_script_leaves_every_caller_on_the_way_to_the_queue() {
        assertThat(DialplanChecks.failOpen(dialplan)).isEmpty();
    }

    @Test
    void queues_exit_on_1_into_the_dialplan_announce_the_offer_and_never_cut_rings() {
        assertThat(queues.sections()).isNotEmpty();
        assertThat(DialplanChecks.queues(queues, dialplan)).isEmpty();
    }

    @Test
    void music_on_hold_classes_play_their_own_files_in_order() {
        assertThat(DialplanChecks.mohClasses(moh)).isEmpty();
    }

    @Test
    void brackets_and_expressions_balance_on_every_line() {
        assertThat(DialplanChecks.balanced(extensions)).isEmpty();
        assertThat(DialplanChecks.balanced(queues)).isEmpty();
        assertThat(DialplanChecks.balanced(moh)).isEmpty();
    }

    // --- the checks fire on broken input (fed as strings) ---

    static Dialplan mutant(String text) {
        return Dialplan.of(AsteriskConfig.parse("mutant.conf", text));
    }

    @Test
    void a_queue_call_with_eight_arguments_is_caught_with_its_line() {
        Dialplan d = mutant("""
                [globals]
                WAITLESS_AGI=agi://127.0.0.1:4573
                [waitless-in]
                exten => _X.,1,Set(QUEUE_PRIO=1)
                 same => n,Queue(${WL_QUEUE},,,,,,,${WL_POS})   ; one comma short
                """);

        assertThat(DialplanChecks.queueCalls(d)).singleElement().asString()
                .startsWith("mutant.conf:5: Queue() has 8 arguments");
    }

    @Test
    void a_queue_timeout_or_missing_position_is_caught() {
        Dialplan d = mutant("""
                [c]
                exten => s,1,Queue(q,,,,30,,,,${WL_POS})
                 same => n,Queue(q,,,,,,,,)
                """);

        assertThat(DialplanChecks.queueCalls(d)).containsExactly(
                "mutant.conf:2: Queue() sets a timeout (5th argument '30'); in-queue mode has none",
                "mutant.conf:3: Queue() has no position (9th) argument");
    }

    @Test
    void agi_calls_with_wrong_script_or_argument_order_are_caught() throws IOException {
        Dialplan d = mutant("""
                [c]
                exten => s,1,AGI(${WAITLESS_AGI}/accept,${WL_QUEUE},${WL_ENTERED},${WL_POS},${WL_PROMO},${WL_OFFER},${WL_HEARD},${WL_INTENT})
                 same => n,AGI(${WAITLESS_AGI}/offer,${WL_QUEUE})
                 same => n,AGI(agi://10.0.0.1/arrive,${WL_QUEUE})
                 same => n,AGI(${WAITLESS_AGI}/hangup,${WL_QUEUE})
                """);

        assertThat(DialplanChecks.agiCalls(d, SCRIPT_ARGS, argsReadBySource())).satisfiesExactly(
                p -> assertThat(p).startsWith("mutant.conf:2: AGI accept arguments"),
                p -> assertThat(p).startsWith("mutant.conf:3: AGI script 'offer' is not one of"),
                p -> assertThat(p).startsWith("mutant.conf:4: AGI URL 'agi://10.0.0.1/arrive'"),
                p -> assertThat(p).isEqualTo("mutant.conf:5: AGI hangup passes 1 arguments but the script reads 8"),
                p -> assertThat(p).startsWith("mutant.conf:5: AGI hangup arguments"));
    }

    @Test
    void a_missing_jump_target_is_caught() {
        Dialplan d = mutant("""
                [c]
                exten => s,1,Set(CHANNEL(hangup_handler_push)=gone,s,1)
                 same => n,GotoIf($[1]?nolabel:c,s,1)
                 same => n(ok),Goto(c,t,1)
                """);

        assertThat(DialplanChecks.jumpTargets(d)).containsExactly(
                "mutant.conf:2: jump target 'gone,s,1': no context [gone]",
                "mutant.conf:3: jump target 'nolabel': no priority or label 'nolabel' in s@c",
                "mutant.conf:4: jump target 'c,t,1': no extension t in [c]");
    }

    @Test
    void call_path_rules_are_caught_in_order() {
        Dialplan d = mutant("""
                [in]
                exten => _X.,1,AGI(${WAITLESS_AGI}/arrive,${WL_QUEUE})
                 same => n,Queue(${WL_QUEUE},,,,,,,,${WL_POS})
                [exit]
                exten => 1,1,Set(QUEUE_PRIO=5)
                 same => n,Set(QUEUESTATUS=)
                 same => n,Queue(${WL_QUEUE},,,,,,,,${WL_POS})
                """);

        assertThat(DialplanChecks.callPaths(d, List.of("exit"))).containsExactly(
                "mutant.conf:2: AGI() before Set(AGIEXITONHANGUP=yes) on this call path",
                "mutant.conf:2: AGI() without Set(WAITLESS_STATUS=) since the previous AGI()",
                "mutant.conf:3: Queue() with QUEUE_PRIO set 0 times before it on this call path (expected exactly once)",
                "mutant.conf:3: Queue() without Set(QUEUESTATUS=) before it");
    }

    @Test
    void a_dialplan_that_hangs_up_or_ends_when_the_node_fails_is_caught() {
        Dialplan d = mutant("""
                [in]
                exten => _X.,1,Set(CHANNEL(hangup_handler_push)=bye,s,1)
                 same => n,AGI(${WAITLESS_AGI}/arrive,${WL_QUEUE})
                 same => n,GotoIf($["${WAITLESS_STATUS}" = ""]?failed)
                 same => n,Queue(q,,,,,,,,${WL_POS})
                 same => n(failed),Hangup()
                [exit]
                exten => 1,1,AGI(${WAITLESS_AGI}/accept,${WL_QUEUE})
                 same => n,ExecIf($["${AGISTATUS}" = "FAILURE"]?Hangup())
                 same => n,Queue(q,,,,,,,,${WL_POS})
                exten => 2,1,AGI(${WAITLESS_AGI}/accept,${WL_QUEUE})
                 same => n,NoOp(done)
                [bye]
                exten => s,1,AGI(${WAITLESS_AGI}/hangup)
                 same => n,Return()
                """);

        assertThat(DialplanChecks.failOpen(d)).containsExactly(
                "mutant.conf:3: a node that fails in AGI(${WAITLESS_AGI}/arrive,${WL_QUEUE}) can hang the caller up at"
                        + " mutant.conf:6 before any Queue()",
                "mutant.conf:8: a node that fails in AGI(${WAITLESS_AGI}/accept,${WL_QUEUE}) can hang the caller up at"
                        + " mutant.conf:9 before any Queue()",
                "mutant.conf:11: a node that fails in AGI(${WAITLESS_AGI}/accept,${WL_QUEUE}) runs off the end of 2@exit"
                        + " (Asterisk hangs up) without reaching Queue()");
    }

    @Test
    void an_agi_call_without_its_fallback_or_with_other_arguments_on_the_second_node_is_caught() {
        Dialplan d = mutant("""
                [in]
                exten => _X.,1,AGI(${WAITLESS_AGI}/arrive,${WL_QUEUE})
                 same => n,Queue(q,,,,,,,,${WL_POS})
                exten => 2,1,AGI(${WAITLESS_AGI}/accept,${WL_QUEUE})
                 same => n,GotoIf($["${AGISTATUS}" != "FAILURE" | "${WAITLESS_STATUS}" != "" | "${WAITLESS_AGI_B}" = ""]?done)
                 same => n,Set(WAITLESS_STATUS=)
                 same => n,AGI(${WAITLESS_AGI_B}/accept,${WL_POS})
                 same => n(done),Queue(q,,,,,,,,${WL_POS})
                exten => 3,1,AGI(${WAITLESS_AGI}/accept,${WL_QUEUE})
                 same => n,GotoIf($["${AGISTATUS}" != "FAILURE" | "${WAITLESS_STATUS}" != "" | "${WAITLESS_AGI_B}" = ""]?3,1)
                 same => n,Set(WAITLESS_STATUS=)
                 same => n,AGI(${WAITLESS_AGI_B}/accept,${WL_QUEUE})
                 same => n,Queue(q,,,,,,,,${WL_POS})
                """);

        assertThat(DialplanChecks.fallbacks(d)).containsExactly(
                "mutant.conf:2: AGI() is not followed by the fallback to ${WAITLESS_AGI_B} (GotoIf on AGISTATUS FAILURE"
                        + " and an empty WAITLESS_STATUS, Set(WAITLESS_STATUS=), AGI(${WAITLESS_AGI_B}/arrive,${WL_QUEUE}))",
                "mutant.conf:4: AGI() is not followed by the fallback to ${WAITLESS_AGI_B} (GotoIf on AGISTATUS FAILURE"
                        + " and an empty WAITLESS_STATUS, Set(WAITLESS_STATUS=), AGI(${WAITLESS_AGI_B}/accept,${WL_QUEUE}))",
                "mutant.conf:10: the fallback's GotoIf must land right after AGI(${WAITLESS_AGI_B}/accept,${WL_QUEUE})");
    }

    @Test
    void queue_prio_set_again_on_re_entry_is_caught() {
        Dialplan d = mutant("""
                [in]
                exten => _X.,1,Set(QUEUE_PRIO=1)
                 same => n,Set(QUEUESTATUS=)
                 same => n,Queue(q,,,,,,,,${WL_POS})
                [exit]
                exten => 1,1,Set(QUEUE_PRIO=2)
                 same => n,Set(QUEUESTATUS=)
                 same => n,Queue(q,,,,,,,,${WL_POS})
                """);

        assertThat(DialplanChecks.callPaths(d, List.of("exit"))).contains(
                "mutant.conf:6: QUEUE_PRIO set again on a call path (first set earlier; re-entry must keep the arrival order)");
    }

    @Test
    void disabling_any_required_set_in_the_shipped_dialplan_is_caught_on_its_call_path() throws IOException {
        String shipped = Files.readString(DIALPLANS.resolve("waitless.conf"));
        List<String> lines = List.of(shipped.split("\n", -1));
        int mutated = 0;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.contains("Set(QUEUE_PRIO=") || l.contains("Set(AGIEXITONHANGUP=yes)") || l.contains("Set(QUEUESTATUS=)")
                    || l.contains("Set(WAITLESS_STATUS=)")) {
                List<String> copy = new java.util.ArrayList<>(lines);
                copy.set(i, l.replace(",Set(", ",NoOp("));
                Dialplan d = Dialplan.of(AsteriskConfig.parse("waitless.conf", String.join("\n", copy)));
                assertThat(DialplanChecks.callPaths(d, exitContexts(queues)))
                        .as("with line %d disabled: %s", i + 1, l.strip()).isNotEmpty();
                mutated++;
            }
        }
        assertThat(mutated).isEqualTo(10); // with the fallbacks to the second node and the hangup handler's clear
    }

    @Test
    void unsafe_queue_settings_are_caught() {
        AsteriskConfig q = AsteriskConfig.parse("queues.conf", """
                [support]
                context=nowhere
                ringinuse=yes
                """);

        assertThat(DialplanChecks.queues(q, dialplan)).containsExactly(
                "queues.conf:2: context=nowhere is not a context in waitless.conf",
                "queues.conf:1: queue [support] has no periodic-announce (the reminder that restarts hold audio)",
                "queues.conf:1: queue [support] must set timeoutpriority=conf (was null)",
                "queues.conf:1: queue [support] must set ringinuse=no (was yes)");
    }

    @Test
    void an_unbalanced_expression_is_caught_with_its_line() {
        AsteriskConfig c = AsteriskConfig.parse("mutant.conf", """
                [c]
                exten => s,1,NoOp(${CALLERID(num)   ; missing } and )
                 same => n,Set(X=$[${A} + 1)
                 same => n,NoOp(ok \\; not a comment ${B})
                """);

        assertThat(DialplanChecks.balanced(c)).satisfiesExactly(
                p -> assertThat(p).startsWith("mutant.conf:2: unclosed '{'"),
                p -> assertThat(p).startsWith("mutant.conf:3: unbalanced ')'"));
    }
}
