package io.waitless.prompts;

/** Whether a prompt's clip on disk matches the config, as seen by {@code prompts build --check}. */
public enum PromptState {
    /** Clip present and built from the same text, voice, rate and pitch. */
    UP_TO_DATE,
    /** Clip present but the text, voice, rate or pitch changed since it was built. */
    OUTDATED,
    /** No clip on disk. */
    MISSING
}
