package io.waitless.cli;

import io.waitless.config.WaitlessConfig;
import io.waitless.journal.FunnelRebuild;
import io.waitless.journal.RedisJournal;
import io.waitless.journal.Retention;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import redis.clients.jedis.UnifiedJedis;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.Locale;

/** {@code waitless journal}: upkeep of the event stream and its daily funnel rollups in Redis. */
@Command(name = "journal", mixinStandardHelpOptions = true,
        description = "Upkeep of the journal in Redis: rebuild the funnel rollups, trim old events.",
        subcommands = {JournalCommand.Rebuild.class, JournalCommand.Trim.class})
final class JournalCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "rebuild", mixinStandardHelpOptions = true,
            description = {"Recount the daily funnel rollups of the days asked from the event stream (the source of",
                    "truth), for example after a bug fix or a change of company.timezone. Safe while nodes run:",
                    "events written meanwhile are counted once. Days older than journal.retention cannot be",
                    "rebuilt (their events are gone; their rollups are kept). Exit 2 for such a range."})
    static final class Rebuild extends OnJournal {
        @Option(names = "--from", paramLabel = "DATE", description = "First day, YYYY-MM-DD (default: the first day the stream holds whole, or 90 days back).")
        LocalDate from;

        @Option(names = "--to", paramLabel = "DATE", description = "Last day, YYYY-MM-DD, included (default: today).")
        LocalDate to;

        @Override
        int run(WaitlessConfig cfg, UnifiedJedis redis, RedisJournal journal, PrintWriter out, PrintWriter err) {
            FunnelRebuild rebuild = new FunnelRebuild(redis, cfg.redis().keyPrefix(), cfg.company().timezone(),
                    cfg.journal());
            LocalDate last = to != null ? to : LocalDate.now(clock.withZone(cfg.company().timezone()));
            LocalDate first = from != null ? from : rebuild.firstWholeDay()
                    .filter(d -> !d.isAfter(last)).orElse(last.minusDays(89));
            long[] shown = {0};
            FunnelRebuild.Result r;
            try {
                r = rebuild.rebuild(first, last, n -> {
                    if (n - shown[0] >= 1_000_000) {
                        shown[0] = n;
                        err.printf(Locale.ROOT, "  %,d events read%n", n);
                        err.flush();
                    }
                });
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage());
                return 2;
            }
            out.printf(Locale.ROOT, "rebuilt the funnel rollups of %s to %s from %,d events in %.1f s%n", r.from(), r.to(),
                    r.events(), r.took().toMillis() / 1000.0);
            out.flush();
            return 0;
        }
    }

    @Command(name = "trim", mixinStandardHelpOptions = true,
            description = {"Trim events older than journal.retention from the stream now (every node also does it",
                    "hourly). The daily rollups are kept."})
    static final class Trim extends OnJournal {
        @Override
        int run(WaitlessConfig cfg, UnifiedJedis redis, RedisJournal journal, PrintWriter out, PrintWriter err) {
            long n = new Retention(redis, cfg.redis().keyPrefix(), cfg.journal().retention(), clock).trim();
            out.printf(Locale.ROOT, "trimmed %,d events older than %s%n", n,
                    io.waitless.config.Durations.format(cfg.journal().retention()));
            out.flush();
            return 0;
        }
    }
}
