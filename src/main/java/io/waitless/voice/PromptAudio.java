package io.waitless.voice;

import io.waitless.prompts.PromptBuilder;
import io.waitless.prompts.Wav;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The built prompt clips ({@code waitless prompts build}) as 8 kHz samples, for playing over AudioSocket: read
 * from {@code <prompts>/<language>/waitless/<id>.wav}, falling back to the default language, and kept in
 * memory once read. A missing or unreadable clip is reported as empty (logged once), so the caller is simply
 * not asked; it is looked for again next time, so building the prompts needs no restart. Thread-safe.
 */
public final class PromptAudio {
    private static final Logger log = LoggerFactory.getLogger(PromptAudio.class);

    private final Path directory;
    private final ConcurrentMap<String, short[]> cache = new ConcurrentHashMap<>();
    private final java.util.Set<String> warned = ConcurrentHashMap.newKeySet();

    public PromptAudio(Path promptsDirectory) {
        this.directory = promptsDirectory;
    }

    /** The clip {@code id} in {@code language} (or {@value PromptBuilder#LANGUAGE}); a copy of the samples. */
    public Optional<short[]> clip(String language, String id) {
        Optional<short[]> found = cached(language == null || language.isBlank() ? PromptBuilder.LANGUAGE : language, id);
        if (found.isEmpty() && !PromptBuilder.LANGUAGE.equals(language)) {
            found = cached(PromptBuilder.LANGUAGE, id);
        }
        return found.map(short[]::clone);
    }

    private Optional<short[]> cached(String language, String id) {
        String key = language + "/" + id;
        short[] hit = cache.get(key);
        if (hit != null) {
            return Optional.of(hit);
        }
        Path file = PromptBuilder.clipDirectory(directory, language).resolve(id + ".wav");
        if (!Files.isRegularFile(file)) {
            if (PromptBuilder.LANGUAGE.equals(language) && warned.add(key)) {
                log.warn("prompt {} is missing ({}): callers are not asked by voice until 'waitless prompts build' runs",
                        id, file);
            }
            return Optional.empty();
        }
        try {
            short[] samples = Wav.read(file);
            cache.put(key, samples);
            return Optional.of(samples);
        } catch (RuntimeException e) {
            if (warned.add(key)) {
                log.warn("prompt {} cannot be read ({}): {}", id, file, e.getMessage());
            }
            return Optional.empty();
        }
    }
}
