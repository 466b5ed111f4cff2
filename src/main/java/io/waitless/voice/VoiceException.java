package io.waitless.voice;

/** The AGI side could not run AudioSocket at all (the caller hung up, the connection broke). */
public final class VoiceException extends RuntimeException {
    public VoiceException(String message, Throwable cause) {
        super(message, cause);
    }
}
