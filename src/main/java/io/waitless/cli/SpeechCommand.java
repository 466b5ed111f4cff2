package io.waitless.cli;

import io.waitless.prompts.FreeTtsSynthesizer;
import io.waitless.config.WaitlessConfig;
import io.waitless.intent.Evaluation;
import io.waitless.intent.Intent;
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
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
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
        subcommands = {SpeechCommand.Test.class, SpeechCommand.Eval.class, SpeechCommand.Bench.class})
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

    private static EmbeddedSpeechRecognizer recognizer(int engines) {
        var d = EmbeddedSpeechRecognizer.Settings.defaults();
        return new EmbeddedSpeechRecognizer(new EmbeddedSpeechRecognizer.Settings(engines, d.deadline(), d.speechThreshold()));
    }

    private static Transcript recognise(EmbeddedSpeechRecognizer r, List<String> phrases, short[] slin8k) {
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

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<String> p = phrases.isEmpty() ? DEFAULT_PHRASES : phrases;
            short[] audio = readAsSlin8k(spec.commandLine(), file);
            long t0 = System.nanoTime();
            try (EmbeddedSpeechRecognizer r = recognizer(1)) {
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

    /** Sphinx tuning shared by eval and bench (hidden: for measuring the alternatives). */
    static final class Tuning {
        @Option(names = "--grammar", hidden = true, description = "PHRASES, WORDS, MIXED or NGRAM") EmbeddedSpeechRecognizer.Grammar grammar;
        @Option(names = "--phrase-weight", hidden = true) Double phraseWeight;
        @Option(names = "--filler-mass", hidden = true) Double fillerMass;
        @Option(names = "--oog", hidden = true) Double oog;
        @Option(names = "--wip", hidden = true) Double wip;

        EmbeddedSpeechRecognizer.Settings apply(EmbeddedSpeechRecognizer.Settings s) {
            if (grammar != null || phraseWeight != null) {
                s = s.withGrammar(grammar == null ? s.grammar() : grammar, phraseWeight == null ? s.phraseWeight() : phraseWeight);
            }
            if (fillerMass != null) {
                s = s.withFillerMass(fillerMass);
            }
            if (oog != null || wip != null) {
                s = s.withSphinx(oog == null ? s.oogProbability() : oog, wip == null ? s.wordInsertionProbability() : wip);
            }
            return s;
        }
    }

    /** What the recognizer is given for the configured intents: their phrases and every synonym as a phrase. */
    static List<String> phrasesOf(List<Intent> intents) {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        for (Intent i : intents) {
            out.addAll(i.phrases());
            i.synonyms().forEach((word, alternatives) -> {
                out.add(word);
                out.addAll(alternatives);
            });
        }
        return List.copyOf(out);
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
        @Option(names = "--config", paramLabel = "FILE", defaultValue = "config/waitless.yaml",
                description = "config file with the intents (default: ${DEFAULT-VALUE})") Path config;
        @Option(names = "--snr", paramLabel = "DB", description = "add noise this many dB below the speech") Double snr;
        @Option(names = "--noise", defaultValue = "WHITE", description = "WHITE or PINK (default: ${DEFAULT-VALUE})") PhoneLine.Noise noise;
        @Option(names = "--limit", paramLabel = "N", description = "evaluate N lines spread evenly over the file") Integer limit;
        @Option(names = "--voice", defaultValue = "kevin",
                description = "kevin (FreeTTS) or espeak:VOICE, e.g. espeak:en-us (default: ${DEFAULT-VALUE})") String voice;
        @Option(names = "--engines", defaultValue = "2", description = "decoder threads (default: ${DEFAULT-VALUE})") int engines;
        @Option(names = "--phrases-only", description = "give the recognizer the intents' phrases without the synonyms as one-word phrases")
        boolean phrasesOnly;
        @Option(names = "--show-mistakes", description = "list each misclassified line with its transcript") boolean showMistakes;
        @CommandLine.Mixin Tuning tuning = new Tuning();
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            WaitlessConfig.Intents intents = ConfigLoaderBridge.load(config).intents();
            if (intents.items().isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), config + " has no intents: section");
            }
            IntentClassifier classifier = new IntentClassifier(intents.items(), intents.threshold());
            List<String> phrases = phrasesOnly
                    ? intents.items().stream().flatMap(i -> i.phrases().stream()).distinct().toList()
                    : phrasesOf(intents.items());
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
            out.printf(Locale.ROOT, "engine:            %s grammar over %d phrases and synonyms%n", settings.grammar(), phrases.size());
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

    /**
     * {@code waitless speech bench}: N concurrent sessions, each fed 20 ms frames of 8 kHz FreeTTS
     * audio of the shipped phrases at real-time pace, as calls would arrive.
     */
    @Command(name = "bench", mixinStandardHelpOptions = true,
            description = "Feed N concurrent sessions in real time (20 ms frames of FreeTTS audio of the shipped phrases); "
                    + "print real-time factor, latency after end of audio, heap per stream and accuracy.")
    static final class Bench implements Callable<Integer> {
        @Option(names = "--streams", defaultValue = "2", description = "Concurrent streams (default: ${DEFAULT-VALUE}).")
        int streams;

        @Option(names = "--repeat", defaultValue = "3", description = "Utterances per stream (default: ${DEFAULT-VALUE}).")
        int repeat;

        @Option(names = "--engines", description = "Decoder engines (default: available processors).")
        Integer engines;

        @CommandLine.Mixin
        Tuning tuning = new Tuning();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            int cores = Runtime.getRuntime().availableProcessors();
            int engineCount = engines == null ? cores : engines;
            List<String> phrases = DEFAULT_PHRASES;
            List<short[]> audio = new ArrayList<>();
            try (FreeTtsSynthesizer tts = FreeTtsSynthesizer.open("kevin", 150, 100)) {
                for (String p : phrases) {
                    audio.add(concat(new short[2400], tts.speak(p), new short[4000])); // 0.3 s before, 0.5 s after
                }
            }
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            var settings = tuning.apply(EmbeddedSpeechRecognizer.Settings.defaults().withEngines(engineCount));
            try (EmbeddedSpeechRecognizer r = new EmbeddedSpeechRecognizer(settings)) {
                // Warm-up: every engine allocated and JIT-compiled before measuring.
                try (ExecutorService warm = Executors.newFixedThreadPool(engineCount)) {
                    List<Future<Transcript>> w = new ArrayList<>();
                    for (int i = 0; i < engineCount * 2; i++) {
                        short[] a = audio.get(i % audio.size());
                        w.add(warm.submit(() -> recognise(r, phrases, a)));
                    }
                    for (Future<Transcript> f : w) {
                        f.get();
                    }
                }
                // Heap: N sessions open and fed up to the middle of their speech (the segmenter holds
                // the speech so far, nothing decoded yet), against the baseline.
                System.gc();
                long heap0 = memory.getHeapMemoryUsage().getUsed();
                List<SpeechSession> open = new ArrayList<>();
                for (int s = 0; s < streams; s++) {
                    SpeechSession session = r.open(phrases);
                    short[] a = audio.get(s % audio.size());
                    int middle = 2400 + (a.length - 6400) / 2;
                    for (int i = 0; i < middle; i += 160) {
                        session.accept(Arrays.copyOfRange(a, i, Math.min(middle, i + 160)));
                    }
                    open.add(session);
                }
                System.gc();
                long heap1 = memory.getHeapMemoryUsage().getUsed();
                for (SpeechSession session : open) {
                    session.end();
                    session.close();
                }
                open.clear();

                // Real-time run: each stream a virtual thread pacing its frames by the clock.
                long cpu0 = os.getProcessCpuTime(), wall0 = System.nanoTime();
                List<Future<List<long[]>>> futures = new ArrayList<>();
                List<Transcript> transcripts = java.util.Collections.synchronizedList(new ArrayList<>());
                java.util.concurrent.atomic.AtomicInteger exact = new java.util.concurrent.atomic.AtomicInteger();
                java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
                try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int s = 0; s < streams; s++) {
                        int stream = s;
                        futures.add(callers.submit(() -> {
                            List<long[]> latencies = new ArrayList<>();
                            long next = wall0 + (long) (stream * 1e9 / Math.max(1, streams)); // staggered over a second
                            for (int u = 0; u < repeat; u++) {
                                int which = (stream + u) % audio.size();
                                short[] a = audio.get(which);
                                try (SpeechSession session = r.open(phrases)) {
                                    for (int i = 0; i < a.length; i += 160) {
                                        sleepUntil(next);
                                        session.accept(Arrays.copyOfRange(a, i, Math.min(a.length, i + 160)));
                                        next += 20_000_000L;
                                    }
                                    sleepUntil(next);
                                    long t0 = System.nanoTime();
                                    try {
                                        Transcript t = session.end();
                                        latencies.add(new long[] {System.nanoTime() - t0});
                                        transcripts.add(t);
                                        if (norm(t.text()).equals(norm(phrases.get(which)))) {
                                            exact.incrementAndGet();
                                        }
                                    } catch (RuntimeException e) {
                                        failed.incrementAndGet();
                                        latencies.add(new long[] {System.nanoTime() - t0});
                                    }
                                    next = System.nanoTime() + 200_000_000L; // the next utterance after a short gap
                                }
                            }
                            return latencies;
                        }));
                    }
                }
                long cpu = os.getProcessCpuTime() - cpu0, wall = System.nanoTime() - wall0;
                long[] lat = futures.stream().flatMap(f -> {
                    try {
                        return f.get().stream();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).mapToLong(l -> l[0]).sorted().toArray();
                double audioSeconds = transcripts.stream().mapToLong(t -> t.audio().toNanos()).sum() / 1e9;
                double decodeSeconds = transcripts.stream().mapToLong(t -> t.cpu().toNanos()).sum() / 1e9;
                out.printf(Locale.ROOT, "streams:            %d concurrent, %d utterances each, paced in real time%n", streams, repeat);
                out.printf(Locale.ROOT, "cores:              %d%n", cores);
                out.printf(Locale.ROOT, "engines:            %d (grammar %s)%n", engineCount, settings.grammar());
                out.printf(Locale.ROOT, "audio:              %.1f s in %.1f s wall%n", audioSeconds, wall / 1e9);
                out.printf(Locale.ROOT, "decode CPU:         %.2f s (process CPU %.2f s)%n", decodeSeconds, cpu / 1e9);
                out.printf(Locale.ROOT, "real-time factor:   %.3f decode CPU s per audio s (process %.3f); %.0f real-time streams per core%n",
                        decodeSeconds / audioSeconds, cpu / 1e9 / audioSeconds, audioSeconds / decodeSeconds);
                out.printf(Locale.ROOT, "latency after end:  p50 %d ms, p99 %d ms, max %d ms (%d results)%n",
                        pct(lat, 0.50), pct(lat, 0.99), lat.length == 0 ? 0 : lat[lat.length - 1] / 1_000_000, lat.length);
                out.printf(Locale.ROOT, "heap per stream:    %.3f MB (%d sessions open, fed to mid-speech; after GC, minus baseline)%n",
                        (heap1 - heap0) / 1e6 / streams, streams);
                out.printf(Locale.ROOT, "exact transcripts:  %d/%d%s%n", exact.get(), lat.length,
                        failed.get() == 0 ? "" : " (" + failed.get() + " failed)");
            }
            out.flush();
            return 0;
        }

        private static String norm(String s) {
            return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z' ]", " ").trim().replaceAll(" +", " ");
        }

        private static long pct(long[] sorted, double p) {
            if (sorted.length == 0) {
                return 0;
            }
            int i = (int) Math.ceil(p * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1_000_000;
        }

        private static void sleepUntil(long nanoTime) throws InterruptedException {
            long wait = nanoTime - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
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
