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
 * (one per line, each with file:line) on standard error.
 */
@Command(name = "config",
        description = "Checks the configuration file.",
        subcommands = {ConfigCommand.Check.class})
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
}
