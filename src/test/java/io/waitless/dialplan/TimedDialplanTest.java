package io.waitless.dialplan;

import io.waitless.agi.AcceptScript;
import io.waitless.agi.ArriveScript;
import io.waitless.agi.HangupScript;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dialplans/waitless-timed.conf} (timed-offer mode), parsed together with {@code waitless.conf} as
 * Asterisk loads the two includes, against the rules of DESIGN "Timed-offer mode" and ASTERISK-FACTS 1c′, 7.
 */
class TimedDialplanTest {
    static final Path FILE = DialplanSyntaxTest.DIALPLANS.resolve("waitless-timed.conf");
    static final String OFFER = "offer";
    static final List<String> OFFER_ARGS = List.of("${WL_QUEUE}", "${WL_POS}", "${WL_ENTERED}", "${WL_PROMO}",
            "${WL_OFFER}", "${WL_OFFERS}", "${WL_HEARD}", "${WL_INTENT}");
    /** queues.conf context= of an in-queue and of a timed queue: both are reached only from a Queue(). */
    static final List<String> EXITS = List.of("waitless-queue-exit", "waitless-timed-queue-exit");

    static AsteriskConfig timed;
    static Dialplan dialplan;

    @BeforeAll
    static void parse() throws IOException {
        timed = AsteriskConfig.read(FILE);
        AsteriskConfig base = AsteriskConfig.read(DialplanSyntaxTest.DIALPLANS.resolve("waitless.conf"));
        List<AsteriskConfig.Section> sections = new ArrayList<>(base.sections());
        sections.addAll(timed.sections());
        List<AsteriskConfig.Line> lines = new ArrayList<>(base.lines());
        lines.addAll(timed.lines());
        dialplan = Dialplan.of(new AsteriskConfig("waitless.conf+waitless-timed.conf", sections, lines));
    }

    static List<Dialplan.Step> loop() {
        return dialplan.contexts().get("waitless-timed-loop").get("s");
    }

    @Test
    void the_timed_contexts_exist_and_any_queue_name_enters() {
        assertThat(dialplan.contexts()).containsKeys("waitless-timed-in", "waitless-timed-loop", "waitless-timed-queue-exit");
        assertThat(dialplan.match("waitless-timed-in", "sales")).contains("_[a-zA-Z0-9].");
        assertThat(timed.sections()).noneMatch(s -> s.name().equals("globals"));
    }

    @Test
    void every_call_path_sets_queue_prio_once_and_clears_queuestatus_before_each_queue_and_status_before_each_agi() {
        assertThat(DialplanChecks.callPaths(dialplan, EXITS)).isEmpty();
        assertThat(timed.lines()).filteredOn(l -> l.text().contains("Set(QUEUE_PRIO=")).singleElement()
                .satisfies(l -> assertThat(l.text()).contains("$[2147483647 - ${EPOCH}]"));
    }

    @Test
    void every_timed_agi_call_tries_the_second_node_when_the_first_cannot_be_reached() {
        assertThat(DialplanChecks.fallbacks(dialplan)).isEmpty();
    }

    @Test
    void a_node_killed_mid_script_leaves_every_timed_caller_on_the_way_to_the_queue() {
        assertThat(DialplanChecks.failOpen(dialplan)).isEmpty();
    }

    @Test
    void the_queue_call_has_no_timeout_and_the_saved_position() {
        assertThat(DialplanChecks.queueCalls(dialplan)).isEmpty();
        assertThat(loop()).filteredOn(s -> s.app().equals("Queue")).singleElement()
                .satisfies(s -> assertThat(s.args().get(8)).isEqualTo("${WL_POS}"));
        Dialplan.Step queue = loop().stream().filter(s -> s.app().equals("Queue")).findFirst().orElseThrow();
        assertThat(loop().get(loop().indexOf(queue) - 3).rawArgs()).isEqualTo("QUEUESTATUS=");
    }

    @Test
    void withdraw_branches_to_the_offer_which_saves_the_position_counts_and_marks_it() {
        Dialplan.Step branch = loop().stream().filter(s -> s.app().equals("GotoIf")).findFirst().orElseThrow();
        assertThat(branch.rawArgs()).isEqualTo("$[\"${QUEUESTATUS}\" = \"WITHDRAW\"]?offer");
        List<String> offer = loop().subList(loop().indexOf(dialplan.step("waitless-timed-loop", "s", "offer").orElseThrow()),
                loop().size()).stream().map(s -> s.app() + "(" + s.rawArgs() + ")").toList();
        assertThat(offer).containsSubsequence(
                "Set(WL_POS=${QUEUEPOSITION})",
                "Set(WL_OFFERS=$[${WL_OFFERS} + 1])",
                "Set(WAITLESS_STATUS=)",
                "QueueLog(${WL_QUEUE},${UNIQUEID},NONE,WAITLESS_OFFER,${WL_OFFERS}|${WL_POS}|${QUEUE_WITHDRAW_INFO})",
                "AGI(${WAITLESS_AGI}/offer,${WL_QUEUE},${WL_POS},${WL_ENTERED},${WL_PROMO},${WL_OFFER},${WL_OFFERS},${WL_HEARD},${WL_INTENT})",
                "ExecIf($[\"${WAITLESS_STATUS}\" = \"\"]?QueueLog(${WL_QUEUE},${UNIQUEID},NONE,WAITLESS_AGI_FAIL,offer|${AGISTATUS}))",
                "Goto(enter)");
    }

    @Test
    void any_other_queue_exit_hangs_up() {
        Dialplan.Step branch = loop().stream().filter(s -> s.app().equals("GotoIf")).findFirst().orElseThrow();
        int i = loop().indexOf(branch);
        assertThat(loop().get(i + 1).rawArgs()).isEqualTo("WL_STATE=left:${QUEUESTATUS}");
        assertThat(loop().get(i + 2).app()).isEqualTo("Hangup");
    }

    @Test
    void the_hangup_handler_and_agi_exit_on_hangup_are_set_before_any_agi() {
        List<Dialplan.Step> in = dialplan.contexts().get("waitless-timed-in").get("_[a-zA-Z0-9].");
        assertThat(in).extracting(Dialplan.Step::rawArgs)
                .contains("CHANNEL(hangup_handler_push)=waitless-hangup,s,1", "AGIEXITONHANGUP=yes");
    }

    @Test
    void every_agi_call_passes_the_arguments_its_script_reads() throws IOException {
        Map<String, List<String>> expected = new HashMap<>(DialplanSyntaxTest.SCRIPT_ARGS);
        expected.put(OFFER, OFFER_ARGS);
        Map<String, Integer> read = new HashMap<>(DialplanSyntaxTest.argsReadBySource());
        // the offer script is written in parallel; once it exists its source decides how many arguments it reads
        Path offerSource = DialplanSyntaxTest.PROJECT.resolve("src/main/java/io/waitless/agi/OfferScript.java");
        read.put(OFFER, Files.exists(offerSource) ? highestArg(offerSource) : OFFER_ARGS.size());
        assertThat(DialplanChecks.agiCalls(dialplan, expected, read)).isEmpty();
        assertThat(timed.lines()).filteredOn(l -> l.text().contains("AGI(")).hasSize(6); // each on the second node too
        assertThat(List.of(ArriveScript.NAME, AcceptScript.NAME, HangupScript.NAME)).doesNotContain(OFFER);
    }

    @Test
    void every_jump_target_exists_and_brackets_balance() {
        assertThat(DialplanChecks.jumpTargets(dialplan)).isEmpty();
        assertThat(DialplanChecks.balanced(timed)).isEmpty();
    }

    @Test
    void the_header_states_the_statistics_cost_and_the_slice_fallback_needs_timeoutpriority_conf() throws IOException {
        String text = Files.readString(FILE);
        assertThat(text).contains("abandoned").contains("QUEUEWAIT").contains("service level").contains("EWT")
                .contains("0.47 s").contains("timeoutpriority=conf").contains(";  same => n,Queue(${WL_QUEUE},,,,${WAITLESS_SLICE},,,,${WL_POS})");
    }

    private static int highestArg(Path src) throws IOException {
        var m = java.util.regex.Pattern.compile("call\\.arg\\((\\d+)\\)").matcher(Files.readString(src));
        int max = 0;
        while (m.find()) {
            max = Math.max(max, Integer.parseInt(m.group(1)));
        }
        return max;
    }
}
