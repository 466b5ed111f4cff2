package io.waitless.deflect;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the {@link Deflector} needs from the configuration, without depending on it.
 *
 * @param company       the company name used in texts
 * @param sender        SMS sender id
 * @param publicBaseUrl base of short links
 * @param linkTtl       how long a link works
 * @param templates     SMS template per language ({@code {company}}, {@code {flow}}, {@code {link}})
 * @param promptVersions the version of what a caller hears before pressing 1, by promotion id ({@code ""}: no
 *                      promotion); see {@link #promptVersion(String, String)}
 */
public record DeflectionSettings(String company, String sender, URI publicBaseUrl, Duration linkTtl,
                                 Map<String, String> templates, List<Flow> flows, List<Promotion> promotions,
                                 Map<String, String> promptVersions) {
    public DeflectionSettings {
        templates = Map.copyOf(templates);
        flows = List.copyOf(flows);
        promotions = List.copyOf(promotions);
        promptVersions = Map.copyOf(promptVersions);
    }

    /**
     * Settings whose prompt versions are computed, once, from the spoken offer text ({@code prompts.texts.offer})
     * and each promotion's {@link Promotion#spokenText()}.
     */
    public DeflectionSettings(String company, String sender, URI publicBaseUrl, Duration linkTtl,
                              Map<String, String> templates, List<Flow> flows, List<Promotion> promotions,
                              String offerText) {
        this(company, sender, publicBaseUrl, linkTtl, templates, flows, promotions, versions(offerText, promotions));
    }

    private static Map<String, String> versions(String offerText, List<Promotion> promotions) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("", promptVersion(offerText, ""));
        promotions.forEach(p -> out.put(p.id(), promptVersion(offerText, p.spokenText())));
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

    public Optional<Flow> flow(String id) {
        return flows.stream().filter(f -> f.id().equals(id)).findFirst();
    }

    public Optional<Promotion> promotion(String id) {
        return promotions.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** The SMS text for a language, falling back to English, then to any template. */
    public String template(String language) {
        return Optional.ofNullable(templates.get(language)).or(() -> Optional.ofNullable(templates.get("en")))
                .orElseGet(() -> templates.values().iterator().next());
    }
}
