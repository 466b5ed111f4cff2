package io.waitless.report;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * What analysts read, from the rollups and the event stream in Redis: the one source for {@code waitless report},
 * the JSON API and the dashboard, so they agree number for number.
 */
public interface Analytics {

    /** The funnel asked for, from the daily rollups. */
    FunnelResult funnel(FunnelQuery query);

    /** The A/B experiments of calls that arrived between {@code from} and {@code to} (inclusive). */
    List<ExperimentReport.Result> experiments(LocalDate from, LocalDate to);

    /**
     * One caller's journey.
     *
     * @param id a deflection id, a caller reference, or a phone number (turned into its reference; never stored)
     */
    Optional<Journey> journey(String id);

    /** The live counters. */
    Live live();

    /** Today in the company's time zone (the default last day of a report). */
    LocalDate today();
}
