package io.waitless.deflect;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.zip.CRC32;

/**
 * Picks the promotion a caller hears: among the promotions that play in the caller's queue and are usable now
 * (their channel is up) — narrowed to those promoting the flow of the caller's spoken intent when there are
 * any — the highest priority; among
 * equals, one chosen by a stable hash of the caller reference (or the call id when the
 * number is unknown), so a caller who calls again hears the same one. An A/B experiment's variants count as
 * one promotion there; when it is chosen, the caller's variant is picked by weight (see {@link #variant}).
 * Thread-safe.
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

    /**
     * @param usable whether a promotion may be played now (e.g. its channel is up)
     */
    public Optional<Promotion> choose(String queue, String stickyKey, Optional<String> flow, Predicate<Promotion> usable) {
        return choose(queue, stickyKey, Optional.empty(), flow, usable);
    }

    /**
     * @param intent the caller's spoken intent, when known: promotions whose {@code intents} leave it out are
     *               not chosen, and those that name it are preferred like those of its {@code flow}
     */
    public Optional<Promotion> choose(String queue, String stickyKey, Optional<String> intent, Optional<String> flow,
                                      Predicate<Promotion> usable) {
        List<Promotion> fit = promotions.stream().filter(p -> p.playsIn(queue)).filter(p -> p.suits(intent))
                .filter(usable).filter(p -> p.variant().map(v -> v.weight() > 0).orElse(true)).toList();
        if (fit.isEmpty()) {
            return Optional.empty();
        }
        if (flow.isPresent() || intent.isPresent()) {
            List<Promotion> forIntent = fit.stream().filter(p -> flow.filter(p.flow()::equals).isPresent()
                    || intent.filter(p.targeting().intents()::contains).isPresent()).toList();
            if (!forIntent.isEmpty()) {
                fit = forIntent;
            }
        }
        int top = fit.stream().mapToInt(Promotion::priority).max().orElseThrow();
        Map<String, List<Promotion>> slots = fit.stream().filter(p -> p.priority() == top)
                .collect(Collectors.groupingBy(Promotion::slot, TreeMap::new, Collectors.toList()));
        List<List<Promotion>> best = List.copyOf(slots.values());
        List<Promotion> slot = best.get((int) (hash(stickyKey) % best.size()));
        return Optional.of(slot.size() == 1 && slot.getFirst().variant().isEmpty() ? slot.getFirst() : variant(slot, stickyKey));
    }

    /**
     * The variant of an experiment a caller is in: a bucket 0..99 from a SHA-256 of the caller and the experiment's
     * name, laid over the variants' weights in config order. The same caller lands in the same variant on every
     * call while the weights stay; stopping a variant (weight 0) moves only its callers and those whose bucket
     * the new weights shift.
     */
    static Promotion variant(List<Promotion> variants, String stickyKey) {
        String experiment = variants.getFirst().variant().orElseThrow().experiment();
        int total = variants.stream().mapToInt(p -> p.variant().orElseThrow().weight()).sum();
        long bucket = Long.remainderUnsigned(mix(stickyKey + "\n" + experiment), total);
        for (Promotion p : variants) {
            bucket -= p.variant().orElseThrow().weight();
            if (bucket < 0) {
                return p;
            }
        }
        return variants.getLast();
    }

    /**
     * SHA-256 of the key, first 8 bytes: unlike CRC-32, which is linear, two experiment names make independent
     * draws of the same callers.
     */
    private static long mix(String key) {
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return java.nio.ByteBuffer.wrap(h).getLong();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static long hash(String key) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }
}
