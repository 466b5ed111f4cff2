package io.waitless.deflect;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.zip.CRC32;

/**
 * Picks the promotion a caller hears: among the promotions that play in the caller's queue and are usable now
 * (their channel is up) — narrowed to those promoting the flow of the caller's spoken intent when there are
 * any — the highest priority; among
 * equals, one chosen by a stable hash of the caller reference (or the call id when the
 * number is unknown), so a caller who calls again hears the same one. Thread-safe.
 */
public final class PromotionChooser {
    private final List<Promotion> promotions;

    public PromotionChooser(List<Promotion> promotions) {
        this.promotions = List.copyOf(promotions);
    }

    public Optional<Promotion> choose(String queue, String stickyKey) {
        return choose(queue, stickyKey, Optional.empty());
    }

    /**
     * @param flow the self-service flow the caller's intent maps to; a promotion of that flow wins over any
     *             other that plays in the queue, whatever its priority. No such promotion: as if no intent.
     */
    public Optional<Promotion> choose(String queue, String stickyKey, Optional<String> flow) {
        return choose(queue, stickyKey, flow, p -> true);
    }

    /** @param usable whether a promotion may be played now (e.g. its channel is up) */
    public Optional<Promotion> choose(String queue, String stickyKey, Optional<String> flow, Predicate<Promotion> usable) {
        List<Promotion> fit = promotions.stream().filter(p -> p.playsIn(queue)).filter(usable).toList();
        if (fit.isEmpty()) {
            return Optional.empty();
        }
        if (flow.isPresent()) {
            List<Promotion> forFlow = fit.stream().filter(p -> p.flow().equals(flow.get())).toList();
            if (!forFlow.isEmpty()) {
                fit = forFlow;
            }
        }
        int top = fit.stream().mapToInt(Promotion::priority).max().orElseThrow();
        List<Promotion> best = fit.stream().filter(p -> p.priority() == top)
                .sorted(Comparator.comparing(Promotion::id)).toList();
        CRC32 crc = new CRC32();
        crc.update(stickyKey.getBytes(StandardCharsets.UTF_8));
        return Optional.of(best.get((int) (crc.getValue() % best.size())));
    }
}
