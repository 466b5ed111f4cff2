package io.waitless.dialplan;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules DESIGN and ASTERISK-FACTS put on our dialplan, each returning its problems as
 * {@code file:line: what is wrong} (empty when the rule holds). Pure functions of parsed files, so a test can
 * feed them a mutated string and see the rule fire.
 */
final class DialplanChecks {
    private static final Pattern AGI_URL = Pattern.compile("\\$\\{WAITLESS_AGI(?:_B)?}/([A-Za-z0-9_-]+)");
    private static final String PRIMARY = "${WAITLESS_AGI}/";
    private static final String SECOND = "${WAITLESS_AGI_B}/";

    private DialplanChecks() {
    }

    /** {@code Queue()} in in-queue mode: 9 arguments, the 9th (position) present, the 5th (timeout) empty. */
    static List<String> queueCalls(Dialplan d) {
        List<String> problems = new ArrayList<>();
        for (Dialplan.Step s : apps(d, "Queue")) {
            List<String> a = s.args();
            if (a.size() != 9) {
                problems.add(s.where() + ": Queue() has " + a.size() + " arguments, expected 9 (queue,,,,,,,,position): "
                        + s.rawArgs());
                continue;
            }
            if (!a.get(4).isBlank()) {
                problems.add(s.where() + ": Queue() sets a timeout (5th argument '" + a.get(4)
                        + "'); in-queue mode has none");
            }
            if (a.get(8).isBlank()) {
                problems.add(s.where() + ": Queue() has no position (9th) argument");
            }
        }
        return problems;
    }

    /**
     * Every {@code AGI()} is {@code ${WAITLESS_AGI}/<script>} (or the second node's {@code ${WAITLESS_AGI_B}/<script>})
     * with exactly the arguments that script reads.
     */
    static List<String> agiCalls(Dialplan d, Map<String, List<String>> expectedArgs, Map<String, Integer> argsRead) {
        List<String> problems = new ArrayList<>();
        for (Dialplan.Step s : apps(d, "AGI")) {
            List<String> a = s.args();
            Matcher m = AGI_URL.matcher(a.isEmpty() ? "" : a.getFirst().strip());
            if (!m.matches()) {
                problems.add(s.where() + ": AGI URL '" + (a.isEmpty() ? "" : a.getFirst())
                        + "' is not ${WAITLESS_AGI}/<script> or ${WAITLESS_AGI_B}/<script>");
                continue;
            }
            String script = m.group(1);
            List<String> expected = expectedArgs.get(script);
            if (expected == null) {
                problems.add(s.where() + ": AGI script '" + script + "' is not one of " + expectedArgs.keySet());
                continue;
            }
            List<String> actual = a.subList(1, a.size()).stream().map(String::strip).toList();
            if (actual.size() != argsRead.get(script)) {
                problems.add(s.where() + ": AGI " + script + " passes " + actual.size() + " arguments but the script reads "
                        + argsRead.get(script));
            }
            if (!actual.equals(expected)) {
                problems.add(s.where() + ": AGI " + script + " arguments " + actual + ", the script reads " + expected);
            }
        }
        return problems;
    }

    /**
     * The second node: right after each {@code AGI(${WAITLESS_AGI}/x,args)} a GotoIf skips ahead unless the node could
     * not be reached ({@code AGISTATUS=FAILURE}), no status was set and {@code WAITLESS_AGI_B} is set; then
     * {@code Set(WAITLESS_STATUS=)} and {@code AGI(${WAITLESS_AGI_B}/x,args)}, and the GotoIf lands just after it.
     */
    static List<String> fallbacks(Dialplan d) {
        List<String> problems = new ArrayList<>();
        for (Dialplan.Step agi : apps(d, "AGI")) {
            if (!agi.rawArgs().startsWith(PRIMARY)) {
                continue;
            }
            List<Dialplan.Step> steps = d.contexts().get(agi.context()).get(agi.exten());
            int at = steps.indexOf(agi);
            List<Dialplan.Step> next = steps.subList(at + 1, Math.min(steps.size(), at + 5));
            String second = SECOND + agi.rawArgs().substring(PRIMARY.length());
            boolean shaped = next.size() == 4 && next.get(0).app().equalsIgnoreCase("GotoIf")
                    && next.get(0).rawArgs().contains("\"${AGISTATUS}\" != \"FAILURE\"")
                    && next.get(0).rawArgs().contains("\"${WAITLESS_STATUS}\" != \"\"")
                    && next.get(0).rawArgs().contains("\"${WAITLESS_AGI_B}\" = \"\"")
                    && next.get(1).app().equalsIgnoreCase("Set") && next.get(1).rawArgs().equals("WAITLESS_STATUS=")
                    && next.get(2).app().equalsIgnoreCase("AGI") && next.get(2).rawArgs().equals(second);
            if (!shaped) {
                problems.add(agi.where() + ": AGI() is not followed by the fallback to ${WAITLESS_AGI_B} (GotoIf on"
                        + " AGISTATUS FAILURE and an empty WAITLESS_STATUS, Set(WAITLESS_STATUS=), AGI(" + second + "))");
                continue;
            }
            List<List<String>> ts = targets(next.get(0));
            boolean lands = ts.size() == 1 && resolve(d, next.get(0), ts.getFirst()).step() == next.get(3);
            if (!lands) {
                problems.add(next.get(0).where() + ": the fallback's GotoIf must land right after AGI(" + second + ")");
            }
        }
        return problems;
    }

    /** Every Goto/GotoIf target and every {@code hangup_handler_push} target exists. */
    static List<String> jumpTargets(Dialplan d) {
        List<String> problems = new ArrayList<>();
        for (Dialplan.Step s : d.steps()) {
            for (List<String> target : targets(s)) {
                resolve(d, s, target).ifLeft(problems::add);
            }
        }
        return problems;
    }

    /** The [globals] WAITLESS_AGI every AGI() uses, and WAITLESS_AGI_B (empty, or a second node's URL). */
    static List<String> globals(Dialplan d) {
        List<String> problems = new ArrayList<>();
        String agi = d.globals().get("WAITLESS_AGI");
        if (agi == null || !agi.startsWith("agi://")) {
            problems.add(d.config().file() + ": [globals] has no WAITLESS_AGI=agi://host[:port]");
        }
        String second = d.globals().get("WAITLESS_AGI_B");
        if (second == null || !(second.isEmpty() || second.startsWith("agi://"))) {
            problems.add(d.config().file() + ": [globals] has no WAITLESS_AGI_B= (empty, or agi://host[:port] of a"
                    + " second node)");
        }
        return problems;
    }

    /**
     * Walks every call path from each entry context (one that nothing jumps to) through Goto/GotoIf branches
     * and the queues' {@code context=} digit exits, and checks in order: {@code QUEUE_PRIO} set exactly once and
     * before the first Queue(); {@code AGIEXITONHANGUP=yes} before the first AGI(); {@code QUEUESTATUS} cleared
     * before each Queue(); {@code WAITLESS_STATUS} cleared before each AGI().
     */
    static List<String> callPaths(Dialplan d, List<String> queueExitContexts) {
        Set<String> targeted = new HashSet<>(queueExitContexts);
        for (Dialplan.Step s : d.steps()) {
            for (List<String> t : targets(s)) {
                resolve(d, s, t).filter(st -> !st.context().equals(s.context())) // a jump within stays an entry
                        .ifRight(st -> targeted.add(st.context()));
            }
        }
        Set<String> problems = new LinkedHashSet<>();
        Set<String> handlers = hangupHandlers(d);
        for (String ctx : d.contexts().keySet()) {
            if (targeted.contains(ctx) && !handlers.contains(ctx)) {
                continue;
            }
            for (List<Dialplan.Step> steps : d.contexts().get(ctx).values()) {
                PathState start = new PathState();
                start.exitOnHangup = handlers.contains(ctx); // a handler runs on a hung-up channel already
                walk(d, steps.getFirst(), start, queueExitContexts, problems, new ArrayDeque<>());
            }
        }
        return List.copyOf(problems);
    }

    private static final class PathState {
        int prioSets;
        boolean exitOnHangup;
        boolean queueStatusCleared;
        boolean statusCleared;
        Set<String> visited = new HashSet<>();

        PathState copy() {
            PathState p = new PathState();
            p.prioSets = prioSets;
            p.exitOnHangup = exitOnHangup;
            p.queueStatusCleared = queueStatusCleared;
            p.statusCleared = statusCleared;
            p.visited = new HashSet<>(visited);
            return p;
        }
    }

    private static void walk(Dialplan d, Dialplan.Step from, PathState st, List<String> exits, Set<String> problems,
                             Deque<String> trail) {
        List<Dialplan.Step> steps = d.contexts().get(from.context()).get(from.exten());
        for (int i = steps.indexOf(from); i < steps.size(); i++) {
            Dialplan.Step s = steps.get(i);
            String key = s.context() + "," + s.exten() + "," + s.priority();
            if (!st.visited.add(key)) {
                return; // a loop back to a step this path already ran: same checks again
            }
            String app = s.app();
            if (app.equalsIgnoreCase("Set")) {
                int eq = s.rawArgs().indexOf('=');
                String name = eq < 0 ? s.rawArgs() : s.rawArgs().substring(0, eq).strip();
                String value = eq < 0 ? "" : s.rawArgs().substring(eq + 1).strip();
                switch (name) {
                    case "QUEUE_PRIO" -> {
                        if (++st.prioSets > 1) {
                            problems.add(s.where() + ": QUEUE_PRIO set again on a call path (first set earlier; "
                                    + "re-entry must keep the arrival order)");
                        }
                    }
                    case "AGIEXITONHANGUP" -> st.exitOnHangup = value.equalsIgnoreCase("yes");
                    case "QUEUESTATUS" -> st.queueStatusCleared = value.isEmpty();
                    case "WAITLESS_STATUS" -> st.statusCleared = value.isEmpty();
                    default -> { }
                }
            } else if (app.equalsIgnoreCase("AGI")) {
                if (!st.exitOnHangup) {
                    problems.add(s.where() + ": AGI() before Set(AGIEXITONHANGUP=yes) on this call path");
                }
                if (!st.statusCleared) {
                    problems.add(s.where() + ": AGI() without Set(WAITLESS_STATUS=) since the previous AGI()");
                }
                st.statusCleared = false;
            } else if (app.equalsIgnoreCase("Queue")) {
                if (st.prioSets != 1) {
                    problems.add(s.where() + ": Queue() with QUEUE_PRIO set " + st.prioSets
                            + " times before it on this call path (expected exactly once)");
                }
                if (!st.queueStatusCleared) {
                    problems.add(s.where() + ": Queue() without Set(QUEUESTATUS=) before it");
                }
                st.queueStatusCleared = false;
                for (String exit : exits) {
                    for (List<Dialplan.Step> ext : d.contexts().getOrDefault(exit, Map.of()).values()) {
                        walk(d, ext.getFirst(), st.copy(), exits, problems, trail);
                    }
                }
            } else if (app.equalsIgnoreCase("Goto") || app.equalsIgnoreCase("GotoIf")) {
                List<List<String>> ts = targets(s);
                for (List<String> t : ts) {
                    resolve(d, s, t).ifRight(to -> walk(d, to, st.copy(), exits, problems, trail));
                }
                if (app.equalsIgnoreCase("Goto") || ts.size() == 2) {
                    return; // unconditional, or both branches taken above
                }
            } else if (app.equalsIgnoreCase("Hangup") || app.equalsIgnoreCase("Return")) {
                return;
            }
        }
    }

    /**
     * Fail open: a node that dies in the middle of a script leaves Asterisk with the socket closed, {@code AGISTATUS}
     * SUCCESS or FAILURE and {@code WAITLESS_STATUS} empty (ASTERISK-FACTS 4a, 4d), and the dialplan goes on. So after
     * every AGI() outside a hangup handler, every branch must reach a Queue() before any Hangup() or the end of the
     * extension (where Asterisk hangs up): whatever the node did, the caller waits for a human.
     */
    static List<String> failOpen(Dialplan d) {
        Set<String> handlers = hangupHandlers(d);
        Set<String> problems = new LinkedHashSet<>();
        for (Dialplan.Step agi : apps(d, "AGI")) {
            if (!handlers.contains(agi.context())) {
                toQueue(d, agi, agi, true, new HashSet<>(), problems);
            }
        }
        return List.copyOf(problems);
    }

    /** The contexts pushed as hangup handlers ({@code CHANNEL(hangup_handler_push)=ctx,exten,prio}). */
    private static Set<String> hangupHandlers(Dialplan d) {
        Set<String> handlers = new HashSet<>();
        for (Dialplan.Step s : d.steps()) {
            if (s.app().equalsIgnoreCase("Set") && s.rawArgs().startsWith("CHANNEL(hangup_handler_push)=")) {
                targets(s).forEach(t -> resolve(d, s, t).ifRight(st -> handlers.add(st.context())));
            }
        }
        return handlers;
    }

    private static void toQueue(Dialplan d, Dialplan.Step agi, Dialplan.Step from, boolean after, Set<String> seen,
                                Set<String> problems) {
        String failed = agi.where() + ": a node that fails in AGI(" + agi.rawArgs() + ") ";
        List<Dialplan.Step> steps = d.contexts().get(from.context()).get(from.exten());
        for (int i = steps.indexOf(from) + (after ? 1 : 0); i < steps.size(); i++) {
            Dialplan.Step s = steps.get(i);
            if (!seen.add(s.context() + "," + s.exten() + "," + s.priority())) {
                return; // this branch joins one already followed
            }
            String app = s.app();
            String execs = app.equalsIgnoreCase("ExecIf") && s.rawArgs().contains("?")
                    ? s.rawArgs().substring(s.rawArgs().lastIndexOf('?') + 1) : "";
            if (app.equalsIgnoreCase("Queue")) {
                return;
            } else if (app.equalsIgnoreCase("Hangup") || execs.regionMatches(true, 0, "Hangup", 0, 6)) {
                problems.add(failed + "can hang the caller up at " + s.where() + " before any Queue()");
                return;
            } else if (app.equalsIgnoreCase("Goto") || app.equalsIgnoreCase("GotoIf")) {
                List<List<String>> ts = targets(s);
                for (List<String> t : ts) {
                    resolve(d, s, t).ifRight(to -> toQueue(d, agi, to, false, seen, problems));
                }
                if (app.equalsIgnoreCase("Goto") || ts.size() == 2) {
                    return;
                }
            }
        }
        problems.add(failed + "runs off the end of " + from.exten() + "@" + from.context()
                + " (Asterisk hangs up) without reaching Queue()");
    }

    /** Jump targets of a step: Goto(x), GotoIf(c?x:y) sides, CHANNEL(hangup_handler_push)=ctx,exten,prio. */
    static List<List<String>> targets(Dialplan.Step s) {
        List<List<String>> out = new ArrayList<>();
        if (s.app().equalsIgnoreCase("Goto")) {
            out.add(Dialplan.splitArgs(s.rawArgs(), ','));
        } else if (s.app().equalsIgnoreCase("GotoIf")) {
            int q = s.rawArgs().lastIndexOf('?');
            String sides = q < 0 ? "" : s.rawArgs().substring(q + 1);
            for (String side : Dialplan.splitArgs(sides, ':')) {
                if (!side.isBlank()) {
                    out.add(Dialplan.splitArgs(side.strip(), ','));
                }
            }
        } else if (s.app().equalsIgnoreCase("Set") && s.rawArgs().startsWith("CHANNEL(hangup_handler_push)=")) {
            String v = s.rawArgs().substring("CHANNEL(hangup_handler_push)=".length());
            int paren = v.indexOf('(');
            out.add(Dialplan.splitArgs(paren < 0 ? v : v.substring(0, paren), ','));
        }
        return out;
    }

    /** Either a problem (left) or the step jumped to (right). */
    record Resolved(String problem, Dialplan.Step step) {
        /** This, or nothing when the step jumped to does not pass {@code keep}. */
        Resolved filter(java.util.function.Predicate<Dialplan.Step> keep) {
            return step == null || keep.test(step) ? this : new Resolved(null, null);
        }

        void ifLeft(java.util.function.Consumer<String> c) {
            if (problem != null) {
                c.accept(problem);
            }
        }

        void ifRight(java.util.function.Consumer<Dialplan.Step> c) {
            if (step != null) {
                c.accept(step);
            }
        }
    }

    static Resolved resolve(Dialplan d, Dialplan.Step from, List<String> target) {
        List<String> t = target.stream().map(String::strip).toList();
        String ctx = t.size() == 3 ? t.get(0) : from.context();
        String exten = t.size() >= 2 ? t.get(t.size() - 2) : from.exten();
        String label = t.getLast();
        String desc = String.join(",", t);
        if (t.size() > 3 || desc.contains("${")) {
            return new Resolved(from.where() + ": jump target '" + desc + "' cannot be checked statically", null);
        }
        if (!d.contexts().containsKey(ctx)) {
            return new Resolved(from.where() + ": jump target '" + desc + "': no context [" + ctx + "]", null);
        }
        Optional<String> ext = d.match(ctx, exten);
        if (ext.isEmpty()) {
            return new Resolved(from.where() + ": jump target '" + desc + "': no extension " + exten + " in [" + ctx
                    + "]", null);
        }
        return d.step(ctx, ext.get(), label).map(st -> new Resolved(null, st))
                .orElseGet(() -> new Resolved(from.where() + ": jump target '" + desc + "': no priority or label '"
                        + label + "' in " + ext.get() + "@" + ctx, null));
    }

    /** Every queue: digit exit into an existing context with extension 1, the press-1 announcement, safe rings. */
    static List<String> queues(AsteriskConfig queues, Dialplan d) {
        List<String> problems = new ArrayList<>();
        for (AsteriskConfig.Section q : queues.sections()) {
            if (q.name().equals("general")) {
                continue;
            }
            String where = q.line().where() + ": queue [" + q.name() + "]";
            Map<String, String> v = q.values();
            String ctx = v.get("context");
            if (ctx == null) {
                problems.add(where + " has no context= (the press-1 digit exit)");
            } else if (!d.contexts().containsKey(ctx)) {
                problems.add(q.first("context").orElseThrow().line().where() + ": context=" + ctx + " is not a context in "
                        + d.config().file());
            } else if (d.step(ctx, "1", "1").isEmpty()) {
                problems.add(q.first("context").orElseThrow().line().where() + ": context " + ctx
                        + " has no extension 1 (priority 1): pressing 1 would not leave the queue");
            }
            if (v.getOrDefault("periodic-announce", "").isBlank()) {
                problems.add(where + " has no periodic-announce (the reminder that restarts hold audio)");
            }
            if (!"conf".equals(v.get("timeoutpriority"))) {
                problems.add(where + " must set timeoutpriority=conf (was " + v.get("timeoutpriority") + ")");
            }
            if (!"no".equals(v.get("ringinuse"))) {
                problems.add(where + " must set ringinuse=no (was " + v.get("ringinuse") + ")");
            }
        }
        return problems;
    }

    /** Every hold-audio class plays its own directory's files in name order. */
    static List<String> mohClasses(AsteriskConfig moh) {
        List<String> problems = new ArrayList<>();
        for (AsteriskConfig.Section c : moh.sections()) {
            Map<String, String> v = c.values();
            String where = c.line().where() + ": class [" + c.name() + "]";
            if (!"files".equals(v.get("mode"))) {
                problems.add(where + " must have mode=files");
            }
            if (!v.getOrDefault("directory", "").startsWith("/")) {
                problems.add(where + " must have an absolute directory=");
            }
            if (!"alpha".equals(v.get("sort"))) {
                problems.add(where + " must have sort=alpha (music first, then the offer clip)");
            }
        }
        return problems;
    }

    /** Parentheses, {@code ${...}} and {@code $[...]} (and section brackets) balance on every line. */
    static List<String> balanced(AsteriskConfig conf) {
        List<String> problems = new ArrayList<>();
        for (AsteriskConfig.Line line : conf.lines()) {
            Deque<Character> open = new ArrayDeque<>();
            String t = line.text();
            String error = null;
            for (int i = 0; i < t.length() && error == null; i++) {
                char c = t.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '(' || c == '[' || c == '{') {
                    open.push(c);
                } else if (c == ')' || c == ']' || c == '}') {
                    char want = c == ')' ? '(' : c == ']' ? '[' : '{';
                    if (open.isEmpty() || open.pop() != want) {
                        error = "unbalanced '" + c + "' at column " + (i + 1);
                    }
                }
            }
            if (error == null && !open.isEmpty()) {
                error = "unclosed '" + open.peek() + "'" + (open.peek() == '{' ? " (a ${...})"
                        : open.peek() == '[' ? " (a $[...] or [...])" : "");
            }
            if (error != null) {
                problems.add(line.where() + ": " + error + ": " + t);
            }
        }
        return problems;
    }

    private static List<Dialplan.Step> apps(Dialplan d, String app) {
        return d.steps().stream().filter(s -> s.app().equalsIgnoreCase(app)).toList();
    }
}
