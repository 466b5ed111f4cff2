package io.waitless.prompts;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One clip to render: its id (also its file name, {@code <id>.wav}, and what the dialplan plays as
 * {@code waitless/<id>}) and the text spoken.
 */
public record Prompt(String id, String text) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    public Prompt {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
        if (!ID.matcher(id).matches()) {
            throw new PromptException("prompt id '" + id + "' must be lower-case letters, digits, '-' or '_'"
                    + " (it becomes a file name Asterisk plays)");
        }
        if (text.isBlank()) {
            throw new PromptException("prompt '" + id + "' has no text");
        }
    }
}
