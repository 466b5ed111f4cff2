package io.waitless.report;

/**
 * Counters for the dashboard's live panel, across all nodes.
 *
 * @param callsWaiting      calls that arrived and have not ended (over the last 4 hours)
 * @param offersLastHour    offers made in the last 60 minutes
 * @param acceptedLastHour  offers accepted in the last 60 minutes
 * @param sentLastHour      texts sent in the last 60 minutes
 */
public record Live(long callsWaiting, long offersLastHour, long acceptedLastHour, long sentLastHour) {}
