package io.waitless.config;

import io.waitless.deflect.DigitalChannel;
import io.waitless.deflect.Flow;
import io.waitless.deflect.HealthCheck;
import io.waitless.deflect.Promotion;
import io.waitless.deflect.QueueSettings;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads what is offered to callers: {@code channels}, {@code flows}, {@code promotions} and
 * {@code queues}, and checks that every reference between them (and to an SMS template) exists.
 */
final class CatalogReader {

    /** Queue names as queues.conf and the dialplan's {@code _[a-zA-Z0-9].} pattern accept them. */
    static final Pattern QUEUE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,79}");

    private static final String ID_RULE = "an id (1 to 40 of a-z, 0-9 and -, starting with a letter or digit)";
    private static final String QUEUE_RULE = "a queue name (up to 80 of letters, digits, _ . -, starting with a letter or digit)";

    /** @param queueSections each queue's own mapping, by name, for readers of per-queue keys ({@link TimedReader}) */
    record Catalog(List<DigitalChannel> channels, List<Flow> flows, List<Promotion> promotions,
                   List<QueueSettings> queues, Map<String, Section> queueSections, List<Scalar> intentRefs) {
        /** Each intent a promotion names must be configured under {@code intents.items}. */
        void checkIntents(List<String> configured, Problems problems) {
            for (Scalar ref : intentRefs) {
                if (!configured.contains(ref.value())) {
                    problems.error(ref.line(), ref.key(), ref.shown() + " is not an intent under intents.items ("
                            + (configured.isEmpty() ? "there are none" : String.join(", ", configured)) + ")"
                            + Suggestions.didYouMean(ref.value(), configured));
                }
            }
        }
    }

    private final Problems problems;
    private final Ids channelIds;
    private final Ids flowIds;
    private final Ids queueNames;
    private final Ids promotionIds;
    private final Map<String, Section> queueSections = new java.util.LinkedHashMap<>();
    private final Map<String, Integer> variantLines = new HashMap<>();

    private final java.time.ZoneId zone;
    private List<String> languages = List.of("en");
    private final List<Scalar> intentRefs = new ArrayList<>();

    private CatalogReader(Problems problems, java.time.ZoneId zone) {
        this.problems = problems;
        this.zone = zone;
        this.channelIds = new Ids(problems, "channel", Values.ID, ID_RULE);
        this.flowIds = new Ids(problems, "flow", Values.ID, ID_RULE);
        this.queueNames = new Ids(problems, "queue", QUEUE_NAME, QUEUE_RULE);
        this.promotionIds = new Ids(problems, "promotion", Values.ID, ID_RULE);
    }

    /** Reads the four lists in the order their references need: channels, flows, queues, promotions. */
    static Catalog read(Section root, Set<String> templateLanguages, java.time.ZoneId zone, List<String> languages) {
        CatalogReader reader = new CatalogReader(root.problems(), zone);
        reader.languages = languages;
        List<DigitalChannel> channels = reader.channels(root.sections("channels"));
        List<Flow> flows = reader.flows(root.sections("flows"));
        List<Section> queueSections = root.sections("queues");
        List<QueueSettings> queues = reader.queues(queueSections, templateLanguages);
        List<Section> promotionSections = root.sections("promotions");
        List<Promotion> promotions = reader.promotions(promotionSections);
        requireOne(root, "promotions", promotionSections);
        requireOne(root, "queues", queueSections);
        warnAboutQueuesWithoutPromotions(root, queues, promotions);
        return new Catalog(channels, flows, promotions, queues, reader.queueSections, reader.intentRefs);
    }

    private List<DigitalChannel> channels(List<Section> sections) {
        List<DigitalChannel> channels = new ArrayList<>();
        for (Section c : sections) {
            Optional<String> id = channelIds.declare(c.required("id"));
            Optional<DigitalChannel.Kind> kind = Values.choice(c, "kind", DigitalChannel.Kind.class);
            Optional<String> name = c.required("name").map(Scalar::value);
            Optional<HealthCheck> health = health(c.section("health"));
            if (id.isPresent() && kind.isPresent() && name.isPresent()) {
                channels.add(new DigitalChannel(id.get(), kind.get(), name.get(), health));
            }
        }
        return channels;
    }

    /**
     * A channel's optional health check: {@code url} (required, http or https), {@code interval} (1s..1h,
     * default 30s), {@code timeout} (100ms..1m, default 5s, shorter than the interval),
     * {@code failures-before-down} and {@code successes-before-up} (1..100, default 2).
     */
    private Optional<HealthCheck> health(Section h) {
        if (!h.present()) {
            return Optional.empty();
        }
        Optional<URI> url = h.required("url").flatMap(u -> Values.convert(problems, u, Values::httpUrl));
        Duration interval = Values.duration(h, "interval", Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofHours(1));
        Duration timeout = Values.duration(h, "timeout", Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMinutes(1));
        int down = Values.integer(h, "failures-before-down", 2, 1, 100);
        int up = Values.integer(h, "successes-before-up", 2, 1, 100);
        if (timeout.compareTo(interval) >= 0) {
            problems.error(h.lineOf(h.has("timeout") ? "timeout" : "interval"), h.key(h.has("timeout") ? "timeout" : "interval"),
                    "the timeout (" + Durations.format(timeout) + ") must be shorter than the interval ("
                            + Durations.format(interval) + "), or checks would overlap");
            return Optional.empty();
        }
        return url.map(u -> new HealthCheck(u, interval, timeout, down, up));
    }

    private List<Flow> flows(List<Section> sections) {
        List<Flow> flows = new ArrayList<>();
        for (Section f : sections) {
            Optional<String> id = flowIds.declare(f.required("id"));
            Optional<String> title = f.required("title").map(Scalar::value);
            Optional<URI> url = f.required("url").flatMap(u -> Values.convert(problems, u, Values::httpUrl));
            Optional<String> channel = f.required("channel").flatMap(channelIds::refer);
            if (id.isPresent() && title.isPresent() && url.isPresent() && channel.isPresent()) {
                flows.add(new Flow(id.get(), title.get(), url.get(), channel.get()));
            }
        }
        return flows;
    }

    private List<QueueSettings> queues(List<Section> sections, Set<String> templateLanguages) {
        List<QueueSettings> queues = new ArrayList<>();
        for (Section q : sections) {
            Optional<String> name = queueNames.declare(q.required("name"));
            Scalar language = q.scalar("language")
                    .orElse(new Scalar(q.key("language"), io.waitless.deflect.Languages.FROM_CHANNEL,
                            io.waitless.deflect.Languages.FROM_CHANNEL, q.line(), List.of()));
            if (language.value().equals(io.waitless.deflect.Languages.FROM_CHANNEL)) {
                // the caller's channel language, or the fallback: any SMS template may be needed (and falls back)
            } else if (!languages.contains(language.value())) {
                problems.error(language.line(), language.key(), language.shown() + " is not one of prompts.languages ("
                        + String.join(", ", languages) + "), or channel for the caller's own");
            } else if (!templateLanguages.contains(language.value())) {
                problems.error(language.line(), language.key(), language.shown() + " has no SMS template"
                        + " (add sms.templates." + language.value() + "; templates: " + String.join(", ", templateLanguages) + ")");
            }
            Duration every = Values.duration(q, "periodic-announce-every", Duration.ofSeconds(60), Duration.ZERO, Duration.ofHours(1));
            Optional<String> region = q.scalar("region").flatMap(r -> Values.convert(problems, r, Values::region));
            name.ifPresent(n -> queues.add(new QueueSettings(n, language.value(), every, region)));
            name.ifPresent(n -> queueSections.put(n, q));
        }
        return queues;
    }

    private List<Promotion> promotions(List<Section> sections) {
        List<Promotion> promotions = new ArrayList<>();
        for (Section p : sections) {
            Optional<String> id = promotionIds.declare(p.required("id"));
            Optional<String> flow = p.required("flow").flatMap(flowIds::refer);
            Optional<String> text = p.required("text").map(Scalar::value);
            String incentive = Values.text(p, "incentive", "");
            List<String> inQueues = p.scalars("queues").stream().flatMap(q -> queueNames.refer(q).stream()).toList();
            int priority = Values.integer(p, "priority", 0, -1_000_000, 1_000_000);
            String experiment = Values.text(p, "experiment", id.orElse(""));
            List<Section> variants = p.sections("variants");
            List<Scalar> intents = p.scalars("intents");
            intentRefs.addAll(intents);
            Optional<io.waitless.deflect.Schedule> hours = hours(p);
            Promotion base = new Promotion(id.orElse(""), flow.orElse(""), text.map(String::strip).orElse(""),
                    incentive.strip(), inQueues, priority, Optional.empty(),
                    new Promotion.Targeting(intents.stream().map(Scalar::value).map(String::strip).toList(), hours,
                            Values.duration(p, "do-not-re-offer", Promotion.Targeting.DEFAULT_REST, Duration.ZERO,
                                    Duration.ofDays(365))));
            // read the variants even when the promotion is broken, so their own mistakes are reported too
            List<Promotion> arms = p.has("variants") ? variants(p, base, experiment, variants) : List.of(base);
            if (id.isPresent() && flow.isPresent() && text.isPresent()) {
                promotions.addAll(arms);
            }
        }
        List<String> ids = promotions.stream().map(Promotion::id).toList();
        for (Promotion v : promotions) {
            if (v.variant().isPresent() && ids.indexOf(v.id()) != ids.lastIndexOf(v.id())) {
                problems.error(variantLines.getOrDefault(v.id(), 1), "promotions", "variant " + v.variant().get().name()
                        + " of promotion " + v.variant().get().promotion() + " plays as " + v.id()
                        + ", which is also the id of another promotion; rename one");
            }
        }
        return promotions;
    }

    /**
     * An A/B experiment: {@code variants[]} each with {@code id} (a-z, 0-9, -; up to 20), {@code weight}
     * (0..100, all adding up to 100; 0 stops a variant), and optional {@code text}, {@code incentive} and
     * {@code offer} (the "press 1" wording) replacing the promotion's for that variant.
     */
    private List<Promotion> variants(Section p, Promotion base, String experiment, List<Section> sections) {
        if (sections.size() < 2) {
            problems.error(p.lineOf("variants"), p.key("variants"), "an experiment needs at least two variants (has "
                    + sections.size() + "); without variants the promotion plays as it is");
        }
        if (!Values.ID.matcher(experiment).matches()) {
            problems.error(p.lineOf("experiment"), p.key("experiment"), "\"" + experiment + "\" is not " + ID_RULE);
        }
        List<Promotion> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        int sum = 0;
        for (Section v : sections) {
            Optional<Scalar> name = v.required("id");
            int weight = Values.integer(v, "weight", -1, 0, 100);
            if (!v.has("weight")) {
                problems.error(v.line(), v.key("weight"), "is required (0..100; the variants' weights add up to 100)");
            }
            String text = Values.text(v, "text", base.text()).strip();
            String incentive = Values.text(v, "incentive", base.incentive()).strip();
            String offer = Values.text(v, "offer", "").strip();
            if (name.isEmpty()) {
                continue;
            }
            Scalar n = name.get();
            if (!VARIANT.matcher(n.value()).matches()) {
                problems.error(n.line(), n.key(), n.shown() + " is not a variant id (1 to 20 of a-z, 0-9 and -, starting with a letter or digit)");
                continue;
            }
            Integer first = seen.putIfAbsent(n.value(), n.line());
            if (first != null) {
                problems.error(n.line(), n.key(), n.shown() + " is already a variant of this promotion (line " + first + ")");
                continue;
            }
            if (weight >= 0) {
                sum += weight;
                variantLines.put(base.id() + "-" + n.value(), n.line());
                out.add(new Promotion(base.id() + "-" + n.value(), base.flow(), text, incentive, base.queues(),
                        base.priority(), Optional.of(new Promotion.Variant(experiment, base.id(), n.value(), weight, offer)),
                        base.targeting()));
            }
        }
        if (out.size() == sections.size() && sum != 100) {
            problems.error(p.lineOf("variants"), p.key("variants"), "the weights add up to " + sum + ", not 100 ("
                    + String.join(" + ", out.stream().map(x -> x.variant().orElseThrow().name() + " "
                    + x.variant().orElseThrow().weight()).toList()) + ")");
        }
        return out;
    }

    private static final Pattern WINDOW = Pattern.compile(
            "(?<days>[a-z]{3}(?:-[a-z]{3})?(?:,[a-z]{3}(?:-[a-z]{3})?)*|daily)\\s+(?<from>\\d{1,2}:\\d{2})-(?<to>\\d{1,2}:\\d{2})");
    private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

    /**
     * A promotion's {@code hours}: a list of weekly windows such as {@code "sun-thu 08:00-20:00"},
     * {@code "fri 08:00-13:00"}, {@code "mon,wed 10:00-12:00"} or {@code "daily 00:00-24:00"}, read in
     * {@code company.timezone}. A window that ends before it starts, or two that overlap, are refused.
     */
    private Optional<io.waitless.deflect.Schedule> hours(Section p) {
        if (!p.has("hours")) {
            return Optional.empty();
        }
        List<Scalar> written = p.scalars("hours");
        List<io.waitless.deflect.Schedule.Window> windows = new ArrayList<>();
        List<Scalar> sources = new ArrayList<>();
        for (Scalar w : written) {
            Optional<io.waitless.deflect.Schedule.Window> window = Values.convert(problems, w, CatalogReader::window);
            if (window.isEmpty()) {
                continue;
            }
            for (int i = 0; i < windows.size(); i++) {
                if (windows.get(i).overlaps(window.get())) {
                    problems.error(w.line(), w.key(), w.shown() + " overlaps " + sources.get(i).shown() + " (line "
                            + sources.get(i).line() + "); merge them or make them meet end to start");
                }
            }
            windows.add(window.get());
            sources.add(w);
        }
        if (written.isEmpty()) {
            problems.error(p.lineOf("hours"), p.key("hours"), "is empty; leave it out for a promotion that always runs");
        }
        return windows.isEmpty() || windows.size() != written.size() ? Optional.empty()
                : Optional.of(new io.waitless.deflect.Schedule(zone, windows));
    }

    private static io.waitless.deflect.Schedule.Window window(String v) {
        java.util.regex.Matcher m = WINDOW.matcher(v.strip().toLowerCase(java.util.Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("is not a window like \"mon-fri 08:00-20:00\" (days: mon..sun, ranges"
                    + " and lists such as sun-thu or mon,wed, or daily; times HH:MM, 24:00 for midnight at the end)");
        }
        java.util.EnumSet<java.time.DayOfWeek> days = java.util.EnumSet.noneOf(java.time.DayOfWeek.class);
        if (m.group("days").equals("daily")) {
            days = java.util.EnumSet.allOf(java.time.DayOfWeek.class);
        } else {
            for (String part : m.group("days").split(",")) {
                String[] ends = part.split("-");
                int a = day(ends[0]);
                int b = day(ends[ends.length - 1]);
                for (int d = a; ; d = (d + 1) % 7) { // sun-thu wraps over the end of the week
                    days.add(java.time.DayOfWeek.of(d + 1));
                    if (d == b) {
                        break;
                    }
                }
            }
        }
        java.time.LocalTime from = time(m.group("from"), false);
        java.time.LocalTime to = time(m.group("to"), true);
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("ends at " + m.group("to") + ", not after it starts (" + m.group("from")
                    + "); a window over midnight is two windows, e.g. \"fri 22:00-24:00\" and \"sat 00:00-02:00\"");
        }
        return new io.waitless.deflect.Schedule.Window(days, from, to);
    }

    private static int day(String d) {
        int i = DAYS.indexOf(d);
        if (i < 0) {
            throw new IllegalArgumentException("has \"" + d + "\", which is not a day (mon, tue, wed, thu, fri, sat, sun)");
        }
        return i;
    }

    private static java.time.LocalTime time(String t, boolean end) {
        String[] hm = t.split(":");
        int h = Integer.parseInt(hm[0]);
        int m = Integer.parseInt(hm[1]);
        if (end && h == 24 && m == 0) {
            return java.time.LocalTime.MAX;
        }
        if (h > 23 || m > 59) {
            throw new IllegalArgumentException("has " + t + ", which is not a time of day (00:00 to 23:59, or 24:00 at the end)");
        }
        return java.time.LocalTime.of(h, m);
    }

    private static final Pattern VARIANT = Pattern.compile("[a-z0-9][a-z0-9-]{0,19}");

    private static void requireOne(Section root, String list, List<Section> entries) {
        if (entries.isEmpty()) {
            root.problems().error(root.lineOf(list), root.key(list), "needs at least one entry");
        }
    }

    private static void warnAboutQueuesWithoutPromotions(Section root, List<QueueSettings> queues, List<Promotion> promotions) {
        for (QueueSettings q : queues) {
            if (promotions.stream().noneMatch(p -> p.playsIn(q.name()))) {
                root.problems().warning(root.lineOf("queues"), "queues", "queue " + q.name()
                        + " has no promotion, so its callers are never offered a text");
            }
        }
    }

    /** The ids declared in one list: refuses bad and repeated ones, and references to unknown ones. */
    private static final class Ids {
        private final Problems problems;
        private final String what;
        private final Pattern pattern;
        private final String rule;
        private final Map<String, Integer> lines = new HashMap<>();
        private final List<String> order = new ArrayList<>();

        Ids(Problems problems, String what, Pattern pattern, String rule) {
            this.problems = problems;
            this.what = what;
            this.pattern = pattern;
            this.rule = rule;
        }

        Optional<String> declare(Optional<Scalar> id) {
            return id.flatMap(s -> {
                if (!pattern.matcher(s.value()).matches()) {
                    problems.error(s.line(), s.key(), s.shown() + " is not " + rule);
                    return Optional.empty();
                }
                Integer first = lines.putIfAbsent(s.value(), s.line());
                if (first != null) {
                    problems.error(s.line(), s.key(), s.shown() + " is already used by another " + what
                            + " (line " + first + ")");
                    return Optional.empty();
                }
                order.add(s.value());
                return Optional.of(s.value());
            });
        }

        Optional<String> refer(Scalar ref) {
            if (lines.containsKey(ref.value())) {
                return Optional.of(ref.value());
            }
            problems.error(ref.line(), ref.key(), "there is no " + what + " " + ref.shown()
                    + " (" + what + "s: " + (order.isEmpty() ? "none" : String.join(", ", order)) + ")");
            return Optional.empty();
        }
    }
}
