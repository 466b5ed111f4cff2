package io.waitless.report;

import io.waitless.call.CallEvent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The A/B experiments of a stretch of the event stream, counted exactly from the events (the source of truth):
 * per experiment and variant, the calls that could be offered a text (arrived with the variant and not withheld),
 * those that accepted, whose text was sent, whose link was opened and whose flow was completed online (events
 * about a deflection carry its call and variant); each counted once per call. The rate compared is accepted
 * per offered ({@link Experiment}). It keeps a set of call ids per cell, so it suits a scan of up to about a
 * million events; reports over months read rollups instead. Not thread-safe.
 */
public final class ExperimentReport {

    /** One variant's counts, distinct calls. */
    public record Row(String variant, long offered, long accepted, long sent, long opened, long completed) {
        public Experiment.Arm arm() {
            return new Experiment.Arm(variant, offered, Math.min(accepted, offered));
        }
    }

    /** One experiment: its variants (the control first) and each compared with the control. */
    public record Result(String experiment, List<Row> rows, List<Experiment.Comparison> comparisons) {}

    private static final class Cell {
        final Set<String> arrived = new HashSet<>();
        final Set<String> withheld = new HashSet<>();
        final Set<String> accepted = new HashSet<>();
        final Set<String> sent = new HashSet<>();
        final Set<String> opened = new HashSet<>();
        final Set<String> completed = new HashSet<>();
    }

    private final Map<String, Map<String, Cell>> cells = new TreeMap<>();
    private long events;

    /** Counts one event (those without an experiment are ignored). */
    public void add(CallEvent e) {
        events++;
        String experiment = e.attribute("experiment");
        String variant = e.attribute("variant");
        if (experiment.isEmpty() || variant.isEmpty() || e.callId().isEmpty()) {
            return;
        }
        Cell c = cells.computeIfAbsent(experiment, x -> new TreeMap<>()).computeIfAbsent(variant, x -> new Cell());
        switch (e.type()) {
            case CALL_ARRIVED -> c.arrived.add(e.callId());
            case OFFER_WITHHELD -> c.withheld.add(e.callId());
            case OFFER_ACCEPTED -> c.accepted.add(e.callId());
            case SMS_SENT -> c.sent.add(e.callId());
            case LINK_OPENED -> c.opened.add(e.callId());
            case FLOW_COMPLETED -> c.completed.add(e.callId());
            default -> { }
        }
    }

    /** How many events were read. */
    public long events() {
        return events;
    }

    /**
     * The experiments seen, by name.
     *
     * @param order the configured variants of an experiment, the control first (empty when it is no longer
     *              configured); variants seen but not listed follow in name order
     */
    public List<Result> results(Function<String, List<String>> order) {
        Map<String, Map<String, Row>> counted = new TreeMap<>();
        cells.forEach((experiment, byVariant) -> byVariant.forEach((v, c) -> {
            Set<String> offered = new HashSet<>(c.arrived);
            offered.removeAll(c.withheld);
            Set<String> accepted = new HashSet<>(c.accepted);
            accepted.retainAll(offered);
            counted.computeIfAbsent(experiment, x -> new TreeMap<>()).put(v, new Row(v, offered.size(),
                    accepted.size(), among(c.sent, offered), among(c.opened, offered), among(c.completed, offered)));
        }));
        return results(counted, order);
    }

    /**
     * The experiments of rows already counted (from the rollups), each variant compared with the control.
     *
     * @param counted experiment → variant → its row
     * @param order   as for {@link #results(Function)}
     */
    public static List<Result> results(Map<String, Map<String, Row>> counted, Function<String, List<String>> order) {
        List<Result> out = new ArrayList<>();
        new TreeMap<>(counted).forEach((experiment, byVariant) -> {
            List<String> names = new ArrayList<>(order.apply(experiment));
            new TreeMap<>(byVariant).keySet().stream().filter(v -> !names.contains(v)).forEach(names::add);
            List<Row> rows = names.stream().map(v -> byVariant.getOrDefault(v, new Row(v, 0, 0, 0, 0, 0))).toList();
            List<Experiment.Comparison> comparisons = rows.size() < 2 ? List.of()
                    : Experiment.compare(rows.stream().map(Row::arm).toList());
            out.add(new Result(experiment, rows, comparisons));
        });
        return out;
    }

    private static long among(Set<String> calls, Set<String> offered) {
        return calls.stream().filter(offered::contains).count();
    }

    /** Variants by experiment as a config lists them, the control first. */
    public static Map<String, List<String>> configured(List<io.waitless.deflect.Promotion> promotions) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        promotions.forEach(p -> p.variant().ifPresent(v ->
                out.computeIfAbsent(v.experiment(), x -> new ArrayList<>()).add(v.name())));
        return out;
    }
}
