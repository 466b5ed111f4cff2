package io.waitless.cli;

import io.waitless.report.Dimension;
import io.waitless.report.FunnelCounts;
import io.waitless.report.FunnelResult;
import io.waitless.report.FunnelStep;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The funnel as a terminal table: one line per row (and a total when broken down) with the main steps and their
 * rates (accepted per offered, completed per accepted, repeat calls per accepted), then the total's breakdowns:
 * why texts were withheld or refused, and how calls ended.
 */
final class FunnelTable {
    private FunnelTable() {
    }

    private static final FunnelStep[] COLUMNS = {FunnelStep.CALLS, FunnelStep.OFFERED, FunnelStep.ACCEPTED,
            FunnelStep.SENT, FunnelStep.DELIVERED, FunnelStep.OPENED, FunnelStep.COMPLETED, FunnelStep.REPEAT};

    static void print(PrintWriter out, FunnelResult r, ZoneId zone) {
        out.printf("funnel from %s to %s (%s), each step in distinct calls, counted on the day the call arrived%s%n",
                r.query().from(), r.query().to(), zone, r.query().where().isEmpty() ? "" : ", only " + where(r));
        List<Dimension> by = r.query().by();
        int[] widths = new int[by.size()];
        for (int i = 0; i < by.size(); i++) {
            widths[i] = by.get(i).wireName().length();
            for (FunnelResult.Row row : r.rows()) {
                widths[i] = Math.max(widths[i], row.key().get(by.get(i)).isEmpty() ? 1 : row.key().get(by.get(i)).length());
            }
        }
        StringBuilder header = new StringBuilder();
        for (int i = 0; i < by.size(); i++) {
            header.append(String.format("%-" + widths[i] + "s  ", by.get(i).wireName()));
        }
        header.append(String.format("%9s %9s %9s %7s %9s %9s %9s %9s %7s %9s %7s", "calls", "offered", "accepted",
                "acc %", "sent", "delivered", "opened", "completed", "done %", "repeat", "rep %"));
        out.println(header.toString().stripTrailing());
        for (FunnelResult.Row row : r.rows()) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < by.size(); i++) {
                String v = row.key().get(by.get(i));
                line.append(String.format("%-" + widths[i] + "s  ", v.isEmpty() ? "-" : v));
            }
            out.println(line + numbers(row.counts()));
        }
        if (!by.isEmpty()) {
            int pad = 0;
            for (int w : widths) {
                pad += w + 2;
            }
            out.println(String.format("%-" + Math.max(1, pad) + "s", "total") + numbers(r.total()));
        }
        FunnelCounts t = r.total();
        breakdown(out, "not offered a text (withheld)", t.breakdown("withheld"));
        breakdown(out, "pressed 1 but refused a text", t.breakdown("refused"));
        breakdown(out, "accepted by", Map.of("dtmf", t.get(FunnelStep.ACCEPTED_DTMF),
                "speech", t.get(FunnelStep.ACCEPTED_SPEECH)));
        breakdown(out, "how calls ended", t.breakdown("ended"));
        if (t.get(FunnelStep.CALLS) == 0) {
            out.println("no calls in these days");
        }
    }

    private static String numbers(FunnelCounts c) {
        List<Object> v = new ArrayList<>();
        for (FunnelStep s : COLUMNS) {
            v.add(c.get(s));
        }
        return String.format(Locale.ROOT, "%9d %9d %9d %6.1f%% %9d %9d %9d %9d %6.1f%% %9d %6.1f%%",
                v.get(0), v.get(1), v.get(2), 100 * c.rate(FunnelStep.ACCEPTED, FunnelStep.OFFERED), v.get(3), v.get(4),
                v.get(5), v.get(6), 100 * c.rate(FunnelStep.COMPLETED, FunnelStep.ACCEPTED), v.get(7),
                100 * c.rate(FunnelStep.REPEAT, FunnelStep.ACCEPTED));
    }

    private static void breakdown(PrintWriter out, String title, Map<String, Long> counts) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return;
        }
        out.printf("%n%s:%n", title);
        counts.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> out.printf(Locale.ROOT, "  %-24s %9d  %5.1f%%%n", e.getKey().isEmpty() ? "(none given)"
                        : e.getKey(), e.getValue(), 100.0 * e.getValue() / total));
    }

    private static String where(FunnelResult r) {
        List<String> parts = new ArrayList<>();
        r.query().where().forEach((d, v) -> parts.add(d.wireName() + "=" + v));
        parts.sort(null);
        return String.join(", ", parts);
    }
}
