package io.waitless.config;

import io.waitless.config.WaitlessConfig.Company;
import io.waitless.config.WaitlessConfig.GatewayKind;
import io.waitless.config.WaitlessConfig.Kannel;
import io.waitless.config.WaitlessConfig.Links;
import io.waitless.config.WaitlessConfig.Sms;
import io.waitless.config.WaitlessConfig.Smpp;
import io.waitless.config.WaitlessConfig.Twilio;
import io.waitless.deflect.Flow;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the {@code sms} section: gateway, sender, timeout, outbox, templates (per language, optionally per
 * flow), the gateway blocks (see {@link SmsGatewayReader}), retry and breaker.
 */
final class SmsReader {

    /** The placeholders a template may use. */
    static final Set<String> PLACEHOLDERS = Set.of("company", "flow", "link");
    /** The key of a language's text for every flow without its own. */
    static final String DEFAULT_TEMPLATE = "default";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Z]{2})?");

    /** The section as read, with the template scalars (language → default or flow id → text) kept for later checks. */
    record Read(Sms sms, Map<String, Map<String, Scalar>> templateValues, Problems problems) {

        /** Errors for each flow template whose flow id is not among the configured flows. */
        void checkFlows(List<Flow> flows) {
            Set<String> ids = flows.stream().map(Flow::id).collect(Collectors.toSet());
            templateValues.values().forEach(perFlow -> perFlow.forEach((flow, t) -> {
                if (!flow.equals(DEFAULT_TEMPLATE) && !ids.contains(flow)) {
                    problems.error(t.line(), t.key(), "names flow \"" + flow + "\", which is not configured"
                            + Suggestions.didYouMean(flow, ids) + " (flows: " + String.join(", ", ids) + ")");
                }
            }));
        }

        /**
         * Warns about each template that needs more than one SMS segment: a flow's own text rendered with that
         * flow's title, a language's default with the longest flow title, both with a link of full length.
         */
        void warnAboutSegments(Company company, List<Flow> flows, Links links) {
            String link = links.publicBaseUrl() + "/l/" + "x".repeat(links.codeLength());
            Map<String, String> titles = flows.stream().collect(Collectors.toMap(Flow::id, Flow::title));
            String longestTitle = flows.stream().map(Flow::title)
                    .max((a, b) -> Integer.compare(a.length(), b.length())).orElse("");
            templateValues.values().forEach(perFlow -> perFlow.forEach((flow, template) -> {
                String title = flow.equals(DEFAULT_TEMPLATE) ? longestTitle : titles.getOrDefault(flow, longestTitle);
                String text = render(template.value(), company.name(), title, link);
                int segments = SmsSegments.count(text);
                if (segments > 1) {
                    problems.warning(template.line(), template.key(), "needs " + segments + " SMS segments ("
                            + text.length() + " characters in " + SmsSegments.encoding(text) + " with "
                            + (flow.equals(DEFAULT_TEMPLATE) ? "the longest flow title" : "the flow's title")
                            + " and a " + link.length() + "-character link; one segment holds "
                            + SmsSegments.singleLimit(text) + ")");
                }
            }));
        }
    }

    private SmsReader() {
    }

    static Read read(Section s) {
        Optional<GatewayKind> gateway = Values.choice(s, "gateway", GatewayKind.class);
        Optional<Scalar> senderValue = s.required("sender");
        senderValue.ifPresent(v -> warnAboutSender(s.problems(), v));
        String sender = senderValue.map(Scalar::value).orElse("");
        Duration timeout = Values.duration(s, "timeout", Duration.ofSeconds(3), Duration.ofMillis(100), Duration.ofSeconds(30));
        Path outbox = Path.of(Values.text(s, "outbox", "var/sms-outbox.jsonl"));
        Map<String, Map<String, Scalar>> templates = templates(s);
        GatewayKind kind = gateway.orElse(null);
        Optional<Kannel> kannel = block(s, "kannel", kind == GatewayKind.KANNEL,
                k -> SmsGatewayReader.kannel(k, kind == GatewayKind.KANNEL));
        Optional<Twilio> twilio = block(s, "twilio", kind == GatewayKind.TWILIO, SmsGatewayReader::twilio);
        Optional<Smpp> smpp = block(s, "smpp", kind == GatewayKind.SMPP, SmsGatewayReader::smpp);
        WaitlessConfig.Retry retry = SmsGatewayReader.retry(s.section("retry"), timeout);
        WaitlessConfig.Breaker breaker = SmsGatewayReader.breaker(s.section("breaker"));

        Map<String, String> defaults = new LinkedHashMap<>();
        Map<String, Map<String, String>> perFlow = new LinkedHashMap<>();
        templates.forEach((language, texts) -> texts.forEach((flow, scalar) -> {
            if (flow.equals(DEFAULT_TEMPLATE)) {
                defaults.put(language, scalar.value());
            } else {
                perFlow.computeIfAbsent(language, l -> new LinkedHashMap<>()).put(flow, scalar.value());
            }
        }));
        Sms sms = new Sms(gateway.orElse(GatewayKind.LOG), sender, timeout, defaults, kannel, outbox, perFlow,
                twilio, smpp, retry, breaker);
        return new Read(sms, templates, s.problems());
    }

    /** The block at {@code name}, read when written; an error at {@code sms.gateway} when needed but missing. */
    private static <T> Optional<T> block(Section s, String name, boolean needed, Function<Section, T> reader) {
        Section block = s.section(name);
        if (needed && !block.present()) {
            s.problems().error(s.lineOf("gateway"), s.key(name), "is missing; it is required when sms.gateway is "
                    + name);
        }
        return block.present() ? Optional.of(reader.apply(block)) : Optional.empty();
    }

    /** Phones show at most 11 characters of a sender name (GSM 03.40); a number may be longer. */
    private static void warnAboutSender(Problems problems, Scalar sender) {
        String v = sender.value();
        boolean alphanumeric = !v.matches("\\+?\\d+");
        if (alphanumeric && v.length() > 11) {
            problems.warning(sender.line(), sender.key(), "is " + v.length()
                    + " characters; phones show at most 11 characters of a sender name");
        }
    }

    private static Map<String, Map<String, Scalar>> templates(Section s) {
        Map<String, Map<String, Scalar>> templates = s.scalarOrMappingMap("templates", DEFAULT_TEMPLATE);
        if (templates.isEmpty() && !s.has("templates")) {
            s.missing("templates");
        }
        int line = s.lineOf("templates");
        templates.forEach((language, texts) -> {
            String key = s.key("templates") + "." + language;
            if (!LANGUAGE.matcher(language).matches()) {
                int at = texts.values().stream().mapToInt(Scalar::line).min().orElse(line);
                s.problems().error(at, key, "\"" + language + "\" is not a language code (e.g. en, he, pt-BR)");
            }
            if (!texts.containsKey(DEFAULT_TEMPLATE)) {
                int at = texts.values().stream().mapToInt(Scalar::line).min().orElse(line);
                s.problems().error(at, key, "has no default text (add " + key + "." + DEFAULT_TEMPLATE
                        + ": the text for flows without their own)");
            }
            texts.values().forEach(t -> checkPlaceholders(s.problems(), t));
        });
        return templates;
    }

    private static void checkPlaceholders(Problems problems, Scalar t) {
        if (!t.value().contains("{link}")) {
            problems.error(t.line(), t.key(), "has no {link}: the text must carry the caller's link");
        }
        Matcher m = PLACEHOLDER.matcher(t.value());
        while (m.find()) {
            if (!PLACEHOLDERS.contains(m.group(1))) {
                problems.error(t.line(), t.key(), "has an unknown placeholder {" + m.group(1)
                        + "} (allowed: {company}, {flow}, {link})");
            }
        }
    }

    static String render(String template, String company, String flow, String link) {
        return template.replace("{company}", company).replace("{flow}", flow).replace("{link}", link);
    }
}
