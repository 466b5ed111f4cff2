package io.waitless.audiosocket;

import io.waitless.WaitlessException;

/** An AudioSocket peer broke the protocol: a frame Waitless cannot or will not read. */
public class AudioSocketException extends WaitlessException {
    public AudioSocketException(String message) {
        super(message);
    }
}
