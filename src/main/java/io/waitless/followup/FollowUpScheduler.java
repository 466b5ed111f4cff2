package io.waitless.followup;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Properties;
import java.util.UUID;

/**
 * Quartz on one node: every {@code followup.poll-interval} it runs one batch of the node's
 * {@link FollowUpWorker}. Quartz only times; what is due lives in Redis, so its in-memory {@code RAMJobStore} is
 * all it needs (a restarted node re-reads the queue). The job never overlaps itself; a missed firing is not
 * caught up (the next batch takes whatever is due). Quartz 2.5 has no update check left to turn off. {@link #close()} waits for a running batch.
 */
public final class FollowUpScheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FollowUpScheduler.class);

    private final Scheduler scheduler;

    private FollowUpScheduler(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * A job on a cron schedule ({@code 0 0 6 * * ?}) in {@code zone}; a failure is logged and waits for the next
     * firing.
     */
    public record Cron(String name, String expression, java.time.ZoneId zone, Runnable action) {}

    /** Starts polling, without cron jobs. */
    public static FollowUpScheduler start(FollowUpWorker worker, Duration every) {
        return start(worker, every, java.util.List.of());
    }

    /**
     * Starts polling, and the cron jobs.
     *
     * @throws IllegalStateException when Quartz cannot start
     */
    public static FollowUpScheduler start(FollowUpWorker worker, Duration every, java.util.List<Cron> crons) {
        try {
            Properties p = new Properties();
            String name = "waitless-" + UUID.randomUUID();
            p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, name);
            p.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, "org.quartz.simpl.RAMJobStore");
            p.setProperty(StdSchedulerFactory.PROP_THREAD_POOL_CLASS, "org.quartz.simpl.SimpleThreadPool");
            p.setProperty("org.quartz.threadPool.threadCount", "2");
            p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
            p.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
            p.setProperty("org.quartz.jobStore.misfireThreshold", "1000");
            Scheduler s = new StdSchedulerFactory(p).getScheduler();
            s.setJobFactory((bundle, sched) -> {
                Class<? extends Job> type = bundle.getJobDetail().getJobClass();
                if (type == PollJob.class) {
                    return new PollJob(worker);
                }
                for (Cron c : crons) {
                    if (type == CronJob.class && bundle.getJobDetail().getKey().getName().equals(c.name())) {
                        return new CronJob(c);
                    }
                }
                throw new SchedulerException("unknown job " + type.getName());
            });
            s.scheduleJob(JobBuilder.newJob(PollJob.class).withIdentity("followup-poll").build(),
                    TriggerBuilder.newTrigger().withIdentity("followup-poll").startNow()
                            .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                                    .withIntervalInMilliseconds(Math.max(50, every.toMillis())).repeatForever()
                                    .withMisfireHandlingInstructionNextWithRemainingCount())
                            .build());
            for (Cron c : crons) {
                s.scheduleJob(JobBuilder.newJob(CronJob.class).withIdentity(c.name()).build(),
                        TriggerBuilder.newTrigger().withIdentity(c.name())
                                .withSchedule(org.quartz.CronScheduleBuilder.cronSchedule(c.expression())
                                        .inTimeZone(java.util.TimeZone.getTimeZone(c.zone()))
                                        .withMisfireHandlingInstructionFireAndProceed())
                                .build());
            }
            s.start();
            log.info("follow-ups: node {} polls every {} ms (batch {}, lease {} s)", worker.settings().node(),
                    every.toMillis(), worker.settings().batch(), worker.settings().lease().toSeconds());
            return new FollowUpScheduler(s);
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot start the follow-up scheduler (Quartz): " + e.getMessage(), e);
        }
    }

    /** Quartz itself, to add further jobs on the same scheduler. */
    public Scheduler quartz() {
        return scheduler;
    }

    @Override
    public void close() {
        try {
            scheduler.shutdown(true);
        } catch (SchedulerException e) {
            log.warn("stopping the follow-up scheduler: {}", e.toString());
        }
    }

    /** A cron job's firing. */
    @DisallowConcurrentExecution
    static final class CronJob implements Job {
        private final Cron cron;

        CronJob(Cron cron) {
            this.cron = cron;
        }

        @Override
        public void execute(JobExecutionContext context) {
            try {
                cron.action().run();
            } catch (RuntimeException e) {
                log.warn("{} failed, tried again at its next firing: {}", cron.name(), e.toString());
            }
        }
    }

    /** One batch; the next firing waits for this one. */
    @DisallowConcurrentExecution
    static final class PollJob implements Job {
        private final FollowUpWorker worker;

        PollJob(FollowUpWorker worker) {
            this.worker = worker;
        }

        @Override
        public void execute(JobExecutionContext context) {
            try {
                worker.runBatch();
            } catch (RuntimeException e) {
                log.warn("follow-up batch on {} failed, tried again at the next poll: {}", worker.settings().node(),
                        e.toString());
            }
        }
    }
}
