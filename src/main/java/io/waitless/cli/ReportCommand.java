package io.waitless.cli;

import io.waitless.config.WaitlessConfig;
import io.waitless.journal.RedisJournal;
import io.waitless.report.Experiment;
import io.waitless.report.ExperimentReport;
import io.waitless.report.FunnelCsv;
import io.waitless.report.ReportJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code waitless report}: the numbers analysts read. {@code report experiments} compares the A/B variants of
 * each experiment over a range of days (in {@code company.timezone}), counted from the event stream.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Reports for analysts, read from the journal in Redis.",
        subcommands = {ReportCommand.Experiments.class})
final class ReportCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    enum Format { TABLE, CSV, JSON }

    @Command(name = "experiments", mixinStandardHelpOptions = true,
            description = {"Each A/B experiment's variants over the days asked: calls offered a text, accepted, sent,",
                    "link opened, flow completed;",
                    "the acceptance rate with its 95 % interval, and each variant against the first (the control):",
                    "a two-proportion z-test and a plain verdict. Exit 1 when Redis cannot be read."})
    static final class Experiments extends RedisCommand {
        @Option(names = "--from", paramLabel = "DATE", description = "First day, YYYY-MM-DD (default: 6 days before --to).")
        LocalDate from;

        @Option(names = "--to", paramLabel = "DATE", description = "Last day, YYYY-MM-DD, included (default: today).")
        LocalDate to;

        @Option(names = "--format", defaultValue = "table", converter = FormatConverter.class,
                description = "table, csv or json (default: ${DEFAULT-VALUE}).")
        Format format;

        Clock clock = Clock.systemUTC();

        @Override
        int run(WaitlessConfig cfg, RedisClient redis, RedisJournal journal, PrintWriter out, PrintWriter err) {
            ZoneId zone = cfg.company().timezone();
            LocalDate last = to != null ? to : LocalDate.now(clock.withZone(zone));
            LocalDate first = from != null ? from : last.minusDays(6);
            if (first.isAfter(last)) {
                err.println("--from " + first + " is after --to " + last);
                return 2;
            }
            ExperimentReport report = new ExperimentReport();
            journal.scan(first.atStartOfDay(zone).toInstant(), last.plusDays(1).atStartOfDay(zone).toInstant(), 10_000,
                    report::add);
            Map<String, List<String>> configured = ExperimentReport.configured(cfg.promotions());
            List<ExperimentReport.Result> results = report.results(e -> configured.getOrDefault(e, List.of()));
            switch (format) {
                case TABLE -> table(out, results, first, last, zone, report.events());
                case CSV -> csv(out, results);
                case JSON -> json(out, results, first, last);
            }
            out.flush();
            return 0;
        }

        @Override
        String store() {
            return "the journal";
        }

        @Override
        boolean unreachable(RuntimeException e) {
            return e instanceof JedisException;
        }

        private static void table(PrintWriter out, List<ExperimentReport.Result> results, LocalDate first,
                                  LocalDate last, ZoneId zone, long events) {
            out.printf("experiments from %s to %s (%s), %d events read%n", first, last, zone, events);
            if (results.isEmpty()) {
                out.println("no experiment had callers in these days");
                return;
            }
            for (ExperimentReport.Result r : results) {
                out.printf("%nexperiment %s%n", r.experiment());
                out.printf("%-12s %8s %9s %8s %17s %7s %7s %10s%n", "variant", "offered", "accepted", "rate",
                        "95 % interval", "sent", "opened", "completed");
                for (ExperimentReport.Row row : r.rows()) {
                    Experiment.Arm a = row.arm();
                    double[] ci = a.interval();
                    out.printf(Locale.ROOT, "%-12s %8d %9d %7.1f%% %7.1f%% - %5.1f%% %7d %7d %10d%n", row.variant(),
                            row.offered(), row.accepted(), 100 * a.rate(), 100 * ci[0], 100 * ci[1], row.sent(),
                            row.opened(), row.completed());
                }
                for (Experiment.Comparison c : r.comparisons()) {
                    out.printf("%s vs %s: %s%n", c.variant().variant(), c.control().variant(), c.verdict());
                }
            }
        }

        private static void csv(PrintWriter out, List<ExperimentReport.Result> results) {
            out.println("experiment,variant,offered,accepted,sent,opened,completed,rate,ci_low,ci_high,z,p_vs_control,verdict");
            for (ExperimentReport.Result r : results) {
                for (ExperimentReport.Row row : r.rows()) {
                    Experiment.Arm a = row.arm();
                    double[] ci = a.interval();
                    Experiment.Comparison c = r.comparisons().stream()
                            .filter(x -> x.variant().variant().equals(row.variant())).findFirst().orElse(null);
                    out.printf(Locale.ROOT, "%s,%s,%d,%d,%d,%d,%d,%.4f,%.4f,%.4f,%s,%s,%s%n", FunnelCsv.field(r.experiment()),
                            FunnelCsv.field(row.variant()), row.offered(), row.accepted(), row.sent(), row.opened(),
                            row.completed(), a.rate(), ci[0], ci[1],
                            c == null || Double.isNaN(c.z()) ? "" : String.format(Locale.ROOT, "%.4f", c.z()),
                            c == null || Double.isNaN(c.p()) ? "" : String.format(Locale.ROOT, "%.6f", c.p()),
                            FunnelCsv.field(c == null ? "control" : c.verdict()));
                }
            }
        }

        private static void json(PrintWriter out, List<ExperimentReport.Result> results, LocalDate first, LocalDate last) {
            out.println(ReportJson.experiments(results, first, last));
        }
    }

    static final class FormatConverter implements CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            try {
                return Format.valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not one of table, csv, json");
            }
        }
    }
}
