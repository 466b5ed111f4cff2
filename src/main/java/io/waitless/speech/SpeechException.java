package io.waitless.speech;

import io.waitless.WaitlessException;

/** A recognizer could not be built, or a session failed or missed its deadline; the message says which. */
public class SpeechException extends WaitlessException {
    public SpeechException(String message) {
        super(message);
    }

    public SpeechException(String message, Throwable cause) {
        super(message, cause);
    }
}
