package io.waitless.cli;

import io.waitless.prompts.FreeTtsSynthesizer;
import io.waitless.speech.EmbeddedSpeechRecognizer;
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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** {@code waitless speech}: try the embedded speech engine on a file, or measure its cost. */
@Command(name = "speech", mixinStandardHelpOptions = true, description = "Try or benchmark the embedded speech engine.",
        subcommands = {SpeechCommand.Test.class, SpeechCommand.Bench.class})
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

    /** {@code waitless speech bench}: N concurrent streams of a synthesized utterance. */
    @Command(name = "bench", mixinStandardHelpOptions = true,
            description = "Run N concurrent streams of a synthesized utterance; print CPU per audio second and heap per stream.")
    static final class Bench implements Callable<Integer> {
        @Option(names = "--streams", defaultValue = "2", description = "Concurrent streams (default: ${DEFAULT-VALUE}).")
        int streams;

        @Option(names = "--repeat", defaultValue = "5", description = "Utterances per stream (default: ${DEFAULT-VALUE}).")
        int repeat;

        @Option(names = "--text", defaultValue = "I want to pay my bill", description = "What is said (default: ${DEFAULT-VALUE}).")
        String text;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            short[] utterance;
            try (FreeTtsSynthesizer tts = FreeTtsSynthesizer.open("kevin", 150, 100)) {
                utterance = concat(new short[2400], tts.speak(text), new short[4000]);
            }
            List<String> phrases = new ArrayList<>(DEFAULT_PHRASES);
            if (!phrases.contains(text)) {
                phrases.add(text);
            }
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            System.gc();
            long heap0 = memory.getHeapMemoryUsage().getUsed();
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            try (EmbeddedSpeechRecognizer r = recognizer(streams);
                 ExecutorService pool = Executors.newFixedThreadPool(streams)) {
                // Warm-up: one utterance per stream at once, so every engine is allocated.
                runAll(pool, streams, r, phrases, utterance, 1);
                System.gc();
                long heap1 = memory.getHeapMemoryUsage().getUsed();
                long cpu0 = os.getProcessCpuTime(), wall0 = System.nanoTime();
                List<Transcript> results = runAll(pool, streams, r, phrases, utterance, repeat);
                long cpu = os.getProcessCpuTime() - cpu0, wall = System.nanoTime() - wall0;
                double audioSeconds = results.stream().mapToLong(t -> t.audio().toNanos()).sum() / 1e9;
                long right = results.stream().filter(t -> t.text().equalsIgnoreCase(text.toLowerCase())).count();
                out.printf("streams:            %d concurrent, %d utterances of %.2f s each%n",
                        streams, results.size(), utterance.length / 8000.0);
                out.printf("recognised:         %d/%d as '%s'%n", right, results.size(), text.toLowerCase());
                out.printf("process CPU:        %.3f s per audio s (real-time factor per core)%n", cpu / 1e9 / audioSeconds);
                out.printf("engine CPU:         %.3f s per audio s (decoding threads only)%n",
                        results.stream().mapToLong(t -> t.cpu().toNanos()).sum() / 1e9 / audioSeconds);
                out.printf("throughput:         %.1f audio s per wall s on %d cores%n",
                        audioSeconds / (wall / 1e9), Runtime.getRuntime().availableProcessors());
                out.printf("heap per stream:    %.1f MB (after GC, engines allocated)%n", (heap1 - heap0) / 1e6 / streams);
            }
            out.flush();
            return 0;
        }

        private static List<Transcript> runAll(ExecutorService pool, int streams, EmbeddedSpeechRecognizer r, List<String> phrases,
                                               short[] utterance, int times) throws Exception {
            List<Future<List<Transcript>>> futures = new ArrayList<>();
            for (int s = 0; s < streams; s++) {
                futures.add(pool.submit(() -> {
                    List<Transcript> mine = new ArrayList<>();
                    for (int i = 0; i < times; i++) {
                        mine.add(recognise(r, phrases, utterance));
                    }
                    return mine;
                }));
            }
            List<Transcript> all = new ArrayList<>();
            for (Future<List<Transcript>> f : futures) {
                all.addAll(f.get());
            }
            return all;
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
