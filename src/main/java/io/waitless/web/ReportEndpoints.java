package io.waitless.web;

import io.javalin.http.Context;
import io.waitless.call.PhoneMask;
import io.waitless.report.Analytics;
import io.waitless.report.FunnelCsv;
import io.waitless.report.FunnelQuery;
import io.waitless.report.Journey;
import io.waitless.report.ReportJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The report answers shared by the JSON API ({@code /api/...}, behind an API key) and the dashboard's data
 * requests ({@code /dashboard/data/...}, behind a login): both answer {@link ReportJson}'s encoding of the same
 * {@link Analytics} call, so they agree number for number. The gate is the caller's business. A bad query is a
 * 400 with the reason; numbers that cannot be read (the store is down) are a 503. A journey id may be a phone
 * number: it is logged masked. Thread-safe when the {@link Analytics} is.
 */
final class ReportEndpoints {
    private static final Logger log = LoggerFactory.getLogger(ReportEndpoints.class);

    private final Analytics analytics;

    ReportEndpoints(Analytics analytics) {
        this.analytics = analytics;
    }

    void funnel(Context ctx) {
        answer(ctx, "funnel", () -> ReportJson.funnel(analytics.funnel(ReportQueries.funnel(ctx::queryParam, analytics.today()))));
    }

    /** The funnel as CSV ({@link FunnelCsv}), as a download named after its range. */
    void funnelCsv(Context ctx) {
        read(ctx, "funnel.csv", () -> {
            FunnelQuery q = ReportQueries.funnel(ctx::queryParam, analytics.today());
            String csv = FunnelCsv.csv(analytics.funnel(q));
            ctx.header("Cache-Control", "no-store");
            ctx.header("Content-Disposition", "attachment; filename=\"waitless-funnel-" + q.from() + "-to-" + q.to()
                    + ".csv\"");
            ctx.contentType("text/csv; charset=utf-8").result(csv);
        });
    }

    void experiments(Context ctx) {
        answer(ctx, "experiments", () -> {
            ReportQueries.Range r = ReportQueries.range(ctx::queryParam, analytics.today());
            return ReportJson.experiments(analytics.experiments(r.from(), r.to()), r.from(), r.to());
        });
    }

    /** @param id a deflection id, caller reference or phone number, as typed */
    void journey(Context ctx, String id) {
        if (id == null || id.isBlank() || id.length() > 100) {
            JsonReplies.error(ctx, 400, "bad-request", "Give a phone number, caller reference or deflection id"
                    + " (at most 100 characters).");
            return;
        }
        read(ctx, "journey", () -> {
            Optional<Journey> j = analytics.journey(id.strip());
            log.info("journey looked up: {} ({})", PhoneMask.mask(id.strip()), j.isPresent() ? "found" : "not found");
            if (j.isEmpty()) {
                JsonReplies.error(ctx, 404, "unknown-journey", "No journey for that phone number, caller reference"
                        + " or deflection id (events older than the retention are gone).");
            } else {
                JsonReplies.raw(ctx, 200, ReportJson.journey(j.get()));
            }
        });
    }

    void live(Context ctx) {
        answer(ctx, "live", () -> ReportJson.live(analytics.live()));
    }

    private static void answer(Context ctx, String report, Supplier<String> json) {
        read(ctx, report, () -> JsonReplies.raw(ctx, 200, json.get()));
    }

    /** Runs {@code work}, answering 400 or 503 when it fails; {@code report} names it in the log (never the path). */
    private static void read(Context ctx, String report, Runnable work) {
        try {
            work.run();
        } catch (ReportQueries.BadQuery e) {
            JsonReplies.error(ctx, 400, "bad-request", e.getMessage());
        } catch (RuntimeException e) {
            log.warn("report {} not answered, the numbers cannot be read: {}", report, e.toString());
            JsonReplies.error(ctx, 503, "unavailable", "The numbers cannot be read right now; try again shortly.");
        }
    }
}
