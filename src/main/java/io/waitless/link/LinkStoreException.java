package io.waitless.link;

import io.waitless.WaitlessException;

/** The link store could not be reached or answered wrongly. */
public class LinkStoreException extends WaitlessException {
    public LinkStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
