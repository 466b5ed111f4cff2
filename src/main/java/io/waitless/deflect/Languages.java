package io.waitless.deflect;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The languages callers may hear and how a caller's is chosen.
 *
 * @param supported the languages prompts exist in (or will: other than {@code en} they are recorded); the first
 *                  is the fallback
 * @param byQueue   a queue's language ({@code he}), or {@link #FROM_CHANNEL} to take the caller's channel
 *                  language ({@code agi_language}, set by the endpoint or the dialplan); queues not listed take
 *                  the channel's
 */
public record Languages(List<String> supported, Map<String, String> byQueue) {
    /** The queue language that means "the channel's". */
    public static final String FROM_CHANNEL = "channel";
    /** English only. */
    public static final Languages ENGLISH = new Languages(List.of("en"), Map.of());

    public Languages {
        supported = List.copyOf(supported);
        byQueue = Map.copyOf(byQueue);
        if (supported.isEmpty()) {
            throw new IllegalArgumentException("at least one language is needed");
        }
    }

    /** The language of callers whose own is not supported. */
    public String fallback() {
        return supported.getFirst();
    }

    /**
     * The caller's language: the queue's when it has one; else the channel's when supported (also as
     * {@code he_IL} or {@code he-IL} for {@code he}); else the fallback.
     */
    public String resolve(String queue, String channelLanguage) {
        String configured = byQueue.getOrDefault(queue, FROM_CHANNEL);
        if (!configured.equals(FROM_CHANNEL)) {
            return configured;
        }
        String lang = channelLanguage == null ? "" : channelLanguage.strip();
        if (supported.contains(lang)) {
            return lang;
        }
        String base = lang.split("[_-]", 2)[0].toLowerCase(Locale.ROOT);
        return supported.contains(base) ? base : fallback();
    }

    /**
     * The hold-audio class of {@code baseClass} for a language: the class itself for the fallback language,
     * {@code <class>_<language>} for another ({@code _} cannot appear in ids, so names never collide).
     */
    public String holdClass(String baseClass, String language) {
        return language.equals(fallback()) ? baseClass : baseClass + "_" + language;
    }
}
