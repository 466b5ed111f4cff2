package io.waitless.cli;

import io.waitless.config.WaitlessConfig;
import io.waitless.journal.Forget;
import io.waitless.journal.RedisJournal;
import io.waitless.phone.PhoneNumberPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import redis.clients.jedis.UnifiedJedis;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code waitless forget NUMBER}: erases a caller's personal data from Redis at their request (see
 * {@link Forget}). The number is used only to compute the caller's reference; it is never stored or printed.
 */
@Command(name = "forget", mixinStandardHelpOptions = true,
        description = {"Erase a caller's personal data everywhere in Redis: their events, deflection records, journey,",
                "caller index, declined offers, SMS budget and follow-ups (queued surveys, answers, alerts). The daily rollups keep their anonymous counts; the",
                "opt-out list keeps their STOP (remove it first with 'optout remove' if they ask for that too).",
                "Writes a caller.forgotten event with only the counts. Exit 2 for a number that does not parse."})
final class ForgetCommand extends OnJournal {
    @CommandLine.Parameters(paramLabel = "NUMBER", description = "The caller's phone number (national or +E.164).")
    String number;

    @Option(names = "--index-only", description = {"Erase only what the caller index finds, without scanning the",
            "whole stream (fast; events written before the index existed would stay)."})
    boolean indexOnly;

    @Override
    int run(WaitlessConfig cfg, UnifiedJedis redis, RedisJournal journal, PrintWriter out, PrintWriter err) {
        PhoneNumberPolicy phones = new PhoneNumberPolicy(cfg.callers());
        Optional<String> e164 = phones.normalize(number);
        if (e164.isEmpty()) {
            err.println("that is not a valid phone number (read in callers.default-region "
                    + cfg.callers().defaultRegion() + "); nothing was erased");
            return 2;
        }
        long[] shown = {0};
        Forget.Result r = new Forget(redis, cfg.redis().keyPrefix(), journal, clock)
                .forget(phones.reference(e164.get()), !indexOnly, n -> {
                    if (n - shown[0] >= 1_000_000) {
                        shown[0] = n;
                        err.printf(Locale.ROOT, "  %,d events scanned%n", n);
                        err.flush();
                    }
                });
        long followUps = new io.waitless.followup.FollowUpForget(redis, cfg.redis().keyPrefix())
                .forget(phones.reference(e164.get()));
        out.printf(Locale.ROOT, "erased %d events, %d calls and %d deflection records of %s; rollup counts kept%n",
                r.events(), r.calls(), r.deflections(), io.waitless.call.PhoneMask.mask(e164.get()));
        if (followUps > 0) {
            out.printf(Locale.ROOT, "erased %d follow-up records (queued texts, survey answers, alerts, returnee)%n",
                    followUps);
        }
        out.flush();
        return 0;
    }

    @Override
    boolean unreachable(RuntimeException e) {
        return super.unreachable(e) || e instanceof io.waitless.followup.DueQueue.FollowUpStoreException;
    }
}
