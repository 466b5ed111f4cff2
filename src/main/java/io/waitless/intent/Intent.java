package io.waitless.intent;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing a caller may want.
 *
 * @param id       the intent's id ({@code billing})
 * @param flow     the self-service flow that serves it; empty when no flow does ({@code cancel}, {@code agent})
 * @param phrases  example sentences callers say; at least one
 * @param synonyms words callers use instead of a word of the phrases ({@code bill → [invoice, statement]})
 */
public record Intent(String id, Optional<String> flow, List<String> phrases, Map<String, List<String>> synonyms) {

    public Intent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(flow, "flow");
        phrases = List.copyOf(phrases);
        synonyms = synonyms.entrySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
                Map.Entry::getKey, e -> List.copyOf(e.getValue())));
        if (phrases.isEmpty()) {
            throw new IllegalArgumentException("intent " + id + " has no phrases");
        }
    }
}
