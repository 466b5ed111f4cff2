package io.waitless.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.waitless.call.PhoneMask;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The one JSON encoding of what analysts read: {@code waitless report --format json}, the JSON API and the
 * dashboard's data requests all print these strings, so the same numbers give the same bytes. Pretty-printed
 * by Gson with its default HTML escaping ({@code =} as {@code \u003d}), which keeps the text safe to embed.
 * Pure and thread-safe.
 */
public final class ReportJson {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();
    /** A full E.164 number; journeys should never carry one, and if one slips through it is masked here. */
    private static final Pattern E164 = Pattern.compile("\\+\\d{7,15}");
    /** Breakdowns every funnel row has, even when empty, so readers need not test for them. */
    private static final List<String> BREAKDOWNS = List.of("withheld", "refused", "ended");

    private ReportJson() {
    }

    /**
     * A funnel: {@code from}, {@code to}, {@code by} (wire names), {@code where}, {@code rows} (each with its
     * {@code key} per dimension and its counts) and the {@code total}. Counts are {@code steps} (every
     * {@link FunnelStep} in funnel order, zero-filled) and one object per breakdown ({@code withheld},
     * {@code refused}, {@code ended}: reason or outcome to calls).
     */
    public static String funnel(FunnelResult result) {
        FunnelQuery q = result.query();
        JsonObject root = new JsonObject();
        root.addProperty("from", q.from().toString());
        root.addProperty("to", q.to().toString());
        JsonArray by = new JsonArray();
        q.by().forEach(d -> by.add(d.wireName()));
        root.add("by", by);
        JsonObject where = new JsonObject();
        new TreeMap<>(q.where()).forEach((d, v) -> where.addProperty(d.wireName(), v));
        root.add("where", where);
        JsonArray rows = new JsonArray();
        for (FunnelResult.Row row : result.rows()) {
            JsonObject r = new JsonObject();
            JsonObject key = new JsonObject();
            q.by().forEach(d -> key.addProperty(d.wireName(), row.key().getOrDefault(d, "")));
            r.add("key", key);
            counts(r, row.counts());
            rows.add(r);
        }
        root.add("rows", rows);
        JsonObject total = new JsonObject();
        counts(total, result.total());
        root.add("total", total);
        return GSON.toJson(root);
    }

    private static void counts(JsonObject into, FunnelCounts counts) {
        JsonObject steps = new JsonObject();
        for (FunnelStep s : FunnelStep.values()) {
            steps.addProperty(s.wireName(), counts.get(s));
        }
        Map<String, JsonObject> breakdowns = new TreeMap<>();
        BREAKDOWNS.forEach(b -> breakdowns.put(b, new JsonObject()));
        counts.counts().forEach((k, v) -> {
            int colon = k.indexOf(':');
            if (colon < 0) {
                if (FunnelStep.of(k).isEmpty()) {
                    steps.addProperty(k, v); // a counter newer than this encoder: kept, never dropped
                }
            } else {
                breakdowns.computeIfAbsent(k.substring(0, colon), x -> new JsonObject())
                        .addProperty(k.substring(colon + 1), v);
            }
        });
        into.add("steps", steps);
        BREAKDOWNS.forEach(b -> into.add(b, breakdowns.remove(b)));
        breakdowns.forEach(into::add);
    }

    /** The A/B experiments of the days {@code from} to {@code to}, as {@code waitless report experiments} prints them. */
    public static String experiments(List<ExperimentReport.Result> results, LocalDate from, LocalDate to) {
        JsonObject root = new JsonObject();
        root.addProperty("from", from.toString());
        root.addProperty("to", to.toString());
        JsonArray experiments = new JsonArray();
        for (ExperimentReport.Result r : results) {
            JsonObject e = new JsonObject();
            e.addProperty("experiment", r.experiment());
            JsonArray variants = new JsonArray();
            for (ExperimentReport.Row row : r.rows()) {
                Experiment.Arm a = row.arm();
                double[] ci = a.interval();
                JsonObject v = new JsonObject();
                v.addProperty("variant", row.variant());
                v.addProperty("offered", row.offered());
                v.addProperty("accepted", row.accepted());
                v.addProperty("sent", row.sent());
                v.addProperty("opened", row.opened());
                v.addProperty("completed", row.completed());
                v.addProperty("rate", a.rate());
                v.addProperty("ciLow", ci[0]);
                v.addProperty("ciHigh", ci[1]);
                variants.add(v);
            }
            e.add("variants", variants);
            JsonArray comparisons = new JsonArray();
            for (Experiment.Comparison c : r.comparisons()) {
                JsonObject o = new JsonObject();
                o.addProperty("control", c.control().variant());
                o.addProperty("variant", c.variant().variant());
                if (!Double.isNaN(c.p())) {
                    o.addProperty("z", c.z());
                    o.addProperty("p", c.p());
                }
                o.addProperty("significant", c.significant());
                o.addProperty("verdict", c.verdict());
                comparisons.add(o);
            }
            e.add("comparisons", comparisons);
            experiments.add(e);
        }
        root.add("experiments", experiments);
        return GSON.toJson(root);
    }

    /**
     * A caller's journey: {@code callerRef}, {@code masked} and the {@code events}, oldest first, each with its
     * {@code time} (ISO-8601, UTC), {@code type}, {@code callId} and {@code attributes}. A full number found in
     * the masked field or any attribute is masked here, whatever the source.
     */
    public static String journey(Journey journey) {
        JsonObject root = new JsonObject();
        root.addProperty("callerRef", journey.callerRef());
        root.addProperty("masked", masked(journey.masked()));
        JsonArray events = new JsonArray();
        for (Journey.Touch t : journey.events()) {
            JsonObject e = new JsonObject();
            e.addProperty("time", t.time().toString());
            e.addProperty("type", t.type());
            e.addProperty("callId", t.callId());
            JsonObject attributes = new JsonObject();
            new TreeMap<>(t.attributes()).forEach((k, v) -> attributes.addProperty(k, masked(v)));
            e.add("attributes", attributes);
            events.add(e);
        }
        root.add("events", events);
        return GSON.toJson(root);
    }

    /** The live counters. */
    public static String live(Live live) {
        JsonObject root = new JsonObject();
        root.addProperty("callsWaiting", live.callsWaiting());
        root.addProperty("offersLastHour", live.offersLastHour());
        root.addProperty("acceptedLastHour", live.acceptedLastHour());
        root.addProperty("sentLastHour", live.sentLastHour());
        return GSON.toJson(root);
    }

    private static String masked(String value) {
        return E164.matcher(value.strip()).matches() ? PhoneMask.mask(value.strip()) : value;
    }
}
