package io.waitless.followup;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

/**
 * Plans the daily digest; every node's Quartz calls {@link #plan} by cron in the company's zone
 * ({@link FollowUpScheduler.Cron}): each firing puts
 * {@code digest:<yesterday>} on the due-queue. Every node does so, but an id is scheduled only once, so exactly
 * one digest per day is made, by whichever node claims it — and if that node dies, by another after the lease.
 */
public final class DigestTrigger {
    private static final Logger log = LoggerFactory.getLogger(DigestTrigger.class);

    private DigestTrigger() {
    }

    /** Puts yesterday's digest on the queue (idempotent); {@code true} if this call planned it. */
    public static boolean plan(DueQueue queue, Clock clock, ZoneId zone) {
        LocalDate yesterday = LocalDate.ofInstant(clock.instant(), zone).minusDays(1);
        boolean planned = queue.schedule(new FollowUp("digest:" + yesterday, DigestTask.KIND, clock.instant(),
                Map.of("day", yesterday.toString())));
        if (planned) {
            log.info("digest of {} planned", yesterday);
        }
        return planned;
    }
}
