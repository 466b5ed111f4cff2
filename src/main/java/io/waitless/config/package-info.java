/**
 * Configuration: reads {@code config/waitless.yaml} (YAML 1.2 through snakeyaml-engine's node tree, so
 * every value keeps its line) into the one immutable {@link io.waitless.config.WaitlessConfig} record
 * tree, substitutes {@code ${NAME}} secrets from the environment, and validates it all at once, refusing
 * a bad file with every error named by file, line and dotted key (unknown keys included). It owns the
 * config records, the YAML schema and its rules ({@link io.waitless.config.ConfigLoader},
 * {@link io.waitless.config.Durations}, {@link io.waitless.config.Cidr}); it may depend on the JDK, on
 * snakeyaml-engine and on the core records of {@code io.waitless.deflect}, and on nothing else: adapters
 * receive their part of the config, they are never looked up from here.
 */
package io.waitless.config;
