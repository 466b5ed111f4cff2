package io.waitless.prompts;

import io.waitless.WaitlessException;

/** Prompts or hold audio could not be built or read; the message names the file or prompt id. */
public class PromptException extends WaitlessException {
    public PromptException(String message) {
        super(message);
    }

    public PromptException(String message, Throwable cause) {
        super(message, cause);
    }
}
