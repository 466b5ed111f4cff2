package io.waitless.prompts;

import io.waitless.config.WaitlessConfig;
import io.waitless.deflect.Promotion;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Lays out two Asterisk music-on-hold class folders per promotion under {@code <prompts.moh-directory>}:
 * {@code waitless-<id>/} for callers who may be offered a text (its clip ends with the offer) and
 * {@code waitless-<id>-nooffer/} for callers who may not (its clip ends with the alternative). Each holds,
 * in file-name order:
 * <ol>
 *   <li>{@code 10-music-01.wav}, {@code 10-music-02.wav}… the operator's hold music
 *       ({@code prompts.hold-music}, every {@code *.wav} in it, by name), or {@code 10-music.wav},
 *       a {@link ToneGenerator} tone of {@code prompts.music-between} when none is configured;</li>
 *   <li>{@code 20-promo.wav}, a copy of the promotion's clip ({@code promo-<id>.wav} or
 *       {@code promo-<id>-nooffer.wav}).</li>
 * </ol>
 * Asterisk plays a class with {@code mode=files} and {@code sort=alpha}, looping, so the caller
 * hears music, then the promotion ending in the offer. {@link #musicOnHoldConf} writes those classes.
 *
 * <p>A class folder is generated: any other {@code .wav} in it is deleted (Asterisk would play it).
 * Folders of promotions no longer configured are reported by {@link #staleClassDirectories}, not
 * deleted. Stateless apart from its tone generator; blocks on file I/O.
 */
public final class HoldAudioLayout {

    public static final String MUSIC_PREFIX = "10-music";
    public static final String PROMO_FILE = "20-promo.wav";
    static final String CLASS_PREFIX = "waitless-";

    private final ToneGenerator tone;

    public HoldAudioLayout(ToneGenerator tone) {
        this.tone = tone;
    }

    public HoldAudioLayout() {
        this(new ToneGenerator());
    }

    /**
     * Writes every promotion's class folder from the clips already built by {@link PromptBuilder}.
     * Everything is validated before anything is written.
     *
     * @return one schedule per promotion (of its offer class), in config order
     * @throws AudioFormatException naming the file when hold music is not 8 kHz mono 16-bit
     * @throws PromptException when a promotion's clip has not been built
     */
    public List<ClipSchedule> layOut(WaitlessConfig cfg) {
        WaitlessConfig.Prompts p = cfg.prompts();
        Map<String, short[]> music = music(p);
        Map<String, Path> clips = new LinkedHashMap<>(); // class name -> its clip, all checked before writing
        String fallback = p.languages().getFirst();
        for (Promotion promotion : cfg.promotions()) {
            clips.put(promotion.mohClass(), clip(p, promotion, PromptBuilder.promoId(promotion), fallback));
            clips.put(promotion.noOfferMohClass(), clip(p, promotion, PromptBuilder.noOfferPromoId(promotion), fallback));
        }
        // other languages: a promotion's classes where both its clips are recorded (the rest are listed as missing)
        for (String language : p.languages().subList(1, p.languages().size())) {
            Path dir = PromptBuilder.clipDirectory(p.directory(), language);
            for (Promotion promotion : cfg.promotions()) {
                Path offer = dir.resolve(PromptBuilder.promoId(promotion) + ".wav");
                Path noOffer = dir.resolve(PromptBuilder.noOfferPromoId(promotion) + ".wav");
                if (Files.isRegularFile(offer) && Files.isRegularFile(noOffer)) {
                    clips.put(promotion.mohClass() + "_" + language, offer);
                    clips.put(promotion.noOfferMohClass() + "_" + language, noOffer);
                }
            }
        }
        clips.forEach((mohClass, clip) -> {
            Path dir = p.mohDirectory().resolve(mohClass);
            Map<String, short[]> files = new LinkedHashMap<>(music);
            files.put(PROMO_FILE, Wav.read(clip));
            files.forEach((name, samples) -> Wav.write(dir.resolve(name), samples));
            deleteOthers(dir, files.keySet());
        });
        return cfg.promotions().stream()
                .map(pr -> schedule(p.mohDirectory().resolve(pr.mohClass()), pr.mohClass())).toList();
    }

    private static Path clip(WaitlessConfig.Prompts p, Promotion promotion, String promptId, String language) {
        Path clip = PromptBuilder.clipDirectory(p.directory(), language).resolve(promptId + ".wav");
        if (!Files.isRegularFile(clip)) {
            throw new PromptException("promotion '" + promotion.id() + "' has no clip at " + clip
                    + (language.equals(PromptBuilder.LANGUAGE) ? ": build the prompts first"
                    : ": record it (FreeTTS speaks English only; " + language + " is the fallback language)"));
        }
        return clip;
    }

    /**
     * Both hold-audio classes of every promotion, in config order, then the classes of other languages that are
     * laid out on disk.
     */
    static List<String> classes(WaitlessConfig cfg) {
        List<String> out = new java.util.ArrayList<>(cfg.promotions().stream()
                .flatMap(pr -> Stream.of(pr.mohClass(), pr.noOfferMohClass())).toList());
        out.addAll(localizedClasses(cfg));
        return out;
    }

    /** Classes of languages other than the fallback ({@code waitless-<id>_<language>}) laid out on disk. */
    public static java.util.Set<String> localizedClasses(WaitlessConfig cfg) {
        List<String> languages = cfg.prompts().languages();
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (String language : languages.subList(1, languages.size())) {
            for (Promotion pr : cfg.promotions()) {
                for (String base : List.of(pr.mohClass(), pr.noOfferMohClass())) {
                    String name = base + "_" + language;
                    if (Files.isRegularFile(cfg.prompts().mohDirectory().resolve(name).resolve(PROMO_FILE))) {
                        out.add(name);
                    }
                }
            }
        }
        return out;
    }

    /**
     * The recordings a language other than English still needs: for each such language in
     * {@code prompts.languages}, every prompt whose {@code <directory>/<language>/waitless/<id>.wav} is missing.
     */
    public static Map<String, List<Path>> missingRecordings(WaitlessConfig cfg) {
        Map<String, List<Path>> out = new LinkedHashMap<>();
        List<Prompt> prompts = PromptBuilder.prompts(cfg);
        for (String language : cfg.prompts().languages()) {
            if (language.equals(PromptBuilder.LANGUAGE)) {
                continue;
            }
            Path dir = PromptBuilder.clipDirectory(cfg.prompts().directory(), language);
            List<Path> missing = prompts.stream().map(pr -> dir.resolve(pr.id() + ".wav"))
                    .filter(f -> !Files.isRegularFile(f)).toList();
            out.put(language, missing);
        }
        return out;
    }

    /** The schedules of the classes as they are on disk, for a node starting up. */
    public static List<ClipSchedule> schedules(WaitlessConfig cfg) {
        return cfg.promotions().stream()
                .map(pr -> schedule(cfg.prompts().mohDirectory().resolve(pr.mohClass()), pr.mohClass()))
                .toList();
    }

    /**
     * Reads one laid-out class folder: the music files' total length and the promotion clip's.
     *
     * @throws PromptException when the folder has no promotion clip
     */
    public static ClipSchedule schedule(Path classDir, String mohClass) {
        Path promo = classDir.resolve(PROMO_FILE);
        if (!Files.isRegularFile(promo)) {
            throw new PromptException("hold-audio class " + mohClass + " has no " + promo + ": run 'waitless prompts build'");
        }
        Duration music = Duration.ZERO;
        for (Path f : wavFiles(classDir)) {
            if (f.getFileName().toString().startsWith(MUSIC_PREFIX)) {
                music = music.plus(Wav.duration(f));
            }
        }
        return new ClipSchedule(mohClass, music, Wav.duration(promo));
    }

    /** Class folders ({@code waitless-*}) under the MOH directory that no configured promotion owns. */
    public static List<Path> staleClassDirectories(WaitlessConfig cfg) {
        Path root = cfg.prompts().mohDirectory();
        Set<String> owned = Set.copyOf(classes(cfg));
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory)
                    .filter(d -> d.getFileName().toString().startsWith(CLASS_PREFIX))
                    .filter(d -> !owned.contains(d.getFileName().toString()))
                    .sorted().toList();
        } catch (IOException e) {
            throw new PromptException("cannot list " + root, e);
        }
    }

    /**
     * The Asterisk {@code musiconhold.conf} fragment for every promotion's class: a header saying it
     * is generated, then per promotion {@code [waitless-<id>]} with {@code mode=files},
     * {@code directory=<prompts.asterisk-moh-directory>/waitless-<id>} and {@code sort=alpha}.
     */
    public String musicOnHoldConf(WaitlessConfig cfg) {
        String source = cfg.source() == null ? "the Waitless config" : cfg.source().toString();
        StringBuilder sb = new StringBuilder()
                .append("; Waitless — hold-audio classes, two per promotion. Include from musiconhold.conf:\n")
                .append(";\n")
                .append(";   #include \"waitless/musiconhold-waitless.conf\"\n")
                .append(";\n")
                .append("; 'waitless prompts build' lays out each directory: hold music, then the promotion clip, in\n")
                .append("; file-name order. waitless-<id> ends with the \"press 1\" offer; waitless-<id>-nooffer, for\n")
                .append("; callers who cannot get a text, ends with the alternative. 'arrive' picks a class per caller with\n")
                .append("; CHANNEL(musicclass). Directories are where Asterisk finds the class folders\n")
                .append("; (prompts.asterisk-moh-directory: ").append(slashes(cfg.prompts().asteriskMohDirectory()))
                .append("); copy or mount ").append(slashes(cfg.prompts().mohDirectory())).append(" there.\n")
                .append("; GENERATED from ").append(source)
                .append(" by 'waitless prompts build' — edit the config, not this file.\n");
        for (String mohClass : classes(cfg)) {
            sb.append('\n')
                    .append('[').append(mohClass).append("]\n")
                    .append("mode=files\n")
                    .append("directory=").append(slashes(cfg.prompts().asteriskMohDirectory().resolve(mohClass)))
                    .append('\n')
                    .append("sort=alpha\n");
        }
        return sb.toString();
    }

    /** Writes {@link #musicOnHoldConf} to {@code out}, creating its directory. */
    public void writeMusicOnHoldConf(WaitlessConfig cfg, Path out) {
        try {
            Path parent = out.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, "." + out.getFileName(), ".tmp");
            try {
                Files.writeString(tmp, musicOnHoldConf(cfg), StandardCharsets.UTF_8);
                Wav.move(tmp, out);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new PromptException("cannot write " + out, e);
        }
    }

    /** Operator music (validated) or a generated tone, keyed by the file name it gets in a class folder. */
    private Map<String, short[]> music(WaitlessConfig.Prompts p) {
        Map<String, short[]> out = new LinkedHashMap<>();
        if (p.holdMusic().isEmpty()) {
            out.put(MUSIC_PREFIX + ".wav", tone.generate(p.musicBetween()));
            return out;
        }
        Path source = p.holdMusic().get();
        List<Path> files = Files.isRegularFile(source) ? List.of(source) : wavFiles(source);
        if (files.isEmpty()) {
            throw new PromptException("prompts.hold-music " + source + " has no .wav files");
        }
        int n = 1;
        for (Path f : files) {
            short[] samples = Wav.read(f); // refuses anything but 8 kHz mono 16-bit, naming the file
            if (samples.length == 0) {
                throw new AudioFormatException(f + " has no audio");
            }
            out.put(String.format("%s-%02d.wav", MUSIC_PREFIX, n++), samples);
        }
        return out;
    }

    private static List<Path> wavFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new PromptException(dir + " is not a directory");
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".wav"))
                    .filter(Files::isRegularFile)
                    .sorted().toList();
        } catch (IOException e) {
            throw new PromptException("cannot list " + dir, e);
        }
    }

    private static void deleteOthers(Path dir, Set<String> keep) {
        for (Path f : wavFiles(dir)) {
            if (!keep.contains(f.getFileName().toString())) {
                try {
                    Files.delete(f);
                } catch (IOException e) {
                    throw new PromptException("cannot remove " + f + " from generated class folder " + dir, e);
                }
            }
        }
    }

    private static String slashes(Path p) {
        return p.toString().replace('\\', '/');
    }
}
