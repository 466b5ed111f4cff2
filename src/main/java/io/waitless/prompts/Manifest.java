package io.waitless.prompts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code waitless prompts build} last rendered for one language: {@code manifest.tsv} beside
 * the clips in {@code <prompts>/<lang>/waitless/}. The builder uses it to skip unchanged prompts;
 * a node reads it at start-up to learn clip durations without decoding audio.
 *
 * <p>Format: UTF-8, a header line, then one tab-separated line per prompt:
 * {@code id voice rate pitch sha256 duration_ms text}; backslash, tab, CR and LF in the text are
 * written as {@code \\ \t \r \n}. Immutable and thread-safe.
 */
public final class Manifest {

    /** File name inside the clip directory. */
    public static final String FILE_NAME = "manifest.tsv";
    static final String HEADER = "id\tvoice\trate\tpitch\tsha256\tduration_ms\ttext";

    /**
     * One rendered prompt.
     *
     * @param sha256     hex SHA-256 of everything the audio depends on (see {@link PromptBuilder})
     * @param durationMs length of the clip, milliseconds
     */
    public record Entry(String id, String voice, float rate, float pitch, String sha256, long durationMs, String text) {
        public Duration duration() {
            return Duration.ofMillis(durationMs);
        }
    }

    private final Map<String, Entry> entries;

    public Manifest(Collection<Entry> entries) {
        Map<String, Entry> m = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (m.put(e.id(), e) != null) {
                throw new IllegalArgumentException("prompt id '" + e.id() + "' appears twice");
            }
        }
        this.entries = java.util.Collections.unmodifiableMap(m);
    }

    public static Manifest empty() {
        return new Manifest(List.of());
    }

    /** {@code <promptsDir>/<language>/waitless/manifest.tsv}. */
    public static Path file(Path promptsDir, String language) {
        return PromptBuilder.clipDirectory(promptsDir, language).resolve(FILE_NAME);
    }

    /**
     * Reads the manifest of {@code language} under {@code promptsDir}.
     *
     * @throws PromptException if there is none (prompts were never built) or a line is malformed
     */
    public static Manifest load(Path promptsDir, String language) {
        return loadIfPresent(promptsDir, language).orElseThrow(() -> new PromptException(
                "no prompt manifest at " + file(promptsDir, language) + ": run 'waitless prompts build'"));
    }

    /** As {@link #load}, but empty when the file does not exist yet. */
    public static Optional<Manifest> loadIfPresent(Path promptsDir, String language) {
        Path file = file(promptsDir, language);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new PromptException("cannot read " + file, e);
        }
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new PromptException(file + ":1: expected the header '" + HEADER.replace("\t", "<TAB>") + "'");
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (!lines.get(i).isEmpty()) {
                entries.add(parse(lines.get(i), file + ":" + (i + 1)));
            }
        }
        return Optional.of(new Manifest(entries));
    }

    /** Writes the manifest atomically, creating the directory if needed. */
    public void save(Path promptsDir, String language) {
        Path file = file(promptsDir, language);
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Entry e : entries.values()) {
            sb.append(e.id()).append('\t').append(e.voice()).append('\t').append(e.rate()).append('\t')
                    .append(e.pitch()).append('\t').append(e.sha256()).append('\t').append(e.durationMs())
                    .append('\t').append(escape(e.text())).append('\n');
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "." + FILE_NAME, ".tmp");
            try {
                Files.writeString(tmp, sb, StandardCharsets.UTF_8);
                Wav.move(tmp, file);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new PromptException("cannot write " + file, e);
        }
    }

    public Optional<Entry> entry(String id) {
        return Optional.ofNullable(entries.get(id));
    }

    /** How long the clip of prompt {@code id} plays, if it was built. */
    public Optional<Duration> duration(String id) {
        return entry(id).map(Entry::duration);
    }

    /** In the order they were added. */
    public List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    private static Entry parse(String line, String where) {
        String[] f = line.split("\t", -1);
        if (f.length != 7) {
            throw new PromptException(where + ": expected 7 tab-separated fields, found " + f.length);
        }
        try {
            return new Entry(f[0], f[1], Float.parseFloat(f[2]), Float.parseFloat(f[3]), f[4],
                    Long.parseLong(f[5]), unescape(f[6], where));
        } catch (NumberFormatException e) {
            throw new PromptException(where + ": rate, pitch or duration is not a number", e);
        }
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static String unescape(String s, String where) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char n = ++i < s.length() ? s.charAt(i) : '?';
            switch (n) {
                case '\\' -> sb.append('\\');
                case 't' -> sb.append('\t');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                default -> throw new PromptException(where + ": bad escape '\\" + n + "' in the text");
            }
        }
        return sb.toString();
    }
}
