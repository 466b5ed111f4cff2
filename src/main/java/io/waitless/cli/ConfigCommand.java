package io.waitless.cli;

import io.waitless.config.ConfigException;
import io.waitless.config.ConfigLoader;
import io.waitless.config.WaitlessConfig;
import io.waitless.journal.RedisConnector;
import io.waitless.journal.RedisReloadBoard;
import io.waitless.reload.ConfigDiff;
import io.waitless.reload.ConfigReloader;
import io.waitless.reload.ReloadBoard;
import io.waitless.reload.ReloadStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code waitless config}: work with the configuration file. {@code waitless config check FILE} loads
 * and validates a file without starting anything: exit 0 and one OK line, or exit 1 and every error
 * (one per line, each with file:line) on standard error. {@code config status} shows the version each running
 * node has applied (from Redis), and why a refused one was refused; {@code config diff} shows what a reload of
 * the file would change on the running nodes (or between two files), and which changes need a restart.
 */
@Command(name = "config",
        description = "Checks the configuration file, shows what a reload would change and what each node runs.",
        subcommands = {ConfigCommand.Check.class, ConfigCommand.Status.class, ConfigCommand.Diff.class})
public final class ConfigCommand implements Runnable {

    private final Map<String, String> env;

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Substitutes {@code ${NAME}} from the process environment. */
    public ConfigCommand() {
        this(System.getenv());
    }

    /** Substitutes {@code ${NAME}} from {@code env} (for tests). */
    public ConfigCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What every subcommand shares: the parent's environment, a help option and the command line's writers. */
    abstract static class Sub implements Callable<Integer> {
        @CommandLine.ParentCommand
        ConfigCommand parent;

        @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
    }

    @Command(name = "check",
            description = "Loads and validates FILE; lists every error with its line. Exit 0 when good, 1 when not.")
    static final class Check extends Sub {

        @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", defaultValue = "config/waitless.yaml",
                description = "The config file (default: ${DEFAULT-VALUE}); relative paths inside it start at the working directory.")
        Path file;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                ConfigLoader.Loaded loaded = new ConfigLoader(parent.env).loadWithWarnings(file);
                loaded.warnings().forEach(w -> err.println("warning: " + w));
                WaitlessConfig c = loaded.config();
                out.println("OK: " + file + " (" + count(c.promotions().size(), "promotion") + ", "
                        + count(c.flows().size(), "flow") + ", " + count(c.queues().size(), "queue") + ")");
                out.flush();
                err.flush();
                return 0;
            } catch (ConfigException e) {
                err.println(e.getMessage());
                err.flush();
                return 1;
            }
        }

        private static String count(int n, String noun) {
            return n + " " + noun + (n == 1 ? "" : "s");
        }
    }

    /**
     * The Redis settings of a file, to find the nodes' statuses even when the file itself is refused: from the
     * validated config when it loads, else from its {@code redis} section alone, else the defaults.
     */
    WaitlessConfig.Redis redis(Path file, PrintWriter err) {
        ConfigLoader loader = new ConfigLoader(env);
        try {
            return loader.load(file).redis();
        } catch (ConfigException e) {
            err.println("note: " + file + " does not load (" + e.getMessage().lines().findFirst().orElse("") + ")"
                    + "; reading its redis settings as written");
        }
        return loader.redisOf(file).orElseGet(() -> new WaitlessConfig.Redis(URI.create("redis://127.0.0.1:6379/0"),
                "", "waitless:", Duration.ofMillis(500)));
    }

    /** Reads every node's status, or says why not. */
    Optional<List<ReloadStatus>> statuses(Path file, PrintWriter err) {
        WaitlessConfig.Redis r = redis(file, err);
        try (UnifiedJedis client = RedisConnector.connect(r)) {
            return Optional.of(new RedisReloadBoard(client, r.keyPrefix()).all());
        } catch (ReloadBoard.BoardUnavailableException | JedisException e) {
            err.println("the nodes' config status in Redis (" + r.uri() + ") cannot be read: " + e.getMessage());
            return Optional.empty();
        }
    }

    @Command(name = "status",
            description = "What each running node has applied: its version, the file's version on disk, the last reload's"
                    + " changes, a refused version's problems, and changes waiting for a restart. Exit 0 when every"
                    + " node runs the file on disk, 1 when not (or Redis cannot be read).")
    static final class Status extends Sub {

        @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", defaultValue = "config/waitless.yaml",
                description = "The config file the nodes run (default: ${DEFAULT-VALUE}).")
        Path file;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String onDisk;
            try {
                onDisk = ConfigReloader.hash(Files.readString(file));
            } catch (IOException e) {
                err.println("cannot read " + file + ": " + e.getMessage());
                return 1;
            }
            Optional<List<ReloadStatus>> all = parent.statuses(file, err);
            if (all.isEmpty()) {
                err.flush();
                return 1;
            }
            out.println("file " + file + ": version " + onDisk);
            if (all.get().isEmpty()) {
                out.println("no running node has reported (nodes report at start and at each reload)");
                out.flush();
                err.flush();
                return 0;
            }
            boolean allCurrent = true;
            for (ReloadStatus s : all.get()) {
                boolean current = s.running().equals(onDisk);
                allCurrent &= current;
                out.printf("%s: %s, runs %s%s, at %s%n", s.node(), s.state().name().toLowerCase(Locale.ROOT),
                        s.running(), current ? " (the file on disk)" : " (not the file on disk)", s.at());
                if (s.state() == ReloadStatus.State.REFUSED) {
                    out.println("  refused version " + s.attempted() + ":");
                    s.problems().forEach(p -> out.println("    " + p));
                }
                if (!s.changes().isEmpty() && s.state() != ReloadStatus.State.STARTED) {
                    out.println("  last reload changed:");
                    s.changes().forEach(c -> out.println("    " + c));
                }
                if (!s.restart().isEmpty()) {
                    out.println("  waiting for a restart: " + String.join(", ", s.restart()));
                }
            }
            out.flush();
            err.flush();
            return allCurrent ? 0 : 1;
        }
    }

    @Command(name = "diff",
            description = "What a reload of FILE would change on the running nodes (from their status in Redis), or"
                    + " between --from OLD and FILE. Changes that need a restart are marked. Exit 0 when nothing"
                    + " differs, 1 when something does, 2 when a file or Redis cannot be read.")
    static final class Diff extends Sub {

        @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", defaultValue = "config/waitless.yaml",
                description = "The new config file (default: ${DEFAULT-VALUE}).")
        Path file;

        @CommandLine.Option(names = "--from", paramLabel = "OLD", description = "Compare with this file instead of the running nodes.")
        Path from;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Map<String, String> next;
            try {
                next = ConfigDiff.flatten(Files.readString(file));
            } catch (IOException | IllegalArgumentException e) {
                err.println("cannot read " + file + ": " + e.getMessage());
                err.flush();
                return 2;
            }
            try {
                new ConfigLoader(parent.env).load(file);
            } catch (ConfigException e) {
                err.println("warning: a reload would refuse " + file + ":");
                err.println(e.getMessage());
            }
            Map<String, List<String>> byVersion = new LinkedHashMap<>();
            Map<String, Map<String, String>> snapshots = new LinkedHashMap<>();
            if (from != null) {
                try {
                    snapshots.put(from.toString(), ConfigDiff.flatten(Files.readString(from)));
                    byVersion.put(from.toString(), List.of(from.toString()));
                } catch (IOException | IllegalArgumentException e) {
                    err.println("cannot read " + from + ": " + e.getMessage());
                    err.flush();
                    return 2;
                }
            } else {
                Optional<List<ReloadStatus>> all = parent.statuses(file, err);
                if (all.isEmpty()) {
                    err.flush();
                    return 2;
                }
                if (all.get().isEmpty()) {
                    err.println("no running node has reported its config; compare two files with --from OLD");
                    err.flush();
                    return 2;
                }
                for (ReloadStatus s : all.get()) {
                    byVersion.computeIfAbsent(s.running(), k -> new ArrayList<>()).add(s.node());
                    snapshots.putIfAbsent(s.running(), s.snapshot());
                }
            }
            boolean differs = false;
            for (Map.Entry<String, List<String>> v : byVersion.entrySet()) {
                List<ConfigDiff.Change> changes =
                        ConfigDiff.between(snapshots.get(v.getKey()), next);
                String who = from != null ? from.toString() : "running on " + String.join(", ", v.getValue())
                        + " (version " + v.getKey() + ")";
                if (changes.isEmpty()) {
                    out.println(file + " is the same as " + who);
                    continue;
                }
                differs = true;
                long restart = changes.stream().filter(c -> !c.reloadable()).count();
                out.println(file + " against " + who + ": " + changes.size() + " change(s)"
                        + (restart == 0 ? ", all applied by a reload" : ", " + restart + " of them only at a restart"));
                changes.forEach(c -> out.println("  " + c.describe()));
            }
            out.flush();
            err.flush();
            return differs ? 1 : 0;
        }
    }
}
