package io.waitless.cli;

import io.waitless.prompts.FreeTtsSynthesizer;
import io.waitless.config.WaitlessConfig;
import io.waitless.intent.Evaluation;
import io.waitless.intent.IntentClassifier;
import io.waitless.speech.EmbeddedSpeechRecognizer;
import io.waitless.speech.PhoneLine;
import io.waitless.speech.Resampler;
import io.waitless.speech.SpeechSession;
import io.waitless.speech.Transcript;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** {@code waitless speech}: try the embedded speech engine on a file, or measure its cost. */
@Command(name = "speech", mixinStandardHelpOptions = true, description = "Try or benchmark the embedded speech engine.",
        subcommands = {SpeechCommand.Test.class, SpeechCommand.Eval.class, SpeechBenchCommand.class,
                SpeechAdaptCommand.class})
final class SpeechCommand implements Runnable {
    /** Used when no --phrase is given: the examples of the speech issue. */
    static final List<String> DEFAULT_PHRASES = List.of("my internet is down", "I want to pay my bill",
            "I am moving to a new apartment", "yes please text me", "no thanks");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static Transcript recognise(EmbeddedSpeechRecognizer r, List<String> phrases, short[] slin8k) {
        try (SpeechSession s = r.open(phrases)) {
            for (int i = 0; i < slin8k.length; i += 160) {
                s.accept(Arrays.copyOfRange(slin8k, i, Math.min(slin8k.length, i + 160)));
            }
            return s.end();
        }
    }

    /**
     * Reads a 16-bit PCM WAV of any rate and channel count: channels are averaged to mono, the
     * rate brought to 8 kHz with {@link Resampler#convert} (anti-aliased windowed sinc).
     */
    static short[] readAsSlin8k(CommandLine cli, Path file) {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
            AudioFormat f = in.getFormat();
            if (f.getEncoding() != AudioFormat.Encoding.PCM_SIGNED || f.getSampleSizeInBits() != 16) {
                throw new CommandLine.ParameterException(cli,
                        file + ": need 16-bit signed PCM, got " + f);
            }
            byte[] b = in.readAllBytes();
            int ch = f.getChannels();
            short[] mono = new short[b.length / 2 / ch];
            for (int i = 0; i < mono.length; i++) {
                int sum = 0;
                for (int c = 0; c < ch; c++) {
                    int at = 2 * (i * ch + c);
                    int hi = f.isBigEndian() ? b[at] : b[at + 1];
                    int lo = f.isBigEndian() ? b[at + 1] : b[at];
                    sum += (short) ((hi << 8) | (lo & 0xff));
                }
                mono[i] = (short) (sum / ch);
            }
            return Resampler.convert(mono, Math.round(f.getSampleRate()), 8000);
        } catch (UnsupportedAudioFileException | IOException e) {
            throw new CommandLine.ParameterException(cli,
                    "cannot read " + file + " as WAV: " + e.getMessage());
        }
    }

    /** {@code waitless speech test FILE.wav}: recognise one file against the phrases. */
    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Recognise a WAV file (16-bit PCM, any rate, mono or stereo) with the embedded engine.")
    static final class Test implements Callable<Integer> {
        @Parameters(paramLabel = "FILE.wav", description = "The recording.")
        Path file;

        @Option(names = "--phrase", description = "A phrase callers may say (repeatable; default: the five examples).")
        List<String> phrases = new ArrayList<>();

        @CommandLine.Mixin
        Tuning tuning = new Tuning();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<String> p = phrases.isEmpty() ? DEFAULT_PHRASES : phrases;
            short[] audio = readAsSlin8k(spec.commandLine(), file);
            long t0 = System.nanoTime();
            try (EmbeddedSpeechRecognizer r = new EmbeddedSpeechRecognizer(
                    tuning.apply(EmbeddedSpeechRecognizer.Settings.defaults().withEngines(1)))) {
                Transcript t = recognise(r, p, audio);
                out.printf("grammar:     %s%n", r.grammarPhrases(p));
                out.printf("transcript:  %s%n", t.isEmpty() ? "(nothing recognised)" : t.text());
                out.printf("confidence:  %.2f%n", t.confidence());
                out.printf("audio:       %.2f s%n", t.audio().toMillis() / 1000.0);
                out.printf("cpu:         %.3f s (decoding; model load and wall time %.1f s)%n",
                        t.cpu().toNanos() / 1e9, (System.nanoTime() - t0) / 1e9);
                out.printf("real-time:   %.3f CPU s per audio s%n", t.realTimeFactor());
            }
            out.flush();
            return 0;
        }
    }

    /** The engine's grammar and adaptation, shared by test, eval and bench. */
    static final class Tuning {
        @Option(names = "--grammar", description = "NGRAM (the default: a trigram model of the phrases) or PHRASES (one whole phrase)")
        EmbeddedSpeechRecognizer.Grammar grammar;
        @Option(names = "--search", description = "ACCURATE or FAST n-gram search (default: speech.search of the config file)")
        EmbeddedSpeechRecognizer.Search search;
        @Option(names = "--adaptation", paramLabel = "FILE|none",
                description = "MLLR transform for the acoustic model (default: speech.adaptation of the config file)")
        String adaptation;
        @Option(names = "--config", paramLabel = "FILE", defaultValue = "config/waitless.yaml",
                description = "config file with the intents and speech settings (default: ${DEFAULT-VALUE})")
        Path config;

        EmbeddedSpeechRecognizer.Settings apply(EmbeddedSpeechRecognizer.Settings s) {
            if (grammar != null) {
                s = s.withGrammar(grammar);
            }
            java.util.Optional<WaitlessConfig.Speech> configured = java.nio.file.Files.exists(config)
                    ? java.util.Optional.of(ConfigLoaderBridge.load(config).speech()) : java.util.Optional.empty();
            s = s.withSearch(search != null ? search : configured
                    .map(c -> EmbeddedSpeechRecognizer.Search.valueOf(c.search().name())).orElse(s.search()));
            if (adaptation == null) {
                return s.withAdaptation(configured.flatMap(WaitlessConfig.Speech::adaptation));
            }
            return s.withAdaptation(adaptation.equals("none") ? java.util.Optional.empty()
                    : java.util.Optional.of(Path.of(adaptation)));
        }
    }

    /** A voice that reads text to 8 kHz audio: FreeTTS kevin, or {@code espeak:VOICE} through espeak-ng. */
    interface Voice extends AutoCloseable {
        short[] speak(String text);

        @Override
        void close();

        static Voice open(CommandLine cli, String name) {
            if (name.startsWith("espeak:")) {
                String v = name.substring("espeak:".length());
                return new Voice() {
                    @Override
                    public short[] speak(String text) {
                        return espeak(cli, v, text);
                    }

                    @Override
                    public void close() {
                    }
                };
            }
            FreeTtsSynthesizer tts = FreeTtsSynthesizer.open(name, 150, 100);
            return new Voice() {
                @Override
                public short[] speak(String text) {
                    return tts.speak(text);
                }

                @Override
                public void close() {
                    tts.close();
                }
            };
        }
    }

    /** {@code espeak-ng --stdout} WAV, read like any WAV and resampled to 8 kHz. */
    static short[] espeak(CommandLine cli, String voice, String text) {
        try {
            Process p = new ProcessBuilder("espeak-ng", "-v", voice, "--stdout", text).redirectErrorStream(false).start();
            byte[] wav = p.getInputStream().readAllBytes();
            if (p.waitFor() != 0 || wav.length < 44) {
                throw new CommandLine.ParameterException(cli, "espeak-ng -v " + voice + " failed: "
                        + new String(p.getErrorStream().readAllBytes()).strip());
            }
            // espeak-ng writes a streaming header (sizes 0xFFFFFFFF); fix them for Java Sound.
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(wav).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            b.putInt(4, wav.length - 8);
            b.putInt(40, wav.length - 44);
            Path tmp = java.nio.file.Files.createTempFile("waitless-espeak-", ".wav");
            try {
                java.nio.file.Files.write(tmp, wav);
                return readAsSlin8k(cli, tmp);
            } finally {
                java.nio.file.Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new CommandLine.ParameterException(cli, "cannot run espeak-ng (apt-get install espeak-ng): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandLine.ParameterException(cli, "interrupted running espeak-ng");
        }
    }

    /** The phone-line version of a synthesized utterance: padded, band-limited, optionally noisy. */
    static short[] phoneAudio(short[] speech, Double snr, PhoneLine.Noise noise, long seed) {
        Random rnd = new Random(seed);
        short[] padded = concat(quiet(2400, rnd), speech, quiet(4800, rnd));
        short[] line = PhoneLine.bandLimit(padded);
        return snr == null ? line : PhoneLine.addNoise(line, snr, noise, seed);
    }

    private static short[] quiet(int n, Random rnd) {
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) Math.round(rnd.nextGaussian() * 20);
        }
        return s;
    }

    /** {@code waitless speech eval FILE.csv}: labelled utterances, synthesized, through the engine and the classifier. */
    @Command(name = "eval", mixinStandardHelpOptions = true,
            description = {"Synthesizes each line of a text,intent CSV (as 'waitless intent eval' reads it), makes it",
                    "8 kHz phone audio (300-3400 Hz, optional noise), streams it through the embedded engine in 20 ms",
                    "frames and classifies the transcript with the configured intents. Prints accuracy, rejection of",
                    "'unknown' (out-of-domain) lines, per-intent recall and the real-time factor."})
    static final class Eval implements Callable<Integer> {
        @Parameters(paramLabel = "FILE.csv", description = "labelled utterances, header text,intent") Path csv;
        @Option(names = "--snr", paramLabel = "DB", description = "add noise this many dB below the speech") Double snr;
        @Option(names = "--noise", defaultValue = "WHITE", description = "WHITE or PINK (default: ${DEFAULT-VALUE})") PhoneLine.Noise noise;
        @Option(names = "--limit", paramLabel = "N", description = "evaluate N lines spread evenly over the file") Integer limit;
        @Option(names = "--voice", defaultValue = "kevin",
                description = "kevin (FreeTTS) or espeak:VOICE, e.g. espeak:en-us (default: ${DEFAULT-VALUE})") String voice;
        @Option(names = "--engines", defaultValue = "2", description = "decoder threads (default: ${DEFAULT-VALUE})") int engines;
        @Option(names = "--show-mistakes", description = "list each misclassified line with its transcript") boolean showMistakes;
        @CommandLine.Mixin Tuning tuning = new Tuning();
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            WaitlessConfig.Intents intents = ConfigLoaderBridge.load(tuning.config).intents();
            if (intents.items().isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), tuning.config + " has no intents: section");
            }
            IntentClassifier classifier = intents.classifier();
            List<String> phrases = intents.vocabulary();
            List<Evaluation.Example> all = Evaluation.read(csv);
            List<Evaluation.Example> examples = new ArrayList<>();
            int n = limit == null ? all.size() : Math.min(limit, all.size());
            for (int i = 0; i < n; i++) {
                examples.add(all.get((int) ((long) i * all.size() / n)));
            }
            List<short[]> audio = new ArrayList<>();
            try (Voice v = Voice.open(spec.commandLine(), voice)) {
                for (int i = 0; i < examples.size(); i++) {
                    audio.add(phoneAudio(v.speak(examples.get(i).text()), snr, noise, i + 1));
                }
            }
            EmbeddedSpeechRecognizer.Settings settings = tuning.apply(EmbeddedSpeechRecognizer.Settings.defaults().withEngines(engines))
                    .withDeadline(Duration.ofMinutes(10));
            Transcript[] transcripts = new Transcript[examples.size()];
            try (EmbeddedSpeechRecognizer r = new EmbeddedSpeechRecognizer(settings);
                 ExecutorService pool = Executors.newFixedThreadPool(engines)) {
                List<Future<?>> jobs = new ArrayList<>();
                for (int i = 0; i < examples.size(); i++) {
                    int at = i;
                    jobs.add(pool.submit(() -> transcripts[at] = recognise(r, phrases, audio.get(at))));
                }
                for (Future<?> f : jobs) {
                    f.get();
                }
            }
            List<String> predicted = new ArrayList<>();
            double audioS = 0, cpuS = 0;
            for (Transcript t : transcripts) {
                predicted.add(classifier.classify(t.text()).label());
                audioS += t.audio().toNanos() / 1e9;
                cpuS += t.cpu().toNanos() / 1e9;
            }
            Evaluation e = new Evaluation(examples, predicted);
            out.printf(Locale.ROOT, "voice:             %s%s, 8 kHz 300-3400 Hz%n", voice,
                    snr == null ? ", clean" : String.format(Locale.ROOT, ", %s noise at %.0f dB SNR", noise.name().toLowerCase(Locale.ROOT), snr));
            out.printf(Locale.ROOT, "engine:            %s grammar over %d phrases, synonyms and examples; %s search; adaptation %s%n",
                    settings.grammar(), phrases.size(), settings.search().name().toLowerCase(Locale.ROOT),
                    settings.adaptation().map(Path::toString).orElse("none"));
            out.printf(Locale.ROOT, "utterances:        %d (%d out-of-domain)%n", examples.size(),
                    examples.stream().filter(x -> x.label().equals(IntentClassifier.UNKNOWN)).count());
            out.printf(Locale.ROOT, "accuracy:          %.3f%n", e.accuracy());
            out.printf(Locale.ROOT, "unknown rejection: %.3f%n", e.unknownRejection());
            Evaluation inDomain = inDomain(e);
            out.printf(Locale.ROOT, "in-domain acc.:    %.3f%n", inDomain.accuracy());
            out.printf(Locale.ROOT, "real-time factor:  %.3f CPU s per audio s (mean, decoding)%n", audioS == 0 ? 0 : cpuS / audioS);
            out.printf(Locale.ROOT, "%-14s %7s %7s %9s%n", "intent", "support", "recall", "precision");
            for (String label : e.labels()) {
                Evaluation.Rates rt = e.rates(label);
                out.printf(Locale.ROOT, "%-14s %7d %7.3f %9.3f%n", label, rt.support(), rt.recall(), rt.precision());
            }
            if (showMistakes) {
                for (int i = 0; i < examples.size(); i++) {
                    if (!examples.get(i).label().equals(predicted.get(i))) {
                        out.printf(Locale.ROOT, "  mistake: %s (%s -> %s) heard '%s'%n", examples.get(i).text(),
                                examples.get(i).label(), predicted.get(i), transcripts[i].text());
                    }
                }
            }
            out.flush();
            return 0;
        }

        private static Evaluation inDomain(Evaluation e) {
            List<Evaluation.Example> ex = new ArrayList<>();
            List<String> p = new ArrayList<>();
            for (int i = 0; i < e.examples().size(); i++) {
                if (!e.examples().get(i).label().equals(IntentClassifier.UNKNOWN)) {
                    ex.add(e.examples().get(i));
                    p.add(e.predicted().get(i));
                }
            }
            return new Evaluation(ex, p);
        }
    }

    private static short[] concat(short[]... parts) {
        int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        short[] out = new short[n];
        int at = 0;
        for (short[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
