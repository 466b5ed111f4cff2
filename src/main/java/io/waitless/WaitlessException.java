package io.waitless;

/** The one unchecked root of every failure Waitless reports; subclasses are named by the failure. */
public class WaitlessException extends RuntimeException {
    public WaitlessException(String message) {
        super(message);
    }

    public WaitlessException(String message, Throwable cause) {
        super(message, cause);
    }
}
