package io.waitless.config;

import io.waitless.config.WaitlessConfig.Prompts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the {@code prompts} section: the TTS voice, the fixed prompt texts and the hold-audio layout. */
final class PromptsReader {

    /** The fixed prompts every node needs, by prompt id (also their file names). */
    static final List<String> TEXTS = List.of("reminder", "offer", "alternative", "sending", "sms-sent", "sms-failed", "no-sms");

    /** The spoken-dialogue prompts: optional, with these defaults (used only when speech is on). */
    static final Map<String, String> SPOKEN = spoken();

    private static Map<String, String> spoken() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("ask-intent", "In a few words, what are you calling about?");
        m.put("ask-intent-retry", "Sorry, I did not catch that. In a few words, what is your call about? Or just stay on the line.");
        m.put("offer-voice", "Or just say yes, and we will text you the link.");
        return java.util.Collections.unmodifiableMap(m);
    }

    private PromptsReader() {
    }

    static Prompts read(Section s) {
        Path directory = Path.of(Values.text(s, "directory", "prompts"));
        String voice = Values.text(s, "voice", "kevin");
        float rate = Values.number(s, "rate", 150, 80, 300);
        float pitch = Values.number(s, "pitch", 100, 50, 300);
        Optional<Path> holdMusic = holdMusic(s);
        Path moh = Path.of(Values.text(s, "moh-directory", "prompts/moh"));
        Path asteriskMoh = Path.of(Values.text(s, "asterisk-moh-directory", "/var/lib/asterisk/waitless/moh"));
        Duration between = Values.duration(s, "music-between", Duration.ofSeconds(20), Duration.ZERO, Duration.ofMinutes(10));
        return new Prompts(directory, voice, texts(s), holdMusic, moh, asteriskMoh, between, rate, pitch, languages(s));
    }

    /** Language codes as Asterisk names its sound folders: {@code en}, {@code he}, {@code pt_BR}. */
    private static final java.util.regex.Pattern LANGUAGE = java.util.regex.Pattern.compile("[a-z]{2,3}(_[A-Z]{2})?");

    /** {@code languages}: a list of codes, the fallback first; default {@code [en]}. */
    private static List<String> languages(Section s) {
        if (!s.has("languages")) {
            return List.of("en");
        }
        List<String> out = new java.util.ArrayList<>();
        for (Scalar l : s.scalars("languages")) {
            String code = l.value().strip();
            if (!LANGUAGE.matcher(code).matches()) {
                s.problems().error(l.line(), l.key(), l.shown() + " is not a language code as Asterisk names its sound"
                        + " folders (en, he, ar, fr, pt_BR)");
            } else if (out.contains(code)) {
                s.problems().error(l.line(), l.key(), l.shown() + " is listed twice");
            } else {
                out.add(code);
            }
        }
        if (out.isEmpty()) {
            s.problems().error(s.lineOf("languages"), s.key("languages"), "needs at least one language (the fallback first)");
            return List.of("en");
        }
        return out;
    }

    /** Optional; when set, an existing directory, relative to the working directory (not the file's). */
    private static Optional<Path> holdMusic(Section s) {
        return s.scalar("hold-music")
                .filter(h -> !h.value().isBlank())
                .flatMap(h -> Values.convert(s.problems(), h, v -> {
                    Path p = Path.of(v);
                    if (!Files.isDirectory(p)) {
                        throw new IllegalArgumentException("is not an existing directory (relative paths start at the"
                                + " working directory " + Path.of("").toAbsolutePath() + ", not at the config file)");
                    }
                    return p;
                }));
    }

    private static Map<String, String> texts(Section s) {
        Map<String, Scalar> written = s.scalarMap("texts");
        Map<String, String> texts = new LinkedHashMap<>();
        for (String id : TEXTS) {
            Scalar text = written.get(id);
            if (text == null) {
                s.problems().error(s.lineOf("texts"), s.key("texts." + id), "is missing; every fixed prompt needs a text");
            } else if (text.value().isBlank()) {
                s.problems().error(text.line(), text.key(), "is empty; every fixed prompt needs a text");
            } else {
                texts.put(id, text.value().strip());
            }
        }
        SPOKEN.forEach((id, fallback) -> {
            Scalar text = written.get(id);
            if (text != null && text.value().isBlank()) {
                s.problems().error(text.line(), text.key(), "is empty; leave it out to use the default: " + fallback);
            }
            texts.put(id, text == null || text.value().isBlank() ? fallback : text.value().strip());
        });
        List<String> allowed = new java.util.ArrayList<>(TEXTS);
        allowed.addAll(SPOKEN.keySet());
        written.forEach((id, text) -> {
            if (!allowed.contains(id)) {
                s.problems().error(text.line(), text.key(), "unknown prompt" + Suggestions.didYouMean(id, allowed)
                        + " (allowed here: " + String.join(", ", allowed) + ")");
            }
        });
        return texts;
    }
}
