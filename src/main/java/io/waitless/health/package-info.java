/**
 * Health of the digital channels the node promotes: {@link io.waitless.health.ChannelMonitor} probes each
 * channel's health URL with the JDK's HTTP client, applies manual overrides read from the shared
 * {@link io.waitless.deflect.ChannelBoard}, and answers {@link io.waitless.deflect.ChannelStates#up} from
 * memory. It may depend on the JDK, SLF4J, Micrometer and the core packages ({@code call}, {@code deflect}).
 */
package io.waitless.health;
