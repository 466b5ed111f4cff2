package io.waitless.prompts;

import io.waitless.config.WaitlessConfig;
import io.waitless.deflect.Promotion;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Renders the configured prompts with FreeTTS into Asterisk-ready clips,
 * {@code <prompts.directory>/<lang>/waitless/<id>.wav} (8 kHz, 16-bit, mono), and keeps
 * {@link Manifest} beside them so an unchanged prompt is not rendered again.
 *
 * <p>The prompts are every entry of {@code prompts.texts} plus, per promotion, two clips:
 * {@code promo-<id>}, the promotion's spoken text followed by the {@code offer} text (for callers who may
 * get a text), and {@code promo-<id>-nooffer}, the same text followed by the {@code alternative} text (for
 * callers who may not).
 *
 * <p><b>Threading:</b> not thread-safe; use from one thread. The FreeTTS voice is allocated on the
 * first render and released by {@link #close()}. All methods block on file I/O and synthesis.
 */
public final class PromptBuilder implements AutoCloseable {

    /** The only language rendered so far. */
    public static final String LANGUAGE = "en";
    /** The text id every promotion clip ends with. */
    public static final String OFFER_TEXT = "offer";
    /** The text the no-offer clip of every promotion ends with. */
    public static final String ALTERNATIVE_TEXT = "alternative";
    /** Bumped when the rendering itself changes, so every clip is rebuilt once. */
    static final String RENDER_VERSION = "waitless-prompt/1 8000Hz s16le mono";

    private final WaitlessConfig.Prompts settings;
    private FreeTtsSynthesizer synthesizer;

    public PromptBuilder(WaitlessConfig.Prompts settings) {
        this.settings = settings;
    }

    /** {@code <promptsDir>/<language>/waitless}: the directory Asterisk plays {@code waitless/<id>} from. */
    public static Path clipDirectory(Path promptsDir, String language) {
        return promptsDir.resolve(language).resolve("waitless");
    }

    /** The prompt id of a promotion's clip: {@code promo-<promotion id>}. */
    public static String promoId(Promotion promotion) {
        return "promo-" + promotion.id();
    }

    /** The prompt id of a promotion's clip for callers who cannot get a text: {@code promo-<id>-nooffer}. */
    public static String noOfferPromoId(Promotion promotion) {
        return promoId(promotion) + "-nooffer";
    }

    /**
     * Every prompt the config asks for: the fixed texts (sorted by id), then one per promotion.
     *
     * @throws PromptException if there are promotions but no {@code offer} or {@code alternative} text, or
     *                         two prompts share an id
     */
    public static List<Prompt> prompts(WaitlessConfig cfg) {
        Map<String, Prompt> out = new LinkedHashMap<>();
        new TreeMap<>(cfg.prompts().texts()).forEach((id, text) -> out.put(id, new Prompt(id, text)));
        for (Promotion p : cfg.promotions()) {
            String offer = p.ownOffer().orElseGet(() -> text(cfg, OFFER_TEXT, p));
            add(out, p, new Prompt(promoId(p), p.spokenText() + " " + offer));
            add(out, p, new Prompt(noOfferPromoId(p), p.spokenText() + " " + text(cfg, ALTERNATIVE_TEXT, p)));
        }
        return List.copyOf(out.values());
    }

    private static String text(WaitlessConfig cfg, String id, Promotion p) {
        String text = cfg.prompts().texts().get(id);
        if (text == null) {
            throw new PromptException("prompts.texts has no '" + id + "' text; every promotion clip ends with it"
                    + " (promotion '" + p.id() + "')");
        }
        return text;
    }

    private static void add(Map<String, Prompt> out, Promotion p, Prompt prompt) {
        if (out.put(prompt.id(), prompt) != null) {
            throw new PromptException("prompt id '" + prompt.id() + "' is both a text and promotion '" + p.id() + "'");
        }
    }

    /** The clip of prompt {@code id}. */
    public Path clip(String id) {
        return directory().resolve(id + ".wav");
    }

    /** Compares each prompt with the manifest and the files on disk, without rendering anything. */
    public Map<String, PromptState> check(List<Prompt> prompts) {
        Manifest manifest = Manifest.loadIfPresent(settings.directory(), LANGUAGE).orElse(Manifest.empty());
        Map<String, PromptState> states = new LinkedHashMap<>();
        for (Prompt p : prompts) {
            states.put(p.id(), state(p, manifest));
        }
        return states;
    }

    /**
     * Renders what changed (or everything, with {@code force}), rewrites the manifest for the given
     * prompts and reports clips no prompt owns. {@code progress} hears each prompt as it is done.
     */
    public BuildReport build(List<Prompt> prompts, boolean force, Consumer<PromptResult> progress) {
        Manifest old = Manifest.loadIfPresent(settings.directory(), LANGUAGE).orElse(Manifest.empty());
        List<Manifest.Entry> entries = new ArrayList<>();
        List<PromptResult> results = new ArrayList<>();
        try {
            for (Prompt p : prompts) {
                PromptResult result;
                if (!force && state(p, old) == PromptState.UP_TO_DATE) {
                    Manifest.Entry kept = old.entry(p.id()).orElseThrow();
                    entries.add(kept);
                    result = new PromptResult(p.id(), false, kept.duration());
                } else {
                    Duration d = render(p.text(), clip(p.id()));
                    entries.add(entry(p, d));
                    result = new PromptResult(p.id(), true, d);
                }
                results.add(result);
                progress.accept(result);
            }
        } finally {
            // keep what was rendered before a failure, so the next build does not redo it
            List<Manifest.Entry> merged = new ArrayList<>(entries);
            Set<String> done = entries.stream().map(Manifest.Entry::id).collect(Collectors.toSet());
            prompts.stream().map(Prompt::id).filter(id -> !done.contains(id))
                    .forEach(id -> old.entry(id).ifPresent(merged::add));
            new Manifest(merged).save(settings.directory(), LANGUAGE);
        }
        return new BuildReport(results, staleFiles(prompts));
    }

    /** Clips ({@code *.wav}) in the clip directory that none of {@code prompts} owns, sorted. */
    public List<Path> staleFiles(List<Prompt> prompts) {
        Set<String> owned = prompts.stream().map(p -> p.id() + ".wav").collect(Collectors.toSet());
        if (!Files.isDirectory(directory())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".wav"))
                    .filter(f -> !owned.contains(f.getFileName().toString()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new PromptException("cannot list " + directory(), e);
        }
    }

    /**
     * Speaks {@code text} into {@code out} (a canonical 8 kHz WAV), ignoring the manifest.
     *
     * @return the clip's length
     */
    public Duration render(String text, Path out) {
        if (synthesizer == null) {
            synthesizer = FreeTtsSynthesizer.open(settings.voice(), settings.rate(), settings.pitch());
        }
        short[] samples = synthesizer.speak(text);
        if (samples.length == 0) {
            throw new PromptException("FreeTTS produced no audio for: " + text);
        }
        Wav.write(out, samples);
        return Wav.duration(samples.length);
    }

    /** Releases the FreeTTS voice, if one was allocated. */
    @Override
    public void close() {
        if (synthesizer != null) {
            synthesizer.close();
            synthesizer = null;
        }
    }

    private Path directory() {
        return clipDirectory(settings.directory(), LANGUAGE);
    }

    private PromptState state(Prompt p, Manifest manifest) {
        if (!Files.isRegularFile(clip(p.id()))) {
            return PromptState.MISSING;
        }
        return manifest.entry(p.id()).filter(e -> e.sha256().equals(hash(p.text()))).isPresent()
                ? PromptState.UP_TO_DATE : PromptState.OUTDATED;
    }

    private Manifest.Entry entry(Prompt p, Duration d) {
        return new Manifest.Entry(p.id(), settings.voice(), settings.rate(), settings.pitch(), hash(p.text()),
                d.toMillis(), p.text());
    }

    /** SHA-256 over everything the audio depends on: renderer version, voice, rate, pitch, text. */
    String hash(String text) {
        String inputs = String.join("\u0000", RENDER_VERSION, settings.voice(),
                Float.toString(settings.rate()), Float.toString(settings.pitch()), text);
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(inputs.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
