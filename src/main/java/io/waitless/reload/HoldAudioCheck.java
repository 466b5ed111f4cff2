package io.waitless.reload;

import io.waitless.config.WaitlessConfig;
import io.waitless.deflect.Promotion;
import io.waitless.prompts.HoldAudioLayout;
import io.waitless.prompts.Prompt;
import io.waitless.prompts.PromptBuilder;
import io.waitless.prompts.PromptException;
import io.waitless.prompts.PromptState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Before a reload puts a promotion (or a variant) in front of callers, its hold audio must be there: both of
 * its clips built from the text now configured ({@code waitless prompts build}) and laid out in its
 * music-on-hold classes. Otherwise Asterisk would play a class that does not exist, or the old wording, while
 * the journal says the new one. Only promotions the reload adds or rewords are checked, so a node started
 * before its prompts were built can still take unrelated changes.
 */
final class HoldAudioCheck {
    private HoldAudioCheck() {
    }

    /** Each problem as {@code file:line: promotions: message}, the line that of the promotion's id. */
    static List<String> problems(WaitlessConfig running, WaitlessConfig next, String text) {
        List<String> out = new ArrayList<>();
        List<Prompt> prompts;
        try {
            prompts = PromptBuilder.prompts(next);
        } catch (PromptException e) {
            return List.of(next.source() + ": prompts: " + e.getMessage());
        }
        Map<String, PromptState> states;
        try (PromptBuilder builder = new PromptBuilder(next.prompts())) {
            states = builder.check(prompts);
        }
        for (Promotion p : next.promotions()) {
            Optional<Promotion> before = running.promotions().stream().filter(x -> x.id().equals(p.id())).findFirst();
            if (before.isPresent() && sameAudio(running, before.get(), next, p)) {
                continue;
            }
            List<String> wrong = new ArrayList<>();
            for (String id : List.of(PromptBuilder.promoId(p), PromptBuilder.noOfferPromoId(p))) {
                PromptState s = states.getOrDefault(id, PromptState.MISSING);
                if (s != PromptState.UP_TO_DATE) {
                    wrong.add("clip " + id + " is " + (s == PromptState.MISSING ? "not built" : "built from other text"));
                }
            }
            if (wrong.isEmpty()) {
                for (String mohClass : List.of(p.mohClass(), p.noOfferMohClass())) {
                    try {
                        HoldAudioLayout.schedule(next.prompts().mohDirectory().resolve(mohClass), mohClass);
                    } catch (RuntimeException e) {
                        wrong.add("hold-audio class " + mohClass + " is not laid out");
                    }
                }
            }
            if (!wrong.isEmpty()) {
                out.add(next.source() + ":" + line(text, p) + ": promotions: " + name(p) + ": " + String.join("; ", wrong)
                        + ". Run 'waitless prompts build', then 'moh reload' in Asterisk, before callers can hear it");
            }
        }
        return out;
    }

    private static boolean sameAudio(WaitlessConfig a, Promotion pa, WaitlessConfig b, Promotion pb) {
        return pa.spokenText().equals(pb.spokenText())
                && offer(a, pa).equals(offer(b, pb))
                && Objects.equals(a.prompts().texts().get(PromptBuilder.ALTERNATIVE_TEXT),
                b.prompts().texts().get(PromptBuilder.ALTERNATIVE_TEXT))
                && a.prompts().voice().equals(b.prompts().voice()) && a.prompts().rate() == b.prompts().rate()
                && a.prompts().pitch() == b.prompts().pitch();
    }

    private static String offer(WaitlessConfig c, Promotion p) {
        return p.ownOffer().orElse(c.prompts().texts().getOrDefault(PromptBuilder.OFFER_TEXT, ""));
    }

    private static String name(Promotion p) {
        return p.variant().map(v -> v.promotion() + " variant " + v.name()).orElse(p.id());
    }

    /** The line of the promotion's {@code id:} (of the variant's, after it, for a variant); 1 if not found. */
    static int line(String text, Promotion p) {
        String[] lines = text.split("\n", -1);
        String promotion = p.variant().map(Promotion.Variant::promotion).orElse(p.id());
        int at = find(lines, promotion, 0);
        if (at >= 0 && p.variant().isPresent()) {
            int v = find(lines, p.variant().get().name(), at + 1);
            at = v >= 0 ? v : at;
        }
        return at + 1 <= 0 ? 1 : at + 1;
    }

    private static int find(String[] lines, String id, int from) {
        // "- id: x", "id: 'x'" or flow style "- {id: x, ...}"
        Pattern idLine = Pattern.compile("(^|[{,\\s])id:\\s*[\"']?" + Pattern.quote(id) + "[\"']?\\s*([,}#]|$)");
        for (int i = from; i < lines.length; i++) {
            if (idLine.matcher(lines[i]).find()) {
                return i;
            }
        }
        return -1;
    }
}
