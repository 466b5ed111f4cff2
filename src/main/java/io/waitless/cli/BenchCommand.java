package io.waitless.cli;

import io.waitless.call.EventType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.waitless.App;
import io.waitless.call.CallEvent;
import io.waitless.config.ConfigException;
import io.waitless.config.WaitlessConfig;
import io.waitless.deflect.Deflector;
import io.waitless.deflect.HoldSchedule;
import io.waitless.deflect.OptOuts;
import io.waitless.journal.RedisConnector;
import io.waitless.journal.RedisJournal;
import io.waitless.journal.RedisOptOuts;
import io.waitless.journal.RedisProcess;
import io.waitless.journal.RedisSmsBudget;
import io.waitless.link.LinkCodes;
import io.waitless.link.RedisLinkStore;
import io.waitless.phone.PhoneNumberPolicy;
import io.waitless.sim.AbuseBench;
import io.waitless.sim.AbusePopulation;
import io.waitless.sim.FunnelBench;
import io.waitless.sim.FunnelGenerator;
import io.waitless.sim.RecordingGateway;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import redis.clients.jedis.UnifiedJedis;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code waitless bench}: benchmarks that run against a private Redis on this machine. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks against a private Redis.",
        subcommands = {BenchCommand.Abuse.class, BenchCommand.Journal.class, BenchCommand.Funnel.class,
                AgiBenchCommand.class, AgiBenchCommand.Stock.class, OfferSmsBenchCommand.class,
                StartupBenchCommand.class, SoakBenchCommand.class})
final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code waitless bench abuse}: simulated callers of every kind, including an SMS-pumping burst, through two
     * real deflectors ("nodes") sharing a private Redis, with a gateway that records instead of sending; then an
     * independent check that no forbidden text went out and every refusal has a reason. Exit 1 if not.
     */
    @Command(name = "abuse", mixinStandardHelpOptions = true,
            description = "Run simulated abusive and honest callers through the SMS rules and verify them.")
    static final class Abuse implements Callable<Integer> {
        @Option(names = {"-c", "--config"}, defaultValue = "config/waitless.yaml",
                description = "Config file whose callers and budgets rules are used (default: ${DEFAULT-VALUE}).")
        Path config;

        @Option(names = "--callers", defaultValue = "10000", description = "How many callers (default: ${DEFAULT-VALUE}).")
        int callers;

        @Option(names = "--threads", defaultValue = "32", description = "Concurrent callers (default: ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--seed", defaultValue = "42", description = "Population seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @CommandLine.Mixin
        PrivateRedis redis;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            WaitlessConfig cfg;
            try {
                cfg = ConfigLoaderBridge.load(config);
            } catch (ConfigException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return 1;
            }
            Files.createDirectories(redis.work);
            LogToFile.redirect(redis.work.resolve("waitless.log"));
            try (RedisProcess server = redis.start("redis", List.of())) {
                return bench(cfg, PrivateRedis.settings(server, cfg.redis().keyPrefix(), Duration.ofSeconds(2)), out);
            }
        }

        private int bench(WaitlessConfig cfg, WaitlessConfig.Redis r, PrintWriter out) throws InterruptedException {
            List<AbusePopulation.Caller> population = AbusePopulation.generate(callers, seed);
            RecordingGateway gateway = new RecordingGateway();
            PhoneNumberPolicy numbers = App.numberPolicy(cfg, Clock.systemUTC());
            String queue = cfg.queues().getFirst().name();
            List<UnifiedJedis> clients = new ArrayList<>();
            List<RedisJournal> journals = new ArrayList<>();
            try {
                List<Deflector> nodes = new ArrayList<>();
                RedisJournal journal = null;
                for (int node = 0; node < 2; node++) {
                    UnifiedJedis client = RedisConnector.connect(r);
                    clients.add(client);
                    journal = new RedisJournal(client, r.keyPrefix(), App.STREAM_MAX_LENGTH, new SimpleMeterRegistry());
                    journals.add(journal);
                    HoldSchedule schedule = new HoldSchedule(Duration.ofSeconds(20), Duration.ofSeconds(8),
                            Duration.ofSeconds(60), Duration.ofSeconds(4));
                    nodes.add(new Deflector(App.settings(cfg), numbers, id -> schedule, journal,
                            new RedisLinkStore(client, r.keyPrefix()), new LinkCodes(cfg.links().codeLength()), gateway,
                            new RedisOptOuts(client, r.keyPrefix()),
                            new RedisSmsBudget(client, r.keyPrefix(), cfg.budgets(), new SimpleMeterRegistry()),
                            Clock.systemUTC()));
                }
                Set<String> optedOut = optOut(population, new RedisOptOuts(clients.getFirst(), r.keyPrefix()), numbers);
                out.println("== Abuse benchmark: " + population.size() + " callers, 2 nodes, " + threads
                        + " threads, private Redis at " + r.uri() + " (log: " + redis.work.resolve("waitless.log") + ")");
                AbuseBench.Run run = AbuseBench.run(population, nodes, queue, threads, Duration.ofMinutes(30));
                List<CallEvent> events = journal.recent(Integer.MAX_VALUE);
                AbuseBench.Report report = AbuseBench.verify(population, optedOut, gateway.sent(), events,
                        cfg.budgets(), run);
                print(report, run, events.size(), out);
                return report.ok() ? 0 : 1;
            } finally {
                journals.forEach(RedisJournal::close);
                clients.forEach(UnifiedJedis::close);
            }
        }

        private static Set<String> optOut(List<AbusePopulation.Caller> population, OptOuts optOuts,
                                          PhoneNumberPolicy numbers) {
            Set<String> out = new LinkedHashSet<>();
            for (AbusePopulation.Caller c : population) {
                if (c.kind() == AbusePopulation.Kind.OPTED_OUT) {
                    optOuts.add(new OptOuts.Entry(numbers.reference(c.e164()),
                            io.waitless.call.PhoneMask.mask(c.e164()), Instant.now(), "bench"));
                    out.add(c.e164());
                }
            }
            return out;
        }

        private static void print(AbuseBench.Report report, AbuseBench.Run run, int events, PrintWriter out) {
            double seconds = Math.max(0.001, run.elapsed().toMillis() / 1000.0);
            out.printf("%-14s %8s %6s%n", "caller kind", "callers", "texts");
            report.callersByKind().forEach((k, n) -> out.printf("%-14s %8d %6d%n", k.name().toLowerCase(java.util.Locale.ROOT),
                    n, report.sentByKind().getOrDefault(k, 0)));
            out.printf("%-14s %8d %6d%n", "total", report.callers(), report.sent());
            out.println("withheld at arrival (offer.withheld) by reason: " + report.withheldByReason());
            out.println("refused at accept (offer.refused) by reason:    " + report.refusedByReason());
            out.printf("elapsed %.2f s, %.0f callers/s, %d journal events%n", seconds, report.callers() / seconds, events);
            if (report.ok()) {
                out.println("VERIFIED: no forbidden text, no budget exceeded, every text with consent in its call,"
                        + " every caller without a text has a journaled reason");
            } else {
                out.println("FAILED:");
                report.problems().forEach(p -> out.println("  " + p));
            }
            out.flush();
        }
    }

    /**
     * {@code waitless bench journal}: how fast the journal takes events into a private Redis as the node writes them
     * (pipelined {@code XADD}s per group commit, from many threads) until the roller has counted them all, with the
     * latency of each append, a check that the stream holds every event written, and where Redis spent its time. The baseline for the ingest targets of the reports (issue 6: 50,000
     * events/s) and of the scale work (issue 8: 100,000 events/s).
     */
    @Command(name = "journal", mixinStandardHelpOptions = true,
            description = "Append realistic call events to the journal in a private Redis and report the rate.")
    static final class Journal implements Callable<Integer> {
        @Option(names = "--events", defaultValue = "200000", description = "How many events (default: ${DEFAULT-VALUE}).")
        int events;

        @Option(names = "--threads", defaultValue = "16", description = "Writing threads (default: ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--no-spool", description = "Without the local spool a node has (and the writer marker each"
                + " batch then sets in a MULTI), to measure what it costs.")
        boolean noSpool;

        @Option(names = "--count-after", description = "Hold the roller off while appending (the bench takes its"
                + " lease), then let it count: the stream's ingest rate and the roller's counting rate apart.")
        boolean countAfter;

        @CommandLine.Mixin
        Aof aof;

        @CommandLine.Mixin
        PrivateRedis redis;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if (events < 1 || threads < 1) {
                spec.commandLine().getErr().println("--events and --threads must be at least 1");
                return 2;
            }
            try (RedisProcess server = redis.start("redis-journal", aof.redisArgs());
                 UnifiedJedis client = RedisConnector.connect(PrivateRedis.settings(server, "bench:", Duration.ofSeconds(5)))) {
                SimpleMeterRegistry metrics = new SimpleMeterRegistry();
                java.nio.file.Path spool = java.nio.file.Files.createTempDirectory("waitless-bench-spool");
                WaitlessConfig.Journal settings = noSpool ? WaitlessConfig.Journal.DEFAULTS
                        : WaitlessConfig.Journal.DEFAULTS.withSpool(new WaitlessConfig.Spool(spool, 256L << 20));
                if (countAfter) {
                    client.set("bench:rollup:lease", "held-by-the-benchmark",
                            new redis.clients.jedis.params.SetParams().px(Duration.ofHours(1).toMillis()));
                }
                RedisJournal journal = new RedisJournal(client, "bench:", App.STREAM_MAX_LENGTH, java.time.ZoneOffset.UTC,
                        settings, Duration.ofSeconds(5), metrics);
                long[] latencies = new long[events];
                java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
                java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
                List<Thread> writers = new ArrayList<>();
                com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
                long jvmCpu0 = os.getProcessCpuTime();
                double redisCpu0 = redisCpu(client);
                long t0 = System.nanoTime();
                for (int t = 0; t < threads; t++) {
                    writers.add(Thread.ofVirtual().name("bench-journal-" + t).start(() -> {
                        for (int i = next.getAndIncrement(); i < events; i = next.getAndIncrement()) {
                            CallEvent e = sample(i);
                            long a = System.nanoTime();
                            if (!journal.append(e)) {
                                failed.incrementAndGet();
                            }
                            latencies[i] = System.nanoTime() - a;
                        }
                    }));
                }
                for (Thread w : writers) {
                    w.join();
                }
                double appended = (System.nanoTime() - t0) / 1e9;
                if (countAfter) {
                    client.del("bench:rollup:lease");
                }
                boolean counted = journal.catchUp(Duration.ofMinutes(10));
                double seconds = (System.nanoTime() - t0) / 1e9;
                double jvmCpu = (os.getProcessCpuTime() - jvmCpu0) / 1e9;
                String byThread = cpuByThread(jvmCpu, events);
                double redisCpu = redisCpu(client) - redisCpu0;
                long stored = client.xlen("bench:events");
                java.util.Arrays.sort(latencies);
                journal.close();
                out.printf(java.util.Locale.ROOT, "== Journal ingest: %d events, %d threads, %s per group"
                                + " commit, funnel rollups counted by the roller, Redis %s%n",
                        events, threads, noSpool ? "pipelined XADD (no spool)"
                                : "XADDs and the writer's marker in one MULTI (spool on, as a node runs)",
                        aof.described());
                out.printf(java.util.Locale.ROOT, "rate:            %,.0f events/s (%.2f s: appended in %.2f s, all"
                        + " counted %.0f ms later%s)%n", events / seconds, seconds, appended, (seconds - appended) * 1e3,
                        counted ? "" : ", NOT caught up");
                if (countAfter) {
                    out.printf(java.util.Locale.ROOT, "stream ingest:   %,.0f events/s (roller held off); counted"
                            + " afterwards at %,.0f events/s%n", events / appended, events / (seconds - appended));
                }
                out.printf(java.util.Locale.ROOT, "CPU per event:   %.1f us (this JVM: the writing threads, the journal's"
                                + " writers, the roller; %.1f us) + Redis %.1f us; %.0f %% of the %d cores busy%n",
                        1e6 * (jvmCpu + redisCpu) / events, 1e6 * jvmCpu / events, 1e6 * redisCpu / events,
                        100 * (jvmCpu + redisCpu) / seconds / Runtime.getRuntime().availableProcessors(),
                        Runtime.getRuntime().availableProcessors());
                out.println(byThread);
                out.printf(java.util.Locale.ROOT, "append latency:  p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
                        latencies[events / 2] / 1e6, latencies[(int) Math.min(events - 1L, events * 99L / 100)] / 1e6,
                        latencies[events - 1] / 1e6);
                out.printf("stored:          %d of %d (failed appends: %d, spooled: %.0f)%n", stored, events,
                        failed.get(), metrics.counter("waitless.journal.spooled").count());
                try (java.util.stream.Stream<java.nio.file.Path> left = java.nio.file.Files.walk(spool)) {
                    left.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
                out.println(commandProfile(client, events));
                out.flush();
                return stored == events && failed.get() == 0 && counted ? 0 : 1;
            }
        }

        /** A call's events in their usual proportions, with realistic attributes. */
        static CallEvent sample(int i) {
            int n = i / 6;
            String call = "1795" + (1_000_000 + n) + ".1";
            // one caller per call, as on a phone line; every tenth call is from a caller who phoned before
            int caller = n % 10 == 9 ? n / 10 : n;
            EventType type = switch (i % 6) {
                case 0 -> EventType.CALL_ARRIVED;
                case 1 -> EventType.PROMO_PLAYED;
                case 2 -> EventType.OFFER_MADE;
                case 3 -> EventType.OFFER_ACCEPTED;
                case 4 -> EventType.SMS_SENT;
                default -> EventType.CALL_ENDED;
            };
            return CallEvent.of(type, java.time.Instant.now(), call).with("queue", "support")
                    .with("promotion", "pay-in-app-" + (i % 2 == 0 ? "a" : "b")).with("experiment", "pay-in-app")
                    .with("variant", i % 2 == 0 ? "a" : "b").with("caller", "c" + Integer.toHexString(caller * 31 + 7))
                    .with("number", "+97250•••" + (1000 + caller % 9000)).with("language", "en").with("count", 1).build();
        }
    }

    /**
     * {@code waitless bench funnel}: a realistic journal of many days ingested through the node's append path into
     * a private Redis, then the analysts' reports timed over the whole range (see {@link FunnelBench}). Exit 1
     * when the rollups do not hold the generated numbers.
     */
    @Command(name = "funnel", mixinStandardHelpOptions = true,
            description = {"Generate a realistic journal (default: 90 days, about 10 million events), ingest it as",
                    "nodes do, time the funnel reports over all of it, and check the rollups."})
    static final class Funnel implements Callable<Integer> {
        @Option(names = "--days", defaultValue = "90", description = "Days of calls, up to yesterday (default: ${DEFAULT-VALUE}).")
        int days;

        @Option(names = "--calls-per-day", defaultValue = "27500",
                description = "Calls on an average weekday (default: ${DEFAULT-VALUE}: about 110,000 events a day).")
        int callsPerDay;

        @Option(names = "--threads", defaultValue = "64",
                description = "Calls writing at once, each on a virtual thread as AGI sessions are (default: ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--bulk", description = {"Write the events as an import does instead: one thread, in order,",
                "pipelined batches (RedisJournal.appendAll), the same stream and roller."})
        boolean bulk;

        @Option(names = "--runs", defaultValue = "5", description = "Times each report is run (default: ${DEFAULT-VALUE}).")
        int runs;

        @Option(names = "--seed", defaultValue = "42", description = "Generator seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--zone", defaultValue = "Asia/Jerusalem", description = "Company time zone (default: ${DEFAULT-VALUE}).")
        java.time.ZoneId zone;

        @CommandLine.Mixin
        Aof aof;

        @CommandLine.Mixin
        PrivateRedis redis;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if (days < 1 || days > io.waitless.journal.RedisAnalytics.MAX_DAYS || callsPerDay < 1 || threads < 1 || runs < 1) {
                spec.commandLine().getErr().println("--days must be 1.." + io.waitless.journal.RedisAnalytics.MAX_DAYS
                        + "; --calls-per-day, --threads and --runs at least 1");
                return 2;
            }
            Files.createDirectories(redis.work);
            LogToFile.redirect(redis.work.resolve("waitless.log"));
            try (RedisProcess server = redis.start("redis-funnel", aof.redisArgs());
                 UnifiedJedis client = RedisConnector.connect(PrivateRedis.settings(server, "bench:", Duration.ofSeconds(5)));
                 RedisJournal journal = new RedisJournal(client, "bench:", App.STREAM_MAX_LENGTH, zone,
                         WaitlessConfig.Journal.DEFAULTS, Duration.ofSeconds(5), new SimpleMeterRegistry())) {
                java.time.LocalDate first = java.time.LocalDate.now(zone).minusDays(days);
                io.waitless.journal.RedisAnalytics analytics = new io.waitless.journal.RedisAnalytics(client, "bench:",
                        zone, WaitlessConfig.Journal.DEFAULTS, Clock.system(zone), () -> java.util.Map.of("pay-incentive", List.of("a", "b")),
                        n -> java.util.Optional.empty());
                org.apache.commons.codec.digest.HmacUtils hmac = new org.apache.commons.codec.digest.HmacUtils(
                        org.apache.commons.codec.digest.HmacAlgorithms.HMAC_SHA_256, "bench-reference-key");
                out.printf("== Funnel benchmark: %d days from %s, %d calls per weekday, Redis %s%n", days, first,
                        callsPerDay, aof.described());
                out.flush();
                double cpu0 = redisCpu(client);
                FunnelBench.Outcome o = FunnelBench.run(new FunnelGenerator.Settings(first, days, callsPerDay, zone, seed),
                        journal, analytics, n -> hmac.hmacHex(n).substring(0, 32), bulk ? 0 : threads, runs, out);
                out.printf(java.util.Locale.ROOT, "redis:   %s used; %.1f s of CPU in all (%.1f us per event ingested"
                                + " and reported)%n", client.info("memory").lines()
                        .filter(l -> l.startsWith("used_memory_human:")).findFirst().orElse("?").substring(18),
                        redisCpu(client) - cpu0, 1e6 * (redisCpu(client) - cpu0) / o.events());
                out.println(commandProfile(client, o.events()));
                out.flush();
                return o.verified() ? 0 : 1;
            }
        }
    }

    /** {@code --aof}: the benchmark's Redis writes an append-only file, fsynced every second, as production should. */
    static final class Aof {
        @Option(names = "--aof", description = "Run Redis with appendonly yes, appendfsync everysec (as production should).")
        boolean on;

        List<String> redisArgs() {
            return on ? List.of("--appendonly", "yes", "--appendfsync", "everysec") : List.of();
        }

        String described() {
            return on ? "with AOF (appendfsync everysec)" : "without AOF";
        }
    }

    /** CPU seconds the Redis server has used (user + system, main thread and the rest). */
    /**
     * Where Redis spent its time, from {@code INFO commandstats}: the commands (and scripts) that took the most,
     * in microseconds per event, so a benchmark shows what to make cheaper.
     */
    static String commandProfile(UnifiedJedis client, long events) {
        record Stat(String name, long calls, long usec) {}
        List<Stat> stats = new ArrayList<>();
        for (String line : client.info("commandstats").lines().toList()) {
            if (!line.startsWith("cmdstat_")) {
                continue;
            }
            String name = line.substring(8, line.indexOf(':'));
            java.util.Map<String, String> v = new java.util.HashMap<>();
            for (String kv : line.substring(line.indexOf(':') + 1).split(",")) {
                int eq = kv.indexOf('=');
                v.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            stats.add(new Stat(name, Long.parseLong(v.get("calls")), Long.parseLong(v.get("usec"))));
        }
        stats.sort(java.util.Comparator.comparingLong(Stat::usec).reversed());
        StringBuilder b = new StringBuilder("profile: Redis time per event by command:");
        for (Stat s : stats.subList(0, Math.min(12, stats.size()))) {
            if (s.usec < events / 20) {
                break; // under 0.05 us per event
            }
            b.append(String.format(java.util.Locale.ROOT, " %s %.2f us (%,d calls)", s.name, (double) s.usec / events,
                    s.calls));
        }
        return b.toString();
    }

    /**
     * This JVM's CPU per event by thread, grouped by name without a trailing number ({@code journal-writer-1}); the
     * carriers of virtual threads ({@code ForkJoinPool}) run the writing threads. The rest of the run's process CPU
     * is what no thread listed accounts for: the garbage collector and the compilers, mostly.
     */
    static String cpuByThread(double jvmCpuSeconds, long events) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        java.util.Map<String, Long> nanos = new java.util.TreeMap<>();
        long total = 0;
        for (java.lang.management.ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t == null || t.getThreadName().equals("main")) {
                continue; // the main thread started the JVM and Redis before the run
            }
            long cpu = threads.getThreadCpuTime(t.getThreadId());
            if (cpu > 0) {
                nanos.merge(t.getThreadName().replaceAll("-\\d+$", "").replaceAll("worker-\\d+$", "worker"), cpu,
                        Long::sum);
                total += cpu;
            }
        }
        StringBuilder b = new StringBuilder("JVM CPU by thread (since start, us per event):");
        nanos.entrySet().stream().sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                .filter(e -> e.getValue() * 20 >= events * 1_000L) // 0.05 us per event or more
                .forEach(e -> b.append(String.format(java.util.Locale.ROOT, " %s %.1f", e.getKey(),
                        e.getValue() / 1e3 / events)));
        return b.append(String.format(java.util.Locale.ROOT, "; the rest (GC, compilers) about %.1f",
                Math.max(0, jvmCpuSeconds * 1e9 - total) / 1e3 / events)).toString();
    }

    static double redisCpu(UnifiedJedis client) {
        return client.info("cpu").lines().filter(l -> l.startsWith("used_cpu_user:") || l.startsWith("used_cpu_sys:"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(':') + 1).strip())).sum();
    }

    /** The private redis-server a benchmark runs against: where it lives ({@code --work}) and its binary. */
    static final class PrivateRedis {
        @Option(names = "--work", defaultValue = "var/bench", description = "Directory for Redis (default: ${DEFAULT-VALUE}).")
        Path work;

        @Option(names = "--redis-server", defaultValue = "redis-server",
                description = "redis-server binary (default: ${DEFAULT-VALUE}).")
        String redisServer;

        /** Starts a fresh server in {@code <work>/<name>} (whatever was there is deleted). */
        RedisProcess start(String name, List<String> extraArgs) throws java.io.IOException, InterruptedException {
            Path dir = work.resolve(name);
            DemoCommand.deleteTree(dir);
            return RedisProcess.start(redisServer, RedisProcess.freePort(), dir, extraArgs, Duration.ofSeconds(10));
        }

        static WaitlessConfig.Redis settings(RedisProcess server, String keyPrefix, Duration timeout) {
            return new WaitlessConfig.Redis(URI.create("redis://127.0.0.1:" + server.port() + "/0"), "", keyPrefix,
                    timeout);
        }
    }
}
