package io.waitless.config;

import io.waitless.WaitlessException;

/** A configuration value was missing or wrong; the message names the key, the file and the line. */
public class ConfigException extends WaitlessException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
