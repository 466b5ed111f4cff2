package io.waitless.cli;

import io.waitless.App;
import io.waitless.config.WaitlessConfig;
import io.waitless.journal.RedisJournal;
import io.waitless.report.Analytics;
import io.waitless.report.Dimension;
import io.waitless.report.Experiment;
import io.waitless.report.ExperimentReport;
import io.waitless.report.FunnelCsv;
import io.waitless.report.FunnelQuery;
import io.waitless.report.FunnelResult;
import io.waitless.report.Journey;
import io.waitless.report.ReportJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import redis.clients.jedis.UnifiedJedis;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code waitless report}: the numbers analysts read, from the journal in Redis. Bare {@code report} prints the
 * deflection funnel of a range of days (in {@code company.timezone}) from the daily rollups, broken down
 * {@code --by} any dimensions; {@code report experiments} compares A/B variants; {@code report journey} shows
 * one caller's touchpoints. Exit 1 when Redis cannot be read, 2 for bad input.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"The deflection funnel over the days asked, from the daily rollups: calls, intent recognized,",
                "offered, withheld (by reason), accepted (dtmf/speech), declined, refused (by reason), sent, failed,",
                "delivered, opened, redeemed, completed, repeat calls, and how calls ended (abandonment points).",
                "Exit 1 when Redis cannot be read, 2 for bad input."},
        subcommands = {ReportCommand.Experiments.class, ReportCommand.JourneyCommand.class})
final class ReportCommand extends OnJournal {

    @CommandLine.Mixin
    Days days = new Days();

    @Option(names = "--by", paramLabel = "DIMS", split = ",",
            description = "Break down by these, in order: day, week, month, queue, promotion, experiment, variant, intent, language.")
    List<String> by = List.of();

    @Option(names = "--queue", description = "Only this queue.")
    String queue;
    @Option(names = "--promotion", description = "Only this promotion.")
    String promotion;
    @Option(names = "--experiment", description = "Only this experiment.")
    String experiment;
    @Option(names = "--variant", description = "Only this variant.")
    String variant;
    @Option(names = "--intent", description = "Only this intent.")
    String intent;
    @Option(names = "--language", description = "Only this language.")
    String language;

    @Option(names = "--format", defaultValue = "table", converter = FormatConverter.class,
            description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    Format format;

    enum Format { TABLE, CSV, JSON }

    /** The range of days of a report: {@code --from}, {@code --to} (default: the 7 days up to today). */
    static final class Days {
        @Option(names = "--from", paramLabel = "DATE", description = "First day, YYYY-MM-DD (default: 6 days before --to).")
        LocalDate from;

        @Option(names = "--to", paramLabel = "DATE", description = "Last day, YYYY-MM-DD, included (default: today).")
        LocalDate to;

        LocalDate last(Analytics a) {
            return to != null ? to : a.today();
        }

        LocalDate first(Analytics a) {
            return from != null ? from : last(a).minusDays(6);
        }
    }

    @Override
    int run(WaitlessConfig cfg, UnifiedJedis redis, RedisJournal journal, PrintWriter out, PrintWriter err) {
        Analytics analytics = App.analytics(() -> cfg, redis, clock);
        List<Dimension> dims = new ArrayList<>();
        for (String name : by) {
            Optional<Dimension> d = Dimension.of(name);
            if (d.isEmpty()) {
                err.println("--by " + name + " is not one of day, week, month, queue, promotion, experiment, variant,"
                        + " intent, language");
                return 2;
            }
            dims.add(d.get());
        }
        Map<Dimension, String> where = new EnumMap<>(Dimension.class);
        java.util.function.BiConsumer<Dimension, String> filter = (d, v) -> {
            if (v != null) {
                where.put(d, v.strip());
            }
        };
        filter.accept(Dimension.QUEUE, queue);
        filter.accept(Dimension.PROMOTION, promotion);
        filter.accept(Dimension.EXPERIMENT, experiment);
        filter.accept(Dimension.VARIANT, variant);
        filter.accept(Dimension.INTENT, intent);
        filter.accept(Dimension.LANGUAGE, language);
        FunnelResult result;
        try {
            result = analytics.funnel(new FunnelQuery(days.first(analytics), days.last(analytics), dims, where));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        switch (format) {
            case TABLE -> FunnelTable.print(out, result, cfg.company().timezone());
            case CSV -> out.print(FunnelCsv.csv(result));
            case JSON -> out.println(ReportJson.funnel(result));
        }
        out.flush();
        return 0;
    }

    @Command(name = "experiments", mixinStandardHelpOptions = true,
            description = {"Each A/B experiment's variants over the days asked: calls offered a text, accepted, sent,",
                    "link opened, flow completed;",
                    "the acceptance rate with its 95 % interval, and each variant against the first (the control):",
                    "a two-proportion z-test and a plain verdict. Exit 1 when Redis cannot be read."})
    static final class Experiments extends OnJournal {
        @CommandLine.Mixin
        Days days = new Days();

        @Option(names = "--exact", description = {"Count from the event stream (the source of truth) instead of the",
                "daily rollups: slower, for checking; limited to what retention kept."})
        boolean exact;

        @Option(names = "--format", defaultValue = "table", converter = FormatConverter.class,
                description = "table, csv or json (default: ${DEFAULT-VALUE}).")
        Format format;

        @Override
        int run(WaitlessConfig cfg, UnifiedJedis redis, RedisJournal journal, PrintWriter out, PrintWriter err) {
            ZoneId zone = cfg.company().timezone();
            Analytics analytics = App.analytics(() -> cfg, redis, clock);
            LocalDate last = days.last(analytics);
            LocalDate first = days.first(analytics);
            if (first.isAfter(last)) {
                err.println("--from " + first + " is after --to " + last);
                return 2;
            }
            List<ExperimentReport.Result> results;
            String source;
            if (exact) {
                ExperimentReport report = new ExperimentReport();
                journal.scan(first.atStartOfDay(zone).toInstant(), last.plusDays(1).atStartOfDay(zone).toInstant(),
                        10_000, report::add);
                Map<String, List<String>> configured = ExperimentReport.configured(cfg.promotions());
                results = report.results(e -> configured.getOrDefault(e, List.of()));
                source = report.events() + " events read from the stream";
            } else {
                try {
                    results = analytics.experiments(first, last);
                } catch (IllegalArgumentException e) {
                    err.println(e.getMessage());
                    return 2;
                }
                source = "from the daily rollups";
            }
            switch (format) {
                case TABLE -> table(out, results, first, last, zone, source);
                case CSV -> csv(out, results);
                case JSON -> json(out, results, first, last);
            }
            out.flush();
            return 0;
        }

        private static void table(PrintWriter out, List<ExperimentReport.Result> results, LocalDate first,
                                  LocalDate last, ZoneId zone, String source) {
            out.printf("experiments from %s to %s (%s), %s%n", first, last, zone, source);
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

    @Command(name = "journey", mixinStandardHelpOptions = true,
            description = {"Every stored event of one caller across their calls, with times: the touchpoints.",
                    "ID is a deflection id, a caller reference or a phone number (used to find the reference, never",
                    "stored or printed). The number is shown masked. Exit 3 when nothing is found."})
    static final class JourneyCommand extends OnJournal {
        @CommandLine.Parameters(paramLabel = "ID", description = "Deflection id, caller reference or phone number.")
        String id;

        @Option(names = "--format", defaultValue = "table", converter = FormatConverter.class,
                description = "table or json (default: ${DEFAULT-VALUE}).")
        Format format;

        @Override
        int run(WaitlessConfig cfg, UnifiedJedis redis, RedisJournal journal, PrintWriter out, PrintWriter err) {
            Optional<Journey> found = App.analytics(() -> cfg, redis, clock).journey(id);
            if (found.isEmpty()) {
                err.println("no journey found for that id (a deflection id, caller reference or phone number);"
                        + " events older than journal.retention are gone");
                return 3;
            }
            Journey j = found.get();
            if (format == Format.JSON) {
                out.println(ReportJson.journey(j));
            } else {
                ZoneId zone = cfg.company().timezone();
                DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(zone);
                out.printf("journey of %s (caller %s), %d events, times in %s%n",
                        j.masked().isEmpty() ? "an unknown number" : j.masked(), j.callerRef(), j.events().size(), zone);
                for (Journey.Touch t : j.events()) {
                    StringBuilder attrs = new StringBuilder();
                    t.attributes().forEach((k, v) -> {
                        if (!k.equals("caller") && !k.equals("number")) {
                            attrs.append(' ').append(k).append('=').append(v);
                        }
                    });
                    out.printf("%s  %-18s %-18s%s%n", time.format(t.time()), t.callId().isEmpty() ? "-" : t.callId(),
                            t.type(), attrs);
                }
            }
            out.flush();
            return 0;
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
