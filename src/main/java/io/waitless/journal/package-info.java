/**
 * The Redis adapter of the journal (Jedis): the event stream and deflection hashes, failing open with every wait bounded by redis.timeout.
 */
package io.waitless.journal;
