/**
 * Hot reload of {@code waitless.yaml}: {@link io.waitless.reload.ConfigReloader} watches the file, validates a
 * new version completely before anything changes, swaps what can change on a running node (company, channels,
 * flows, promotions and their A/B variants, SMS templates, link lifetime, prompt texts) between calls, and
 * keeps the running version when the new one is refused. {@link io.waitless.reload.ConfigDiff} says what a
 * reload would change and which changes wait for a restart; {@link io.waitless.reload.ReloadBoard} shares each
 * node's reload status (for {@code waitless config status}).
 */
package io.waitless.reload;
