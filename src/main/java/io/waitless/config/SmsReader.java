package io.waitless.config;

import io.waitless.config.WaitlessConfig.Company;
import io.waitless.config.WaitlessConfig.GatewayKind;
import io.waitless.config.WaitlessConfig.Kannel;
import io.waitless.config.WaitlessConfig.Links;
import io.waitless.config.WaitlessConfig.Sms;
import io.waitless.deflect.Flow;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the {@code sms} section: gateway, sender, timeout, outbox, templates and the Kannel block. */
final class SmsReader {

    /** The placeholders a template may use. */
    static final Set<String> PLACEHOLDERS = Set.of("company", "flow", "link");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Z]{2})?");

    /** The section as read, with the template scalars kept for messages that come later. */
    record Read(Sms sms, Map<String, Scalar> templateValues, Problems problems) {

        /** Warns about each template that needs more than one SMS segment with the longest flow title. */
        void warnAboutSegments(Company company, List<Flow> flows, Links links) {
            String link = links.publicBaseUrl() + "/l/" + "x".repeat(links.codeLength());
            String longestTitle = flows.stream().map(Flow::title)
                    .max((a, b) -> Integer.compare(a.length(), b.length())).orElse("");
            templateValues.forEach((language, template) -> {
                String text = render(template.value(), company.name(), longestTitle, link);
                int segments = SmsSegments.count(text);
                if (segments > 1) {
                    problems.warning(template.line(), template.key(), "needs " + segments + " SMS segments ("
                            + text.length() + " characters with the longest flow title and a " + link.length()
                            + "-character link; one segment holds " + SmsSegments.singleLimit(text) + ")");
                }
            });
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
        Map<String, Scalar> templates = templates(s);
        boolean kannelNeeded = gateway.orElse(null) == GatewayKind.KANNEL;
        Section kannelSection = s.section("kannel");
        Optional<Kannel> kannel = kannelSection.present()
                ? Optional.of(kannel(kannelSection, kannelNeeded)) : Optional.empty();
        if (kannelNeeded && !kannelSection.present()) {
            s.problems().error(s.lineOf("gateway"), s.key("kannel"), "is missing; it is required when sms.gateway is kannel");
        }
        Map<String, String> texts = new LinkedHashMap<>();
        templates.forEach((language, scalar) -> texts.put(language, scalar.value()));
        Sms sms = new Sms(gateway.orElse(GatewayKind.LOG), sender, timeout, texts, kannel, outbox);
        return new Read(sms, templates, s.problems());
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

    private static Map<String, Scalar> templates(Section s) {
        Map<String, Scalar> templates = s.scalarMap("templates");
        if (templates.isEmpty() && !s.has("templates")) {
            s.missing("templates");
        }
        for (Scalar t : templates.values()) {
            String language = t.key().substring(t.key().lastIndexOf('.') + 1);
            if (!LANGUAGE.matcher(language).matches()) {
                s.problems().error(t.line(), t.key(), "\"" + language + "\" is not a language code (e.g. en, he, pt-BR)");
            }
            checkPlaceholders(s.problems(), t);
        }
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

    private static Kannel kannel(Section k, boolean needed) {
        URI url = k.required("sendsms-url").flatMap(u -> Values.convert(k.problems(), u, Values::httpUrl)).orElse(null);
        String username = needed ? k.required("username").map(Scalar::value).orElse("") : Values.text(k, "username", "");
        String password = needed ? k.required("password").map(Scalar::value).orElse("") : Values.text(k, "password", "");
        String smsc = Values.text(k, "smsc", "");
        return new Kannel(url, username, password, smsc);
    }

    static String render(String template, String company, String flow, String link) {
        return template.replace("{company}", company).replace("{flow}", flow).replace("{link}", link);
    }
}
