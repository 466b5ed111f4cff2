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
                   List<QueueSettings> queues, Map<String, Section> queueSections) {}

    private final Problems problems;
    private final Ids channelIds;
    private final Ids flowIds;
    private final Ids queueNames;
    private final Ids promotionIds;
    private final Map<String, Section> queueSections = new java.util.LinkedHashMap<>();
    private final Map<String, Integer> variantLines = new HashMap<>();

    private CatalogReader(Problems problems) {
        this.problems = problems;
        this.channelIds = new Ids(problems, "channel", Values.ID, ID_RULE);
        this.flowIds = new Ids(problems, "flow", Values.ID, ID_RULE);
        this.queueNames = new Ids(problems, "queue", QUEUE_NAME, QUEUE_RULE);
        this.promotionIds = new Ids(problems, "promotion", Values.ID, ID_RULE);
    }

    /** Reads the four lists in the order their references need: channels, flows, queues, promotions. */
    static Catalog read(Section root, Set<String> templateLanguages) {
        CatalogReader reader = new CatalogReader(root.problems());
        List<DigitalChannel> channels = reader.channels(root.sections("channels"));
        List<Flow> flows = reader.flows(root.sections("flows"));
        List<Section> queueSections = root.sections("queues");
        List<QueueSettings> queues = reader.queues(queueSections, templateLanguages);
        List<Section> promotionSections = root.sections("promotions");
        List<Promotion> promotions = reader.promotions(promotionSections);
        requireOne(root, "promotions", promotionSections);
        requireOne(root, "queues", queueSections);
        warnAboutQueuesWithoutPromotions(root, queues, promotions);
        return new Catalog(channels, flows, promotions, queues, reader.queueSections);
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
                    .orElse(new Scalar(q.key("language"), "en", "en", q.line(), List.of()));
            if (!templateLanguages.contains(language.value())) {
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
            Promotion base = new Promotion(id.orElse(""), flow.orElse(""), text.map(String::strip).orElse(""),
                    incentive.strip(), inQueues, priority);
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
                        base.priority(), Optional.of(new Promotion.Variant(experiment, base.id(), n.value(), weight, offer))));
            }
        }
        if (out.size() == sections.size() && sum != 100) {
            problems.error(p.lineOf("variants"), p.key("variants"), "the weights add up to " + sum + ", not 100 ("
                    + String.join(" + ", out.stream().map(x -> x.variant().orElseThrow().name() + " "
                    + x.variant().orElseThrow().weight()).toList()) + ")");
        }
        return out;
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
