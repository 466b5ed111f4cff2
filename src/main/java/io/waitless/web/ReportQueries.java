package io.waitless.web;

import io.waitless.report.Dimension;
import io.waitless.report.FunnelQuery;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads the query of a report request, the same for the API and the dashboard: {@code from} and {@code to}
 * (YYYY-MM-DD, inclusive; default the 7 days up to today), {@code by} (comma-separated dimensions) and one
 * filter per attribute ({@code queue=support}). Anything it cannot read is a {@link BadQuery} whose message
 * says what to send instead. Pure.
 */
final class ReportQueries {
    /** The longest range read at once: a year and a bit, so a report over months stays a rollup read. */
    static final int MAX_DAYS = 400;
    /** The attributes a funnel can be filtered by, as query parameters. */
    static final List<Dimension> FILTERS = List.of(Dimension.QUEUE, Dimension.PROMOTION, Dimension.EXPERIMENT,
            Dimension.VARIANT, Dimension.INTENT, Dimension.LANGUAGE);

    /** A request that cannot be answered as asked; the message is shown to the caller. */
    static final class BadQuery extends RuntimeException {
        BadQuery(String message) {
            super(message);
        }
    }

    record Range(LocalDate from, LocalDate to) {}

    private ReportQueries() {
    }

    /**
     * @param param a query parameter by name, null when absent
     * @throws BadQuery for a date that is not YYYY-MM-DD, {@code to} before {@code from}, or over {@link #MAX_DAYS}
     */
    static Range range(Function<String, String> param, LocalDate today) {
        LocalDate to = date(param, "to").orElse(today);
        LocalDate from = date(param, "from").orElse(to.minusDays(6));
        if (to.isBefore(from)) {
            throw new BadQuery("to " + to + " is before from " + from);
        }
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        if (days > MAX_DAYS) {
            throw new BadQuery("from " + from + " to " + to + " is " + days + " days; at most " + MAX_DAYS
                    + " are read at once");
        }
        return new Range(from, to);
    }

    /** The funnel asked for: {@link #range}, {@code by} and the filters. */
    static FunnelQuery funnel(Function<String, String> param, LocalDate today) {
        Range r = range(param, today);
        List<Dimension> by = new ArrayList<>();
        String written = param.apply("by");
        if (written != null && !written.isBlank()) {
            for (String name : written.split(",")) {
                Dimension d = Dimension.of(name).orElseThrow(() -> new BadQuery("by: \"" + shorten(name)
                        + "\" is not one of " + Arrays.stream(Dimension.values()).map(Dimension::wireName)
                        .collect(Collectors.joining(", "))));
                if (by.contains(d)) {
                    throw new BadQuery("by: \"" + d.wireName() + "\" is given twice");
                }
                by.add(d);
            }
        }
        Map<Dimension, String> where = new EnumMap<>(Dimension.class);
        for (Dimension d : FILTERS) {
            String v = param.apply(d.wireName());
            if (v != null && !v.isBlank()) {
                where.put(d, v.strip());
            }
        }
        return new FunnelQuery(r.from(), r.to(), by, where);
    }

    private static java.util.Optional<LocalDate> date(Function<String, String> param, String name) {
        String v = param.apply(name);
        if (v == null || v.isBlank()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(LocalDate.parse(v.strip()));
        } catch (DateTimeParseException e) {
            throw new BadQuery(name + ": \"" + shorten(v) + "\" is not a date (YYYY-MM-DD)");
        }
    }

    /** A value to quote back: at most 40 characters, so an error never echoes a large request. */
    private static String shorten(String v) {
        String s = v.strip();
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
