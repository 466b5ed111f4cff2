package io.waitless.cli;

import io.waitless.WaitlessException;
import io.waitless.config.WaitlessConfig;
import io.waitless.prompts.BuildReport;
import io.waitless.prompts.ClipSchedule;
import io.waitless.prompts.HoldAudioLayout;
import io.waitless.prompts.Prompt;
import io.waitless.prompts.PromptBuilder;
import io.waitless.prompts.PromptState;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * {@code waitless prompts build|play}: renders the spoken prompts and lays out the hold-audio
 * classes. Exit codes: 0 done (or everything up to date with {@code --check}), 1 a check failed or
 * the work could not be done, 2 bad usage.
 */
@Command(name = "prompts", mixinStandardHelpOptions = true,
        description = "Renders spoken prompts (FreeTTS, 8 kHz) and the per-promotion hold-audio classes.")
public final class PromptsCommand implements Runnable {

    private static final String DEFAULT_CONFIG = "config/waitless.yaml";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Function<Path, WaitlessConfig> loader;

    public PromptsCommand() {
        this(ConfigLoaderBridge::load);
    }

    PromptsCommand(Function<Path, WaitlessConfig> loader) {
        this.loader = Objects.requireNonNull(loader, "loader");
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = {"Renders changed prompts into <prompts.directory>/en/waitless/, lays out one",
                    "hold-audio class folder per promotion and writes the musiconhold conf."})
    int build(@Option(names = "--config", paramLabel = "FILE", defaultValue = DEFAULT_CONFIG,
                      description = "config file (default: ${DEFAULT-VALUE})") Path config,
              @Option(names = "--check", description = "render nothing; exit 1 listing outdated or missing prompts")
              boolean check,
              @Option(names = "--force", description = "render every prompt, changed or not") boolean force,
              @Option(names = "--moh-conf", paramLabel = "PATH",
                      defaultValue = "dialplans/musiconhold-waitless.conf",
                      description = "where to write the musiconhold classes (default: ${DEFAULT-VALUE})") Path mohConf) {
        PrintWriter out = spec.commandLine().getOut();
        try {
            WaitlessConfig cfg = loader.apply(config);
            List<Prompt> prompts = PromptBuilder.prompts(cfg);
            try (PromptBuilder builder = new PromptBuilder(cfg.prompts())) {
                return check ? check(cfg, builder, prompts, mohConf, out) : build(cfg, builder, prompts, force, mohConf, out);
            }
        } catch (WaitlessException e) {
            return fail(e);
        } finally {
            out.flush();
        }
    }

    @Command(name = "play", mixinStandardHelpOptions = true,
            description = "Renders one prompt to a preview WAV (manifest untouched) and prints its length.")
    int play(@Parameters(paramLabel = "ID", description = "prompt id (reminder, promo-<promotion>…) or promotion id")
             String id,
             @Option(names = "--out", paramLabel = "FILE", description = "default: <id>-preview.wav") Path file,
             @Option(names = "--config", paramLabel = "FILE", defaultValue = DEFAULT_CONFIG,
                     description = "config file (default: ${DEFAULT-VALUE})") Path config) {
        PrintWriter out = spec.commandLine().getOut();
        try {
            WaitlessConfig cfg = loader.apply(config);
            List<Prompt> prompts = PromptBuilder.prompts(cfg);
            Prompt prompt = prompts.stream()
                    .filter(p -> p.id().equals(id) || p.id().equals("promo-" + id))
                    .findFirst()
                    .orElseThrow(() -> new WaitlessException("no prompt '" + id + "'; known: "
                            + prompts.stream().map(Prompt::id).toList()));
            Path target = file != null ? file : Path.of(prompt.id() + "-preview.wav");
            try (PromptBuilder builder = new PromptBuilder(cfg.prompts())) {
                Duration d = builder.render(prompt.text(), target);
                out.printf(Locale.ROOT, "rendered %s (%s) to %s%n", prompt.id(), seconds(d), target);
            }
            return 0;
        } catch (WaitlessException e) {
            return fail(e);
        } finally {
            out.flush();
        }
    }

    private int build(WaitlessConfig cfg, PromptBuilder builder, List<Prompt> prompts, boolean force, Path mohConf,
                      PrintWriter out) {
        int[] done = {0};
        String width = Integer.toString(Integer.toString(prompts.size()).length());
        BuildReport report = builder.build(prompts, force, r -> {
            // a progress line per prompt: readable in a terminal and in a CI log alike
            out.printf(Locale.ROOT, "[%" + width + "d/%d] %s%n", ++done[0], prompts.size(), r.describe());
            out.flush();
        });
        report.staleFiles().forEach(f -> out.println("stale " + f + " (no prompt in the config; not deleted)"));
        HoldAudioLayout layout = new HoldAudioLayout();
        List<ClipSchedule> schedules = layout.layOut(cfg);
        for (ClipSchedule s : schedules) {
            out.printf(Locale.ROOT, "hold audio %s: %s music + %s promotion%n", s.mohClass(), seconds(s.music()),
                    seconds(s.promo()));
        }
        HoldAudioLayout.staleClassDirectories(cfg)
                .forEach(d -> out.println("stale " + d + " (no promotion in the config; not deleted)"));
        layout.writeMusicOnHoldConf(cfg, mohConf);
        int localized = HoldAudioLayout.localizedClasses(cfg).size();
        int classes = 2 * cfg.promotions().size() + localized; // an offer and a no-offer class per promotion
        out.printf("wrote %s (%d classes%s)%n", mohConf, classes,
                localized == 0 ? "" : ", " + localized + " of them in languages other than " + cfg.prompts().languages().getFirst());
        missingRecordings(cfg, out);
        out.printf("%d prompts: %d rendered, %d unchanged, %d stale; %d hold-audio classes in %s%n",
                prompts.size(), report.renderedCount(), prompts.size() - report.renderedCount(),
                report.staleFiles().size(), classes, cfg.prompts().mohDirectory());
        return 0;
    }

    private int check(WaitlessConfig cfg, PromptBuilder builder, List<Prompt> prompts, Path mohConf, PrintWriter out) {
        int problems = 0;
        for (Map.Entry<String, PromptState> e : builder.check(prompts).entrySet()) {
            out.println(switch (e.getValue()) {
                case UP_TO_DATE -> "up-to-date " + e.getKey();
                case OUTDATED -> "outdated " + e.getKey();
                case MISSING -> "missing " + e.getKey();
            });
            problems += e.getValue() == PromptState.UP_TO_DATE ? 0 : 1;
        }
        builder.staleFiles(prompts).forEach(f -> out.println("stale " + f + " (no prompt in the config)"));
        for (var promotion : cfg.promotions()) {
            problems += outdatedClass(cfg, builder.clip(PromptBuilder.promoId(promotion)), promotion.mohClass(), out);
            problems += outdatedClass(cfg, builder.clip(PromptBuilder.noOfferPromoId(promotion)),
                    promotion.noOfferMohClass(), out);
        }
        if (!sameText(mohConf, new HoldAudioLayout().musicOnHoldConf(cfg))) {
            out.println("outdated " + mohConf);
            problems++;
        }
        problems += missingRecordings(cfg, out);
        if (problems > 0) {
            out.printf("%d of %d prompts and classes need a build: run 'waitless prompts build'%n", problems,
                    prompts.size() + 2 * cfg.promotions().size() + 1);
            return 1;
        }
        out.printf("%d prompts and %d hold-audio classes up to date%n", prompts.size(), 2 * cfg.promotions().size());
        return 0;
    }

    /**
     * Lists, per language other than English, the prompts not yet recorded (FreeTTS cannot speak them): callers
     * of that language would hear silence or English there, and its hold audio falls back to the first
     * language's. Returns how many are missing.
     */
    private static int missingRecordings(WaitlessConfig cfg, PrintWriter out) {
        int n = 0;
        int prompts = PromptBuilder.prompts(cfg).size();
        for (Map.Entry<String, List<Path>> e : HoldAudioLayout.missingRecordings(cfg).entrySet()) {
            if (e.getValue().isEmpty()) {
                out.printf("%s: all %d prompts recorded%n", e.getKey(), prompts);
                continue;
            }
            out.printf("%s: %d of %d prompts not recorded yet (FreeTTS speaks English only; record each as 8 kHz mono"
                    + " 16-bit WAV):%n", e.getKey(), e.getValue().size(), prompts);
            e.getValue().forEach(f -> out.println("  missing " + f));
            n += e.getValue().size();
        }
        return n;
    }

    private static int outdatedClass(WaitlessConfig cfg, Path clip, String mohClass, PrintWriter out) {
        Path copy = cfg.prompts().mohDirectory().resolve(mohClass).resolve(HoldAudioLayout.PROMO_FILE);
        if (sameBytes(clip, copy)) {
            return 0;
        }
        out.println("outdated hold-audio class " + mohClass);
        return 1;
    }

    private static boolean sameBytes(Path a, Path b) {
        try {
            return Files.isRegularFile(a) && Files.isRegularFile(b)
                    && Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b));
        } catch (IOException e) {
            throw new WaitlessException("cannot compare " + a + " with " + b, e);
        }
    }

    private static boolean sameText(Path file, String expected) {
        try {
            return Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).equals(expected);
        } catch (IOException e) {
            throw new WaitlessException("cannot read " + file, e);
        }
    }

    private int fail(WaitlessException e) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("error: " + e.getMessage());
        err.flush();
        return 1;
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.2f s", d.toMillis() / 1000.0);
    }
}
