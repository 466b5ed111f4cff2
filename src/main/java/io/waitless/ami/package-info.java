/**
 * Timed-offer mode over the Asterisk Manager Interface: {@link io.waitless.ami.AmiClient} (Asterisk-Java's
 * ManagerConnection, polling only: {@code QueueStatus} and {@code QueueWithdrawCaller}), the pure
 * {@link io.waitless.ami.OfferPolicy} that picks whom to withdraw, and the {@link io.waitless.ami.TimedOffers}
 * scheduler that ties them together with a Redis lease and per-call state so several nodes agree. Depends on
 * {@code config}, Asterisk-Java, Jedis and Micrometer; nothing in the core imports it.
 */
package io.waitless.ami;
