package io.waitless.cli;

import io.waitless.App;
import io.waitless.config.WaitlessConfig;
import io.waitless.deflect.ChannelBoard;
import io.waitless.deflect.ChannelBoard.Manual;
import io.waitless.deflect.ChannelBoard.Seen;
import io.waitless.deflect.ChannelBoard.State;
import io.waitless.deflect.DigitalChannel;
import io.waitless.journal.RedisChannelBoard;
import io.waitless.journal.RedisJournal;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import redis.clients.jedis.UnifiedJedis;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code waitless channel status|down|up|auto}: the managers' switch for a digital channel, shared by every
 * node through Redis. {@code down} suspends its promotions and links at once (within a second on every
 * running node), {@code up} forces it up whatever its health check says, {@code auto} hands it back to the
 * check. Exit 1 when Redis cannot be reached or the channel is not configured.
 */
@Command(name = "channel", mixinStandardHelpOptions = true,
        description = "Show the digital channels' state, or set one down, up, or back to its health check.",
        subcommands = {ChannelCommand.Status.class, ChannelCommand.Down.class, ChannelCommand.Up.class,
                ChannelCommand.Auto.class})
final class ChannelCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What every subcommand shares: the config, the board in Redis and the journal. */
    abstract static class Base extends RedisCommand {
        @Override
        int run(WaitlessConfig cfg, UnifiedJedis redis, RedisJournal journal, PrintWriter out, PrintWriter err) {
            return run(cfg, new RedisChannelBoard(redis, cfg.redis().keyPrefix()), journal, out, err);
        }

        @Override
        String store() {
            return "the channel board";
        }

        @Override
        boolean unreachable(RuntimeException e) {
            return e instanceof ChannelBoard.BoardUnavailableException;
        }

        abstract int run(WaitlessConfig cfg, ChannelBoard board, RedisJournal journal, PrintWriter out, PrintWriter err);

        static Optional<DigitalChannel> channel(WaitlessConfig cfg, String id, PrintWriter err) {
            Optional<DigitalChannel> c = cfg.channels().stream().filter(x -> x.id().equals(id)).findFirst();
            if (c.isEmpty()) {
                err.println("there is no channel \"" + id + "\" (channels: "
                        + String.join(", ", cfg.channels().stream().map(DigitalChannel::id).toList()) + ")");
            }
            return c;
        }
    }

    /** Sets a manual state and journals the change once (nodes that see it later find it recorded). */
    abstract static class Set extends Base {
        @Parameters(paramLabel = "CHANNEL", description = "A channel id from the config (app, web, whatsapp...).")
        String id;

        @Option(names = "--reason", defaultValue = "", description = "Why, for the journal and the status.")
        String reason;

        @Option(names = "--by", description = "Who (default: the user name).")
        String by;

        abstract State state();

        @Override
        int run(WaitlessConfig cfg, ChannelBoard board, RedisJournal journal, PrintWriter out, PrintWriter err) {
            if (channel(cfg, id, err).isEmpty()) {
                return 1;
            }
            String who = by == null ? System.getProperty("user.name", "operator") : by;
            Instant now = Instant.now();
            Manual manual = new Manual(state(), reason, who, now);
            board.override(id, manual);
            String why = manual.why();
            if (board.transition(id, new Seen(state(), why, now))) {
                journal.append(ChannelBoard.changed(id, state(), why, "manual", now));
            }
            out.printf("channel %s: %s (%s); running nodes follow within %d s%n", id,
                    state().name().toLowerCase(Locale.ROOT), why, App.CHANNEL_OVERRIDE_REFRESH.toSeconds());
            out.flush();
            return 0;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true,
            description = "Suspend a channel on every node: its promotions stop, its links show a 'not available' page.")
    static final class Down extends Set {
        @Override
        State state() {
            return State.DOWN;
        }
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = "Force a channel up on every node, whatever its health check says.")
    static final class Up extends Set {
        @Override
        State state() {
            return State.UP;
        }
    }

    @Command(name = "auto", mixinStandardHelpOptions = true,
            description = "Remove a channel's manual state: its health check decides again (no check: up).")
    static final class Auto extends Base {
        @Parameters(paramLabel = "CHANNEL", description = "A channel id from the config.")
        String id;

        @Override
        int run(WaitlessConfig cfg, ChannelBoard board, RedisJournal journal, PrintWriter out, PrintWriter err) {
            if (channel(cfg, id, err).isEmpty()) {
                return 1;
            }
            boolean had = board.clear(id);
            out.printf("channel %s: %s%n", id, had ? "back to its health check" : "had no manual state");
            out.flush();
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Each channel: its last known state and why, any manual state, and its health check.")
    static final class Status extends Base {
        @Override
        int run(WaitlessConfig cfg, ChannelBoard board, RedisJournal journal, PrintWriter out, PrintWriter err) {
            Map<String, Manual> manual = board.overrides();
            Map<String, Seen> seen = board.seen();
            out.printf("%-10s %-5s %-9s %s%n", "channel", "state", "manual", "why / health check");
            for (DigitalChannel c : cfg.channels()) {
                Optional<Manual> m = Optional.ofNullable(manual.get(c.id()));
                Optional<Seen> s = Optional.ofNullable(seen.get(c.id()));
                State state = m.map(Manual::state).or(() -> s.map(Seen::state)).orElse(State.UP);
                String why = m.map(x -> "by " + x.by() + " at " + x.at() + (x.reason().isBlank() ? "" : ": " + x.reason()))
                        .or(() -> s.map(x -> x.reason() + " since " + x.at())).orElse("never reported down");
                String check = c.health().map(h -> "; checks " + h.url() + " every " + h.interval().toSeconds() + " s")
                        .orElse("; no health check");
                out.printf("%-10s %-5s %-9s %s%s%n", c.id(), state.name().toLowerCase(Locale.ROOT),
                        m.map(x -> x.state().name().toLowerCase(Locale.ROOT)).orElse("-"), why, check);
            }
            out.flush();
            return 0;
        }
    }
}
