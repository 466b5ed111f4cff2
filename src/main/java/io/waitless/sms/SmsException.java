package io.waitless.sms;

import io.waitless.WaitlessException;

/** A text could not be handed to the gateway. {@link #retryable()} tells whether trying again may help. */
public class SmsException extends WaitlessException {
    private final boolean retryable;

    public SmsException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public SmsException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
