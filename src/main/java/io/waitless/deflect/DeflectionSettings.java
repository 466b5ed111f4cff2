package io.waitless.deflect;

import java.net.URI;
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
 */
public record DeflectionSettings(String company, String sender, URI publicBaseUrl, Duration linkTtl,
                                 Map<String, String> templates, List<Flow> flows, List<Promotion> promotions) {
    public DeflectionSettings {
        templates = Map.copyOf(templates);
        flows = List.copyOf(flows);
        promotions = List.copyOf(promotions);
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
