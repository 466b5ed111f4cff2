package io.waitless.ami;

import io.waitless.WaitlessException;

/** The AMI could not be reached, refused the login, timed out or dropped the connection. */
public class AmiException extends WaitlessException {
    public AmiException(String message) {
        super(message);
    }

    public AmiException(String message, Throwable cause) {
        super(message, cause);
    }
}
