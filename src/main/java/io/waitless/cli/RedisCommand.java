package io.waitless.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.waitless.App;
import io.waitless.config.ConfigException;
import io.waitless.config.WaitlessConfig;
import io.waitless.journal.RedisConnector;
import io.waitless.journal.RedisJournal;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import redis.clients.jedis.UnifiedJedis;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * A command that works on the node's shared state in Redis ({@code optout}, {@code channel}): loads the config
 * ({@code -c}), opens Redis and the journal, runs, and turns "Redis cannot be reached" into one line on stderr
 * and exit 1. A config that does not load is printed and exits 1 too.
 */
abstract class RedisCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, defaultValue = "config/waitless.yaml",
            description = "Config file (default: ${DEFAULT-VALUE}).")
    Path config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        WaitlessConfig cfg;
        try {
            cfg = ConfigLoaderBridge.load(config);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 1;
        }
        try (UnifiedJedis redis = RedisConnector.connect(cfg.redis());
             RedisJournal journal = new RedisJournal(redis, cfg.redis().keyPrefix(), App.STREAM_MAX_LENGTH,
                     cfg.company().timezone(), cfg.journal().withoutSpool(), cfg.redis().timeout(), new SimpleMeterRegistry())) {
            return run(cfg, redis, journal, spec.commandLine().getOut(), err);
        } catch (RuntimeException e) {
            if (!unreachable(e)) {
                throw e;
            }
            err.println(store() + " in Redis (" + cfg.redis().where() + ") cannot be reached: " + e.getMessage());
            return 1;
        }
    }

    abstract int run(WaitlessConfig cfg, UnifiedJedis redis, RedisJournal journal, PrintWriter out, PrintWriter err);

    /** What the command works on, for the message: {@code the opt-out list}. */
    abstract String store();

    /** Whether {@code e} is the store's way of saying Redis could not be reached. */
    abstract boolean unreachable(RuntimeException e);
}
