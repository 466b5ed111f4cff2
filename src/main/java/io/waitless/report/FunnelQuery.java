package io.waitless.report;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which funnel to read.
 *
 * @param from  first day, in the company's time zone
 * @param to    last day, inclusive
 * @param by    the breakdown, in column order (empty: one total row)
 * @param where only calls whose dimension has this value (e.g. {@code QUEUE -> support})
 */
public record FunnelQuery(LocalDate from, LocalDate to, List<Dimension> by, Map<Dimension, String> where) {
    public FunnelQuery {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("--to " + to + " is before --from " + from);
        }
        by = List.copyOf(by);
        where = Map.copyOf(where);
    }
}
