package io.waitless.cli;

import io.waitless.config.ConfigException;
import io.waitless.config.ConfigLoader;
import io.waitless.config.WaitlessConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
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

    @Command(name = "check",
            description = "Loads and validates FILE; lists every error with its line. Exit 0 when good, 1 when not.")
    static final class Check implements Callable<Integer> {

        @CommandLine.ParentCommand
        ConfigCommand parent;

        @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

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
     * validated config when it loads, else read leniently from its {@code redis} keys.
     */
    WaitlessConfig.Redis redis(Path file, PrintWriter err) {
        try {
            return new ConfigLoader(env).load(file).redis();
        } catch (ConfigException e) {
            err.println("note: " + file + " does not load (" + e.getMessage().lines().findFirst().orElse("") + ")"
                    + "; reading its redis settings as written");
        }
        Map<String, String> flat;
        try {
            flat = io.waitless.reload.ConfigDiff.flatten(java.nio.file.Files.readString(file));
        } catch (java.io.IOException | IllegalArgumentException e) {
            flat = Map.of();
        }
        String uri = substitute(unquote(flat.getOrDefault("redis.uri", "redis://127.0.0.1:6379/0")));
        String password = substitute(unquote(flat.getOrDefault("redis.password", "")));
        String prefix = substitute(unquote(flat.getOrDefault("redis.key-prefix", "waitless:")));
        return new WaitlessConfig.Redis(java.net.URI.create(uri), password, prefix, java.time.Duration.ofMillis(500));
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    private String substitute(String v) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}").matcher(v);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.getOrDefault(m.group(1), "");
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(
                    value.isEmpty() && m.group(2) != null ? m.group(2) : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Reads every node's status, or says why not. */
    java.util.Optional<java.util.List<io.waitless.reload.ReloadStatus>> statuses(Path file, PrintWriter err) {
        WaitlessConfig.Redis r = redis(file, err);
        try (redis.clients.jedis.RedisClient client = io.waitless.journal.RedisConnector.connect(r)) {
            return java.util.Optional.of(new io.waitless.journal.RedisReloadBoard(client, r.keyPrefix()).all());
        } catch (io.waitless.reload.ReloadBoard.BoardUnavailableException | redis.clients.jedis.exceptions.JedisException e) {
            err.println("the nodes' config status in Redis (" + r.uri() + ") cannot be read: " + e.getMessage());
            return java.util.Optional.empty();
        }
    }

    @Command(name = "status",
            description = "What each running node has applied: its version, the file's version on disk, the last reload's"
                    + " changes, a refused version's problems, and changes waiting for a restart. Exit 0 when every"
                    + " node runs the file on disk, 1 when not (or Redis cannot be read).")
    static final class Status implements Callable<Integer> {
        @CommandLine.ParentCommand
        ConfigCommand parent;

        @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", defaultValue = "config/waitless.yaml",
                description = "The config file the nodes run (default: ${DEFAULT-VALUE}).")
        Path file;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String onDisk;
            try {
                onDisk = io.waitless.reload.ConfigReloader.hash(java.nio.file.Files.readString(file));
            } catch (java.io.IOException e) {
                err.println("cannot read " + file + ": " + e.getMessage());
                return 1;
            }
            java.util.Optional<java.util.List<io.waitless.reload.ReloadStatus>> all = parent.statuses(file, err);
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
            for (io.waitless.reload.ReloadStatus s : all.get()) {
                boolean current = s.running().equals(onDisk);
                allCurrent &= current;
                out.printf("%s: %s, runs %s%s, at %s%n", s.node(), s.state().name().toLowerCase(java.util.Locale.ROOT),
                        s.running(), current ? " (the file on disk)" : " (not the file on disk)", s.at());
                if (s.state() == io.waitless.reload.ReloadStatus.State.REFUSED) {
                    out.println("  refused version " + s.attempted() + ":");
                    s.problems().forEach(p -> out.println("    " + p));
                }
                if (!s.changes().isEmpty() && s.state() != io.waitless.reload.ReloadStatus.State.STARTED) {
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
    static final class Diff implements Callable<Integer> {
        @CommandLine.ParentCommand
        ConfigCommand parent;

        @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

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
                next = io.waitless.reload.ConfigDiff.flatten(java.nio.file.Files.readString(file));
            } catch (java.io.IOException | IllegalArgumentException e) {
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
            Map<String, java.util.List<String>> byVersion = new java.util.LinkedHashMap<>();
            Map<String, Map<String, String>> snapshots = new java.util.LinkedHashMap<>();
            if (from != null) {
                try {
                    snapshots.put(from.toString(), io.waitless.reload.ConfigDiff.flatten(java.nio.file.Files.readString(from)));
                    byVersion.put(from.toString(), java.util.List.of(from.toString()));
                } catch (java.io.IOException | IllegalArgumentException e) {
                    err.println("cannot read " + from + ": " + e.getMessage());
                    err.flush();
                    return 2;
                }
            } else {
                java.util.Optional<java.util.List<io.waitless.reload.ReloadStatus>> all = parent.statuses(file, err);
                if (all.isEmpty()) {
                    err.flush();
                    return 2;
                }
                if (all.get().isEmpty()) {
                    err.println("no running node has reported its config; compare two files with --from OLD");
                    err.flush();
                    return 2;
                }
                for (io.waitless.reload.ReloadStatus s : all.get()) {
                    byVersion.computeIfAbsent(s.running(), k -> new java.util.ArrayList<>()).add(s.node());
                    snapshots.putIfAbsent(s.running(), s.snapshot());
                }
            }
            boolean differs = false;
            for (Map.Entry<String, java.util.List<String>> v : byVersion.entrySet()) {
                java.util.List<io.waitless.reload.ConfigDiff.Change> changes =
                        io.waitless.reload.ConfigDiff.between(snapshots.get(v.getKey()), next);
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
