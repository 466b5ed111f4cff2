package io.waitless.cli;

import io.waitless.config.WaitlessConfig;

import java.nio.file.Path;

/** Loads the config for commands, secrets from the process environment. */
final class ConfigLoaderBridge {
    private ConfigLoaderBridge() {}

    static WaitlessConfig load(Path p) {
        return new io.waitless.config.ConfigLoader(System.getenv()).load(p);
    }

    /** Loads the config and its warnings (a demo secret in use, a two-segment SMS template…). */
    static io.waitless.config.ConfigLoader.Loaded loadWithWarnings(Path p) {
        return new io.waitless.config.ConfigLoader(System.getenv()).loadWithWarnings(p);
    }
}
