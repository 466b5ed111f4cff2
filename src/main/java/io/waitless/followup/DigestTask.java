package io.waitless.followup;

import com.google.gson.JsonObject;
import io.waitless.config.WaitlessConfig;
import io.waitless.report.Analytics;
import io.waitless.report.ExperimentReport;
import io.waitless.report.Experiment;
import io.waitless.report.FunnelCounts;
import io.waitless.report.FunnelQuery;
import io.waitless.report.FunnelStep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Makes the daily digest of one day ({@code digest:<yyyy-mm-dd>}, planned by {@link DigestTrigger}): the day's
 * funnel, the A/B verdicts, survey scores, alerts raised and returnees, as {@code digest-<day>.html} and
 * {@code digest-<day>.csv} in {@code followup.digest.directory} (written to a temporary file and moved into place,
 * so a rerun replaces, never half-writes), then, when configured, POSTed as JSON signed like the alerts. The day's
 * one queue item makes it once across nodes; a node dying mid-way leaves it to be retried after the lease (the
 * files are simply written again; the POST follows the queue's at-most-once rule).
 */
public final class DigestTask implements FollowUpTask {
    public static final String KIND = "digest";

    private final Analytics analytics;
    private final SurveyScores scores;
    private final RedisAlerts alerts;
    private final RedisReturnees returnees;
    private final WaitlessConfig.FollowUp.Digest cfg;
    private final ZoneId zone;
    private final Clock clock;

    public DigestTask(Analytics analytics, SurveyScores scores, RedisAlerts alerts, RedisReturnees returnees,
                      WaitlessConfig.FollowUp.Digest cfg, ZoneId zone, Clock clock) {
        this.analytics = analytics;
        this.scores = scores;
        this.alerts = alerts;
        this.returnees = returnees;
        this.cfg = cfg;
        this.zone = zone;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** One line of the digest: section, key, value. */
    record Line(String section, String key, String value) {}

    /** What the digest of {@code day} says. */
    List<Line> lines(LocalDate day) {
        List<Line> out = new ArrayList<>();
        FunnelCounts total = analytics.funnel(new FunnelQuery(day, day, List.of(), Map.of())).total();
        for (FunnelStep step : FunnelStep.values()) {
            out.add(new Line("funnel", step.wireName(), Long.toString(total.get(step))));
        }
        for (ExperimentReport.Result r : analytics.experiments(day, day)) {
            for (Experiment.Comparison c : r.comparisons()) {
                out.add(new Line("experiment", r.experiment() + ":" + c.variant().variant(), c.verdict()));
            }
        }
        SurveyScores.Summary s = scores.between(day, day);
        s.counts().forEach((k, v) -> out.add(new Line("surveys", k, Long.toString(v))));
        out.add(new Line("surveys", "mean", Double.isNaN(s.mean()) ? "" : String.format(java.util.Locale.ROOT, "%.2f", s.mean())));
        out.add(new Line("surveys", "mean-first-time", Double.isNaN(s.firstTime().mean()) ? ""
                : String.format(java.util.Locale.ROOT, "%.2f", s.firstTime().mean())));
        java.time.Instant from = day.atStartOfDay(zone).toInstant();
        java.time.Instant to = day.plusDays(1).atStartOfDay(zone).toInstant();
        out.add(new Line("alerts", "raised", Long.toString(alerts.countBetween(from, to))));
        out.add(new Line("alerts", "open-now", Integer.toString(alerts.open(1000).size())));
        List<Map<String, String>> back = returnees.list(from, 1000).stream()
                .filter(r -> Long.parseLong(r.getOrDefault("returned-at", "0")) < to.toEpochMilli()).toList();
        out.add(new Line("returnees", "count", Integer.toString(back.size())));
        for (Map<String, String> r : back) {
            out.add(new Line("returnee", r.getOrDefault("deflection", ""), r.getOrDefault("masked", "") + " "
                    + r.getOrDefault("flow", "") + " reached " + r.getOrDefault("tried-online", "")));
        }
        return out;
    }

    @Override
    public Result run(Claim c, SendGuard guard) {
        LocalDate day = LocalDate.parse(c.get("day"));
        List<Line> lines = lines(day);
        StringBuilder csv = new StringBuilder("section,key,value\r\n");
        StringBuilder html = new StringBuilder("<!doctype html><html lang=en><meta charset=utf-8><title>Waitless digest "
                + day + "</title><h1>Waitless digest, " + day + "</h1><table><tr><th>section<th>what<th>value");
        for (Line l : lines) {
            csv.append(cell(l.section())).append(',').append(cell(l.key())).append(',').append(cell(l.value()))
                    .append("\r\n");
            html.append("<tr><td>").append(escape(l.section())).append("<td>").append(escape(l.key())).append("<td>")
                    .append(escape(l.value()));
        }
        html.append("</table></html>\n");
        try {
            Files.createDirectories(cfg.directory());
            write(cfg.directory().resolve("digest-" + day + ".csv"), csv.toString());
            write(cfg.directory().resolve("digest-" + day + ".html"), html.toString());
        } catch (IOException e) {
            return new Result.Retry("cannot write the digest in " + cfg.directory() + ": " + e.getMessage());
        }
        if (cfg.webhookUrl().isEmpty()) {
            return new Result.Done("written to " + cfg.directory());
        }
        JsonObject json = new JsonObject();
        json.addProperty("type", "waitless.digest");
        json.addProperty("day", day.toString());
        json.addProperty("csv", csv.toString());
        return new SignedPost(clock).post(cfg.webhookUrl().get(), cfg.webhookSecret(), json.toString(), guard,
                "digest");
    }

    private static void write(Path target, String text) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String cell(String v) {
        return io.waitless.report.FunnelCsv.field(v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
