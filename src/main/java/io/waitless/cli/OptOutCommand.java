package io.waitless.cli;

import io.waitless.call.CallEvent;
import io.waitless.call.EventType;
import io.waitless.call.PhoneMask;
import io.waitless.config.WaitlessConfig;
import io.waitless.deflect.OptOuts;
import io.waitless.journal.RedisJournal;
import io.waitless.journal.RedisOptOuts;
import io.waitless.phone.PhoneNumberPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import redis.clients.jedis.UnifiedJedis;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code waitless optout add|remove|list}: the operators' view of the opt-out list in Redis. Numbers are
 * normalised with libphonenumber (national numbers in {@code callers.default-region}) and stored only as the
 * caller reference; output shows them masked. Exit 1 when Redis cannot be reached or the number is not valid.
 */
@Command(name = "optout", mixinStandardHelpOptions = true,
        description = "Add, remove or list numbers that must never be texted.",
        subcommands = {OptOutCommand.Add.class, OptOutCommand.Remove.class, OptOutCommand.ListAll.class})
final class OptOutCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What every subcommand shares: the config, Redis, and the work to do with them. */
    abstract static class Base extends RedisCommand {
        @Override
        int run(WaitlessConfig cfg, UnifiedJedis redis, RedisJournal journal, PrintWriter out, PrintWriter err) {
            return run(cfg, new RedisOptOuts(redis, cfg.redis().keyPrefix()), journal, out);
        }

        @Override
        String store() {
            return "the opt-out list";
        }

        @Override
        boolean unreachable(RuntimeException e) {
            return e instanceof OptOuts.OptOutUnavailableException;
        }

        abstract int run(WaitlessConfig cfg, OptOuts optOuts, RedisJournal journal, PrintWriter out);

        /** A number as the opt-out list knows it: its caller reference, and how people may see it. */
        record Number(String ref, String masked) {}

        /** The number's E.164 form and reference, or a message on stderr and empty. */
        Optional<Number> number(WaitlessConfig cfg, String raw) {
            PhoneNumberPolicy policy = new PhoneNumberPolicy(cfg.callers());
            Optional<String> e164 = policy.normalize(raw);
            if (e164.isEmpty()) {
                spec.commandLine().getErr().println("'" + PhoneMask.mask(raw) + "' is not a valid phone number"
                        + " (national numbers are read in " + cfg.callers().defaultRegion() + ")");
                return Optional.empty();
            }
            return Optional.of(new Number(policy.reference(e164.get()), PhoneMask.mask(e164.get())));
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Never text this number again.")
    static final class Add extends Base {
        @Parameters(index = "0", description = "The phone number (E.164 or national).")
        String number;

        @Option(names = "--source", defaultValue = "cli", description = "Why, as recorded (default: ${DEFAULT-VALUE}).")
        String source;

        @Override
        int run(WaitlessConfig cfg, OptOuts optOuts, RedisJournal journal, PrintWriter out) {
            Optional<Number> n = number(cfg, number);
            if (n.isEmpty()) {
                return 1;
            }
            String masked = n.get().masked();
            Instant now = Clock.systemUTC().instant();
            boolean added = optOuts.add(new OptOuts.Entry(n.get().ref(), masked, now, source));
            if (added) {
                journal.append(CallEvent.of(EventType.OPTOUT_ADDED, now, "").with("caller", n.get().ref())
                        .with("number", masked).with("source", source).build());
            }
            out.println(added ? "opted out: " + masked : "already opted out: " + masked);
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Allow texts to this number again.")
    static final class Remove extends Base {
        @Parameters(index = "0", description = "The phone number (E.164 or national).")
        String number;

        @Override
        int run(WaitlessConfig cfg, OptOuts optOuts, RedisJournal journal, PrintWriter out) {
            Optional<Number> n = number(cfg, number);
            if (n.isEmpty()) {
                return 1;
            }
            String masked = n.get().masked();
            boolean removed = optOuts.remove(n.get().ref());
            if (removed) {
                journal.append(CallEvent.of(EventType.OPTOUT_REMOVED, Clock.systemUTC().instant(), "")
                        .with("caller", n.get().ref()).with("number", masked).with("source", "cli").build());
            }
            out.println(removed ? "opt-out removed: " + masked : "was not opted out: " + masked);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every opt-out, newest first.")
    static final class ListAll extends Base {
        @Override
        int run(WaitlessConfig cfg, OptOuts optOuts, RedisJournal journal, PrintWriter out) {
            List<OptOuts.Entry> all = optOuts.list();
            out.printf("%-16s  %-24s  %s%n", "number", "when (UTC)", "source");
            all.forEach(e -> out.printf("%-16s  %-24s  %s%n", e.masked(), e.at(), e.source()));
            out.println(all.size() + " opted out");
            return 0;
        }
    }
}
