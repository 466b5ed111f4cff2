package io.waitless.cli;

import io.waitless.config.WaitlessConfig;

import java.nio.file.Path;

/** Loads the config for commands, secrets from the process environment. */
final class ConfigLoaderBridge {
    private ConfigLoaderBridge() {}

    static WaitlessConfig load(Path p) {
        return new io.waitless.config.ConfigLoader(System.getenv()).load(p);
    }
}
