package io.waitless.prompts;

import java.time.Duration;

/**
 * What happened to one prompt in a build.
 *
 * @param rendered true if FreeTTS spoke it in this build; false if the existing clip was kept
 * @param duration length of the clip on disk
 */
public record PromptResult(String id, boolean rendered, Duration duration) {

    /** {@code rendered reminder (3.42 s)} or {@code unchanged offer}. */
    public String describe() {
        return rendered ? String.format(java.util.Locale.ROOT, "rendered %s (%.2f s)", id, duration.toMillis() / 1000.0)
                : "unchanged " + id;
    }
}
