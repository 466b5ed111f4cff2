/**
 * Follow-ups after a deflection: the durable due-queue in Redis ({@link io.waitless.followup.DueQueue},
 * {@link io.waitless.followup.RedisDueQueue}), the worker each node runs on a Quartz timer
 * ({@link io.waitless.followup.FollowUpWorker}, {@link io.waitless.followup.FollowUpScheduler}), and what runs on
 * it: the CES survey and its replies, alerts on bad feedback, returnees. Depends on the core ({@code call},
 * {@code deflect}), the SMS port, libphonenumber (time zones), Jedis and Quartz; nothing in the core depends on it.
 * Numbers are kept only encrypted ({@link io.waitless.followup.NumberVault}) and logged only masked.
 */
package io.waitless.followup;
