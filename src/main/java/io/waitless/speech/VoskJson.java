package io.waitless.speech;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The JSON libvosk speaks: the grammar we hand it, and the results it hands back. Pure functions,
 * no native code, so the wire is tested without a model.
 */
final class VoskJson {

    /** Vosk's word for "something outside the grammar". */
    static final String UNKNOWN = "[unk]";

    private VoskJson() {
    }

    /**
     * The grammar for {@code phrases}: each lower-cased, trimmed, inner whitespace collapsed,
     * blanks and duplicates dropped (first occurrence kept), then {@code "[unk]"} so speech
     * outside the phrases decodes as unknown instead of being forced onto the nearest phrase.
     *
     * @throws SpeechException if no phrase is left
     */
    static String grammar(List<String> phrases) {
        Set<String> kept = new LinkedHashSet<>();
        for (String p : phrases) {
            String n = p.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
            if (!n.isEmpty() && !n.equals(UNKNOWN)) {
                kept.add(n);
            }
        }
        if (kept.isEmpty()) {
            throw new SpeechException("no usable phrase for a Vosk grammar in " + phrases);
        }
        JsonArray array = new JsonArray();
        kept.forEach(array::add);
        array.add(UNKNOWN);
        return array.toString(); // JsonElement.toString does not HTML-escape: "don't" stays as is
    }

    /** One recognised word with Vosk's posterior confidence (0..1). */
    record Word(String word, double conf) {
        boolean unknown() {
            return word.equals(UNKNOWN);
        }
    }

    /**
     * One result: {@code text} without {@code [unk]}, lower-case, single spaces; {@code words}
     * including {@code [unk]} (empty when Vosk gave no per-word detail, e.g. for partials).
     */
    record Result(String text, List<Word> words) {
        /** Words whose confidence counts: all of them, {@code [unk]} with 0. */
        double confidenceSum() {
            return words.stream().mapToDouble(w -> w.unknown() ? 0 : w.conf()).sum();
        }

        long unknownWords() {
            return words.stream().filter(Word::unknown).count();
        }

        /** Mean word confidence, {@code [unk]} counting as 0; 0 without words. */
        double confidence() {
            return words.isEmpty() ? 0 : confidenceSum() / words.size();
        }
    }

    /**
     * Parses a result, final result or partial result of a recognizer with {@code setWords(true)}:
     * {@code {"result":[{"conf":..,"end":..,"start":..,"word":".."}],"text":".."}} or
     * {@code {"partial":".."}}.
     *
     * @throws SpeechException if {@code json} is not such an object
     */
    static Result parse(String json) {
        try {
            JsonObject o = JsonParser.parseString(json).getAsJsonObject();
            String raw = o.has("text") ? o.get("text").getAsString()
                    : o.has("partial") ? o.get("partial").getAsString() : "";
            List<Word> words = new ArrayList<>();
            JsonElement result = o.get("result");
            if (result != null && result.isJsonArray()) {
                for (JsonElement e : result.getAsJsonArray()) {
                    JsonObject w = e.getAsJsonObject();
                    double conf = Math.max(0, Math.min(1, w.get("conf").getAsDouble()));
                    words.add(new Word(w.get("word").getAsString().toLowerCase(Locale.ROOT), conf));
                }
            }
            return new Result(clean(raw), List.copyOf(words));
        } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException e) {
            throw new SpeechException("unreadable Vosk result: " + json, e);
        }
    }

    private static String clean(String text) {
        return Arrays.stream(text.strip().toLowerCase(Locale.ROOT).split("\\s+"))
                .filter(w -> !w.isEmpty() && !w.equals(UNKNOWN))
                .collect(Collectors.joining(" "));
    }
}
