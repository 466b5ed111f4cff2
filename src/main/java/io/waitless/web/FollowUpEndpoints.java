package io.waitless.web;

import io.javalin.http.Context;
import io.waitless.followup.FollowUpNode;
import io.waitless.followup.SurveyScores;
import io.waitless.report.FunnelCsv;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The follow-ups' answers for analysts, shared by the API ({@code /api/surveys}, {@code /api/alerts},
 * {@code POST /api/alerts/{id}/ack}, {@code /api/returnees}, {@code /api/returnees.csv}; API key) and the
 * dashboard ({@code /dashboard/data/surveys}, {@code /dashboard/data/alerts}; login). Numbers appear masked only.
 * The store down: 503. Thread-safe.
 */
final class FollowUpEndpoints {
    private static final Logger log = LoggerFactory.getLogger(FollowUpEndpoints.class);
    static final int MAX_ROWS = 500;
    /** What a returnee row holds, in CSV column order. */
    static final List<String> RETURNEE_COLUMNS = List.of("deflection", "returned-at", "texted-at", "masked", "queue",
            "flow", "tried-online", "answer");

    private final FollowUpNode node;
    private final ZoneId zone;
    private final Clock clock;

    FollowUpEndpoints(FollowUpNode node, ZoneId zone, Clock clock) {
        this.node = node;
        this.zone = zone;
        this.clock = clock;
    }

    void surveys(Context ctx) {
        read(ctx, "surveys", () -> {
            ReportQueries.Range r = ReportQueries.range(ctx::queryParam, LocalDate.ofInstant(clock.instant(), zone));
            SurveyScores.Summary s = node.scores().between(r.from(), r.to());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("from", s.from().toString());
            out.put("to", s.to().toString());
            out.put("scale", List.of(s.scaleMin(), s.scaleMax()));
            out.put("counts", s.counts());
            Map<String, Long> dist = new LinkedHashMap<>();
            s.distribution().forEach((k, v) -> dist.put(Integer.toString(k), v));
            out.put("distribution", dist);
            out.put("answers", s.answers());
            out.put("mean", round(s.mean()));
            out.put("firstTime", group(s.firstTime()));
            out.put("others", group(s.others()));
            JsonReplies.send(ctx, 200, out);
        });
    }

    void alerts(Context ctx) {
        read(ctx, "alerts", () -> {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Map<String, String> a : node.alerts().open(MAX_ROWS)) {
                Map<String, Object> row = new LinkedHashMap<>(a);
                row.remove("caller");
                row.put("at", Instant.ofEpochMilli(Long.parseLong(a.getOrDefault("at", "0"))).toString());
                rows.add(row);
            }
            JsonReplies.send(ctx, 200, Map.of("open", rows));
        });
    }

    void acknowledge(Context ctx, String by) {
        String id = ctx.pathParam("id");
        read(ctx, "alert ack", () -> {
            if (!id.matches("a\\d{1,18}") || !node.alerts().acknowledge(id, by, clock.instant())) {
                JsonReplies.error(ctx, 404, "unknown-alert", "No open alert with that id.");
                return;
            }
            log.info("alert {} acknowledged by {}", id, by);
            JsonReplies.send(ctx, 200, Map.of("alert", id, "status", "acknowledged"));
        });
    }

    void returnees(Context ctx) {
        read(ctx, "returnees", () -> JsonReplies.send(ctx, 200, Map.of("returnees", returneeRows(ctx))));
    }

    void returneesCsv(Context ctx) {
        read(ctx, "returnees.csv", () -> {
            StringBuilder csv = new StringBuilder(String.join(",", RETURNEE_COLUMNS)).append("\r\n");
            for (Map<String, Object> row : returneeRows(ctx)) {
                List<String> cells = new ArrayList<>();
                RETURNEE_COLUMNS.forEach(c -> cells.add(FunnelCsv.field(String.valueOf(row.getOrDefault(c, "")))));
                csv.append(String.join(",", cells)).append("\r\n");
            }
            ctx.header("Cache-Control", "no-store");
            ctx.header("Content-Disposition", "attachment; filename=\"waitless-returnees.csv\"");
            ctx.contentType("text/csv; charset=utf-8").result(csv.toString());
        });
    }

    private List<Map<String, Object>> returneeRows(Context ctx) {
        ReportQueries.Range r = ReportQueries.range(ctx::queryParam, LocalDate.ofInstant(clock.instant(), zone));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, String> h : node.returnees().list(r.from().atStartOfDay(zone).toInstant(), MAX_ROWS)) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (String c : RETURNEE_COLUMNS) {
                String v = h.getOrDefault(c, "");
                row.put(c, (c.endsWith("-at") && v.matches("\\d{1,15}")) ? Instant.ofEpochMilli(Long.parseLong(v)).toString() : v);
            }
            rows.add(row);
        }
        return rows;
    }

    private static Map<String, Object> group(SurveyScores.Group g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("answers", g.answers());
        m.put("mean", round(g.mean()));
        return m;
    }

    private static Object round(double d) {
        return Double.isNaN(d) ? null : Math.round(d * 100) / 100.0;
    }

    private static void read(Context ctx, String what, Runnable work) {
        try {
            work.run();
        } catch (ReportQueries.BadQuery e) {
            JsonReplies.error(ctx, 400, "bad-request", e.getMessage());
        } catch (RuntimeException e) {
            log.warn("{} not answered, the follow-ups cannot be read: {}", what, e.toString());
            JsonReplies.error(ctx, 503, "unavailable", "The follow-ups cannot be read right now; try again shortly.");
        }
    }
}
