/**
 * Spoken prompts and hold audio for Asterisk: renders the configured texts and promotion clips
 * with FreeTTS ({@code kevin}, 8 kHz native, captured in memory, no sound card) into canonical
 * 8 kHz 16-bit mono WAV files under {@code <prompts>/<lang>/waitless/}, skipping unchanged ones by
 * a {@link io.waitless.prompts.Manifest}; lays out one music-on-hold class folder per promotion
 * (hold music or a generated tone, then the clip ending in the offer) with its
 * {@code musiconhold.conf} section and {@link io.waitless.prompts.ClipSchedule}. It owns the WAV
 * format ({@link io.waitless.prompts.Wav}) and may depend only on the JDK, FreeTTS and the
 * {@code config} and {@code deflect} records; nothing here runs during a call, except that a node
 * reads the manifest and clip schedules at start-up.
 */
package io.waitless.prompts;
