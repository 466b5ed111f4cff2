/**
 * The Redis adapters (Jedis): the event stream and deflection hashes (failing open), the opt-out list and the
 * SMS budgets (failing closed: no text without an answer), every wait bounded by redis.timeout.
 */
package io.waitless.journal;
