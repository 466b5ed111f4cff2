package io.waitless.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code waitless} command line. Each subcommand lives in its own class in this package.
 * Exit codes: 0 success, 1 a check failed or the work could not be done, 2 bad usage.
 */
@Command(name = "waitless",
        mixinStandardHelpOptions = true,
        versionProvider = WaitlessCommand.Version.class,
        description = "Turns time in an Asterisk queue into a path to digital self-service.",
        subcommands = {
                ServeCommand.class,
                ConfigCommand.class,
                PromptsCommand.class,
                SimulateCallCommand.class,
                DemoCommand.class,
                OptOutCommand.class,
                FollowUpCommand.class,
                ChannelCommand.class,
                ReportCommand.class,
                JournalCommand.class,
                ForgetCommand.class,
                BenchCommand.class,
                SmsCommand.class,
                SpeechCommand.class,
                IntentCommand.class,
                DashboardCommand.class,
        })
public final class WaitlessCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new WaitlessCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = WaitlessCommand.class.getPackage().getImplementationVersion();
            return new String[] {"waitless " + (v == null ? "(development build)" : v),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
