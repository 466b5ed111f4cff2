/**
 * What analysts read: the numbers behind the deflection funnel and A/B experiments. Pure computation over counts;
 * where the counts come from (the event stream, rollups) is the journal's business.
 */
package io.waitless.report;
