package io.waitless.report;

import java.util.List;
import java.util.Map;

/**
 * A funnel: one row per combination of the query's dimensions that has calls, in dimension order, and the total.
 *
 * @param query what was asked
 * @param rows  the rows, sorted by their key values
 * @param total every row added up
 */
public record FunnelResult(FunnelQuery query, List<Row> rows, FunnelCounts total) {

    /** @param key the row's value per dimension of {@code query.by()}, in that order ("" when unknown) */
    public record Row(Map<Dimension, String> key, FunnelCounts counts) {}

    public FunnelResult {
        rows = List.copyOf(rows);
    }
}
