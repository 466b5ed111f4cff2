package io.waitless.deflect;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the {@link Deflector} needs from the configuration, without depending on it.
 *
 * @param company       the company name used in texts
 * @param sender        SMS sender id
 * @param publicBaseUrl base of short links
 * @param linkTtl       how long a link works
 * @param templates     default SMS template per language ({@code {company}}, {@code {flow}}, {@code {link}}), in
 *                      configured order
 * @param flowTemplates per language, templates for particular flows (flow id → template)
 * @param promptVersions the version of what a caller hears before pressing 1, by promotion id ({@code ""}: no
 *                      promotion); see {@link #promptVersion(String, String)}
 */
public record DeflectionSettings(String company, String sender, URI publicBaseUrl, Duration linkTtl,
                                 Map<String, String> templates, Map<String, Map<String, String>> flowTemplates,
                                 List<Flow> flows, List<Promotion> promotions, Map<String, String> promptVersions,
                                 Languages languages, java.util.Set<String> localizedClasses) {
    public DeflectionSettings {
        Objects.requireNonNull(languages, "languages");
        localizedClasses = java.util.Set.copyOf(localizedClasses);
        if (templates.isEmpty()) {
            throw new IllegalArgumentException("at least one SMS template is needed");
        }
        templates = Collections.unmodifiableMap(new LinkedHashMap<>(templates));
        flowTemplates = flowTemplates.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Map.copyOf(e.getValue())));
        flows = List.copyOf(flows);
        promotions = List.copyOf(promotions);
        promptVersions = Map.copyOf(promptVersions);
    }

    /**
     * Settings whose prompt versions are computed, once, from the spoken offer text ({@code prompts.texts.offer})
     * and each promotion's {@link Promotion#spokenText()}.
     */
    public DeflectionSettings(String company, String sender, URI publicBaseUrl, Duration linkTtl,
                              Map<String, String> templates, Map<String, Map<String, String>> flowTemplates,
                              List<Flow> flows, List<Promotion> promotions, String offerText) {
        this(company, sender, publicBaseUrl, linkTtl, templates, flowTemplates, flows, promotions,
                versions(offerText, promotions), Languages.ENGLISH, java.util.Set.of());
    }

    /**
     * These settings with callers' languages, and the hold-audio classes laid out for languages other than the
     * fallback ({@code waitless-<id>_<language>}, see {@link Languages#holdClass}).
     */
    public DeflectionSettings withLanguages(Languages languages, java.util.Set<String> localizedClasses) {
        return new DeflectionSettings(company, sender, publicBaseUrl, linkTtl, templates, flowTemplates, flows,
                promotions, promptVersions, languages, localizedClasses);
    }

    /**
     * The hold-audio class for a caller of {@code language}: the language's own when it is laid out, else the
     * fallback language's.
     */
    public String holdClass(String baseClass, String language) {
        String localized = languages.holdClass(baseClass, language);
        return localized.equals(baseClass) || localizedClasses.contains(localized) ? localized : baseClass;
    }

    private static Map<String, String> versions(String offerText, List<Promotion> promotions) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("", promptVersion(offerText, ""));
        promotions.forEach(p -> out.put(p.id(), promptVersion(p.ownOffer().orElse(offerText), p.spokenText())));
        return out;
    }

    /** First 8 hex digits of SHA-256 over the offer text, a newline, and the promotion's spoken text. */
    public static String promptVersion(String offerText, String promotionText) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest((offerText + "\n" + promotionText).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The version of what the caller heard with this promotion (or with none, for an unknown id). */
    public String promptVersion(String promotionId) {
        return promptVersions.getOrDefault(promotionId, promptVersions.getOrDefault("", ""));
    }

    /** Without flow-specific templates. */
    public DeflectionSettings(String company, String sender, URI publicBaseUrl, Duration linkTtl,
                              Map<String, String> templates, List<Flow> flows, List<Promotion> promotions,
                              String offerText) {
        this(company, sender, publicBaseUrl, linkTtl, templates, Map.of(), flows, promotions, offerText);
    }

    public Optional<Flow> flow(String id) {
        return flows.stream().filter(f -> f.id().equals(id)).findFirst();
    }

    public Optional<Promotion> promotion(String id) {
        return promotions.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /**
     * The SMS template for a caller's language and the offered flow: the language's template for that flow
     * when there is one, else the language's default, else the default of the <em>first language configured</em>
     * under {@code sms.templates} (the config refuses queues whose language has no template, so that last step
     * is only for callers whose language was not foreseen). Never null.
     */
    public String template(String language, String flowId) {
        return Optional.ofNullable(flowTemplates.getOrDefault(language, Map.of()).get(flowId))
                .or(() -> Optional.ofNullable(templates.get(language)))
                .orElseGet(() -> templates.values().iterator().next());
    }
}
