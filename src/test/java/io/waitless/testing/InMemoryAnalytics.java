package io.waitless.testing;

import io.waitless.report.Analytics;
import io.waitless.report.Dimension;
import io.waitless.report.Experiment;
import io.waitless.report.ExperimentReport;
import io.waitless.report.FunnelCounts;
import io.waitless.report.FunnelQuery;
import io.waitless.report.FunnelResult;
import io.waitless.report.Journey;
import io.waitless.report.Live;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link Analytics} over fixed, realistic numbers: ten days up to {@link #TODAY}, queues {@code support} and
 * {@code tech}; on support the promotion {@code pay-in-app} runs experiment {@code wording} (variants {@code a},
 * the control, and {@code b}, which converts better), on tech {@code outage-web} runs without one; languages
 * {@code en} and {@code he}; withheld and refused reasons; every call ends in one outcome; one caller's journey.
 * Funnels are grouped and filtered from the cells exactly as a rollup reader would. Immutable and thread-safe.
 */
public final class InMemoryAnalytics implements Analytics {
    public static final LocalDate TODAY = LocalDate.of(2026, 12, 3);
    public static final String DEFLECTION = "dfl-7Kq2mX";
    public static final String CALLER_REF = "ref-3f9a2c71";
    public static final String NUMBER = "+972501234567";
    public static final String MASKED = "+97250•••4567";
    public static final Live LIVE = new Live(12, 41, 9, 8);

    /** One rollup cell: a day and a call's attributes, and its counts. */
    public record Cell(LocalDate day, Map<Dimension, String> attributes, FunnelCounts counts) {}

    private final List<Cell> cells = new ArrayList<>();

    public InMemoryAnalytics() {
        for (int d = 0; d < 10; d++) {
            LocalDate day = TODAY.minusDays(9 - d);
            cells.add(cell(day, "support", "pay-in-app", "wording", "a", "pay-bill", "en", 60 + 3 * d, 0.55, 0.30, d));
            cells.add(cell(day, "support", "pay-in-app", "wording", "b", "pay-bill", "en", 58 + 3 * d, 0.55, 0.42, d));
            cells.add(cell(day, "support", "pay-in-app", "wording", "b", "pay-bill", "he", 11 + d % 3, 0.5, 0.4, d));
            cells.add(cell(day, "tech", "outage-web", "", "", "check-outage", "en", 40 + 2 * d, 0.6, 0.25, d));
            cells.add(cell(day, "tech", "", "", "", "", "en", 9 + d % 4, 0, 0, d));
        }
    }

    /**
     * Counts that behave like real ones: calls ≥ offered ≥ accepted ≥ sent ≥ delivered ≥ opened ≥ completed,
     * the rest of the calls withheld by reason, repeat calls among the accepted, every call ending once.
     */
    private static Cell cell(LocalDate day, String queue, String promotion, String experiment, String variant,
                             String intent, String language, int calls, double offerRate, double acceptRate, int d) {
        Map<String, Long> c = new TreeMap<>();
        long offered = Math.round(calls * offerRate);
        long accepted = Math.round(offered * acceptRate);
        long refused = accepted > 3 ? 1 : 0;
        long sent = accepted - refused;
        long failed = sent > 10 ? 1 : 0;
        long delivered = sent - failed;
        long opened = Math.round(delivered * 0.8);
        long completed = Math.round(opened * 0.6);
        long withheld = calls - offered;
        c.put("calls", (long) calls);
        c.put("intent", intent.isEmpty() ? 0L : Math.round(calls * 0.7));
        c.put("offered", offered);
        c.put("withheld", withheld);
        c.put("accepted", accepted);
        c.put("accepted-dtmf", accepted - accepted / 4);
        c.put("accepted-speech", accepted / 4);
        c.put("declined", offered - accepted);
        c.put("refused", refused);
        c.put("sent", sent);
        c.put("failed", failed);
        c.put("delivered", delivered);
        c.put("undelivered", failed);
        c.put("opened", opened);
        c.put("redeemed", opened);
        c.put("completed", completed);
        c.put("repeat", accepted / 5 + d % 2);
        putSplit(c, "withheld:", withheld, List.of("landline", "offered-recently", "opted-out"));
        if (refused > 0) {
            c.put("refused:" + (d % 2 == 0 ? "budget" : "not-mobile"), refused);
        }
        long afterLink = completed;
        long inAccept = accepted > 5 ? 1 : 0;
        long abandoned = Math.round(calls * 0.12);
        long leftQueue = d % 3 == 0 ? 1 : 0;
        c.put("ended:abandoned-after-link", afterLink);
        c.put("ended:hung-up-in-accept", inAccept);
        c.put("ended:abandoned", abandoned);
        c.put("ended:left-queue", leftQueue);
        c.put("ended:answered", calls - afterLink - inAccept - abandoned - leftQueue);
        c.values().removeIf(v -> v == 0);
        Map<Dimension, String> attributes = new EnumMap<>(Dimension.class);
        attributes.put(Dimension.QUEUE, queue);
        attributes.put(Dimension.PROMOTION, promotion);
        attributes.put(Dimension.EXPERIMENT, experiment);
        attributes.put(Dimension.VARIANT, variant);
        attributes.put(Dimension.INTENT, intent);
        attributes.put(Dimension.LANGUAGE, language);
        return new Cell(day, attributes, new FunnelCounts(c));
    }

    private static void putSplit(Map<String, Long> c, String prefix, long n, List<String> reasons) {
        long left = n;
        for (int i = 0; i < reasons.size(); i++) {
            long part = i == reasons.size() - 1 ? left : n * (reasons.size() - i) / 6;
            part = Math.min(part, left);
            if (part > 0) {
                c.put(prefix + reasons.get(i), part);
            }
            left -= part;
        }
    }

    /** The cells of the days {@code from} to {@code to} that match every filter. */
    public List<Cell> cells(LocalDate from, LocalDate to, Map<Dimension, String> where) {
        return cells.stream().filter(c -> !c.day.isBefore(from) && !c.day.isAfter(to))
                .filter(c -> where.entrySet().stream().allMatch(w -> value(c, w.getKey()).equals(w.getValue())))
                .toList();
    }

    @Override
    public FunnelResult funnel(FunnelQuery query) {
        Map<List<String>, FunnelCounts> rows = new TreeMap<>((a, b) -> String.join("\u0000", a)
                .compareTo(String.join("\u0000", b)));
        FunnelCounts total = FunnelCounts.EMPTY;
        for (Cell c : cells(query.from(), query.to(), query.where())) {
            List<String> key = query.by().stream().map(d -> value(c, d)).toList();
            rows.merge(key, c.counts, FunnelCounts::plus);
            total = total.plus(c.counts);
        }
        List<FunnelResult.Row> out = new ArrayList<>();
        rows.forEach((key, counts) -> {
            Map<Dimension, String> k = new LinkedHashMap<>();
            for (int i = 0; i < key.size(); i++) {
                k.put(query.by().get(i), key.get(i));
            }
            out.add(new FunnelResult.Row(k, counts));
        });
        return new FunnelResult(query, query.by().isEmpty() ? List.of() : out, total);
    }

    private static String value(Cell c, Dimension d) {
        return switch (d) {
            case DAY -> c.day.toString();
            case WEEK -> c.day.get(IsoFields.WEEK_BASED_YEAR) + "-W"
                    + String.format("%02d", c.day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTH -> c.day.toString().substring(0, 7);
            default -> c.attributes.getOrDefault(d, "");
        };
    }

    @Override
    public List<ExperimentReport.Result> experiments(LocalDate from, LocalDate to) {
        Map<String, FunnelCounts> byVariant = new TreeMap<>();
        for (Cell c : cells(from, to, Map.of(Dimension.EXPERIMENT, "wording"))) {
            byVariant.merge(value(c, Dimension.VARIANT), c.counts, FunnelCounts::plus);
        }
        if (byVariant.isEmpty()) {
            return List.of();
        }
        List<ExperimentReport.Row> rows = byVariant.entrySet().stream().map(e -> new ExperimentReport.Row(e.getKey(),
                e.getValue().get("offered"), e.getValue().get("accepted"), e.getValue().get("sent"),
                e.getValue().get("opened"), e.getValue().get("completed"))).toList();
        return List.of(new ExperimentReport.Result("wording", rows,
                Experiment.compare(rows.stream().map(ExperimentReport.Row::arm).toList())));
    }

    @Override
    public Optional<Journey> journey(String id) {
        String clean = id.strip();
        if (!clean.equals(DEFLECTION) && !clean.equals(CALLER_REF) && !clean.equals(NUMBER)) {
            return Optional.empty();
        }
        Instant t0 = TODAY.minusDays(1).atTime(9, 14, 3).toInstant(java.time.ZoneOffset.UTC);
        String call = "1764753243.118";
        List<Journey.Touch> touches = List.of(
                touch(t0, "call.arrived", call, Map.of("queue", "support", "language", "en", "number", MASKED)),
                touch(t0.plusSeconds(2), "intent.recognized", call, Map.of("intent", "pay-bill")),
                touch(t0.plusSeconds(41), "offer.made", call, Map.of("promotion", "pay-in-app", "variant", "b")),
                touch(t0.plusSeconds(47), "offer.accepted", call, Map.of("via", "dtmf", "deflection", DEFLECTION)),
                touch(t0.plusSeconds(49), "sms.sent", call, Map.of("deflection", DEFLECTION, "gateway", "kannel")),
                touch(t0.plusSeconds(53), "sms.delivered", call, Map.of("deflection", DEFLECTION)),
                touch(t0.plusSeconds(95), "call.ended", call, Map.of("outcome", "abandoned-after-link")),
                touch(t0.plus(3, ChronoUnit.MINUTES), "link.opened", "", Map.of("deflection", DEFLECTION)),
                touch(t0.plus(7, ChronoUnit.MINUTES), "flow.completed", "", Map.of("deflection", DEFLECTION,
                        "flow", "pay-bill")));
        return Optional.of(new Journey(CALLER_REF, MASKED, touches));
    }

    private static Journey.Touch touch(Instant t, String type, String call, Map<String, String> attributes) {
        return new Journey.Touch(t, type, call, attributes);
    }

    @Override
    public Live live() {
        return LIVE;
    }

    @Override
    public LocalDate today() {
        return TODAY;
    }
}
