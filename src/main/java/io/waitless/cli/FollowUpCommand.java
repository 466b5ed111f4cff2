package io.waitless.cli;

import io.waitless.config.WaitlessConfig;
import io.waitless.followup.DueQueue;
import io.waitless.followup.ItemView;
import io.waitless.followup.RedisDueQueue;
import io.waitless.journal.RedisJournal;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import redis.clients.jedis.UnifiedJedis;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code waitless followup list|cancel|run-now}: the operators' view of the follow-up queue in Redis. Numbers
 * appear masked only (the queue keeps them encrypted). Exit codes: 0 done, 1 Redis cannot be reached or the config
 * does not load, 2 bad input (also: the item is in a state that does not allow it), 3 no such follow-up.
 */
@Command(name = "followup", mixinStandardHelpOptions = true,
        description = "List, cancel or run now the follow-ups (surveys, texts, alert webhooks) waiting in Redis.",
        subcommands = {FollowUpCommand.ListItems.class, FollowUpCommand.Cancel.class, FollowUpCommand.RunNow.class})
final class FollowUpCommand implements Runnable {
    static final int BAD_INPUT = 2;
    static final int NOT_FOUND = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    abstract static class Base extends RedisCommand {
        @Override
        int run(WaitlessConfig cfg, UnifiedJedis redis, RedisJournal journal, PrintWriter out, PrintWriter err) {
            return run(new RedisDueQueue(redis, cfg.redis().keyPrefix(), cfg.followUp().keep()), out, err);
        }

        abstract int run(DueQueue queue, PrintWriter out, PrintWriter err);

        @Override
        String store() {
            return "the follow-up queue";
        }

        @Override
        boolean unreachable(RuntimeException e) {
            return e instanceof DueQueue.FollowUpStoreException;
        }

        static boolean wellFormed(String id, PrintWriter err) {
            if (id.isBlank() || id.length() > 200 || id.chars().anyMatch(Character::isWhitespace)) {
                err.println("'" + id.strip() + "' is not a follow-up id (like survey:Ab3dE5fG7h9K, as listed)");
                return false;
            }
            return true;
        }

        int changed(DueQueue.Change c, String id, String done, String notAllowed, PrintWriter out, PrintWriter err) {
            return switch (c) {
                case CHANGED -> {
                    out.println(done + ": " + id);
                    yield 0;
                }
                case NOT_FOUND -> {
                    err.println("no follow-up " + id + " (finished ones are kept for followup.keep)");
                    yield NOT_FOUND;
                }
                case NOT_ALLOWED -> {
                    err.println(id + ": " + notAllowed);
                    yield BAD_INPUT;
                }
            };
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Follow-ups waiting, leased by a node, or failed (all three without an option).")
    static final class ListItems extends Base {
        @Option(names = "--due", description = "Only those waiting for their time.")
        boolean due;
        @Option(names = "--leased", description = "Only those a node is running now.")
        boolean leased;
        @Option(names = "--failed", description = "Only those given up.")
        boolean failed;
        @Option(names = "--limit", defaultValue = "100", description = "At most this many of each (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        int run(DueQueue queue, PrintWriter out, PrintWriter err) {
            if (limit < 1 || limit > 10_000) {
                err.println("--limit must be 1 to 10000");
                return BAD_INPUT;
            }
            List<ItemView.Status> which = new ArrayList<>();
            if (due) {
                which.add(ItemView.Status.DUE);
            }
            if (leased) {
                which.add(ItemView.Status.LEASED);
            }
            if (failed) {
                which.add(ItemView.Status.FAILED);
            }
            if (which.isEmpty()) {
                which = List.of(ItemView.Status.DUE, ItemView.Status.LEASED, ItemView.Status.FAILED);
            }
            out.printf("%-40s  %-13s  %-7s  %-24s  %-8s  %-16s  %-20s  %s%n", "id", "kind", "status",
                    "at (UTC)", "attempts", "number", "node", "last result");
            for (ItemView.Status s : which) {
                for (ItemView v : queue.list(s, limit)) {
                    out.printf("%-40s  %-13s  %-7s  %-24s  %-8d  %-16s  %-20s  %s%n", v.id(), v.kind(),
                            v.status().wireName(), v.at(), v.attempts(), v.payload().getOrDefault("masked", ""),
                            v.owner(), v.lastError());
                }
                out.println(queue.count(s) + " " + s.wireName());
            }
            return 0;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancel a waiting or leased follow-up (a send already under way is not recalled).")
    static final class Cancel extends Base {
        @Parameters(index = "0", description = "The follow-up id, as listed.")
        String id;

        @Override
        int run(DueQueue queue, PrintWriter out, PrintWriter err) {
            if (!wellFormed(id, err)) {
                return BAD_INPUT;
            }
            return changed(queue.cancel(id), id, "cancelled", "already finished; only waiting or leased follow-ups"
                    + " can be cancelled", out, err);
        }
    }

    @Command(name = "run-now", mixinStandardHelpOptions = true,
            description = "Make a waiting or failed follow-up due now (a failed one starts its attempts again).")
    static final class RunNow extends Base {
        @Parameters(index = "0", description = "The follow-up id, as listed.")
        String id;

        @Override
        int run(DueQueue queue, PrintWriter out, PrintWriter err) {
            if (!wellFormed(id, err)) {
                return BAD_INPUT;
            }
            return changed(queue.runNow(id), id, "due now", "is leased, done or cancelled; only waiting or failed"
                    + " follow-ups can be run now", out, err);
        }
    }
}
