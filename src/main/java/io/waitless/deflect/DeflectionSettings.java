package io.waitless.deflect;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 */
public record DeflectionSettings(String company, String sender, URI publicBaseUrl, Duration linkTtl,
                                 Map<String, String> templates, Map<String, Map<String, String>> flowTemplates,
                                 List<Flow> flows, List<Promotion> promotions) {
    public DeflectionSettings {
        if (templates.isEmpty()) {
            throw new IllegalArgumentException("at least one SMS template is needed");
        }
        templates = Collections.unmodifiableMap(new LinkedHashMap<>(templates));
        flowTemplates = flowTemplates.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Map.copyOf(e.getValue())));
        flows = List.copyOf(flows);
        promotions = List.copyOf(promotions);
    }

    /** Without flow-specific templates. */
    public DeflectionSettings(String company, String sender, URI publicBaseUrl, Duration linkTtl,
                              Map<String, String> templates, List<Flow> flows, List<Promotion> promotions) {
        this(company, sender, publicBaseUrl, linkTtl, templates, Map.of(), flows, promotions);
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
