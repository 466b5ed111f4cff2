package io.waitless.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A funnel as CSV, the one writer behind the dashboard's download and the command line: a header, then one line
 * per row (the total alone when the funnel is not broken down). Columns: each dimension of the query (wire name),
 * each {@link FunnelStep} in funnel order, then every breakdown counter present in any row
 * ({@code ended:abandoned}, {@code withheld:opted-out}…) in name order, zero where a row has none. Pure.
 */
public final class FunnelCsv {
    private FunnelCsv() {
    }

    public static String csv(FunnelResult result) {
        List<Dimension> by = result.query().by();
        List<FunnelResult.Row> rows = by.isEmpty() ? List.of(new FunnelResult.Row(java.util.Map.of(), result.total()))
                : result.rows();
        Set<String> extra = new TreeSet<>();
        rows.forEach(r -> r.counts().counts().keySet().stream().filter(k -> FunnelStep.of(k).isEmpty())
                .forEach(extra::add));
        List<String> header = new ArrayList<>();
        by.forEach(d -> header.add(d.wireName()));
        for (FunnelStep s : FunnelStep.values()) {
            header.add(s.wireName());
        }
        header.addAll(extra);
        StringBuilder out = new StringBuilder();
        line(out, header);
        for (FunnelResult.Row row : rows) {
            List<String> cells = new ArrayList<>();
            by.forEach(d -> cells.add(row.key().getOrDefault(d, "")));
            for (FunnelStep s : FunnelStep.values()) {
                cells.add(Long.toString(row.counts().get(s)));
            }
            extra.forEach(k -> cells.add(Long.toString(row.counts().get(k))));
            line(out, cells);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            out.append(i == 0 ? "" : ",").append(field(cells.get(i)));
        }
        out.append('\n');
    }

    /**
     * One CSV field: quoted when it holds a comma, quote or line break; a text a spreadsheet would run as a
     * formula ({@code =}, {@code +}, {@code -}, {@code @} first) is prefixed with {@code '} so it stays text.
     */
    public static String field(String s) {
        String safe = !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 && !s.matches("-?\\d+(\\.\\d+)?")
                ? "'" + s : s;
        return safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")
                ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }
}
