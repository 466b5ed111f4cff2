package io.waitless.cli;

import io.waitless.config.WaitlessConfig;
import io.waitless.intent.Evaluation;
import io.waitless.intent.IntentClassifier;
import io.waitless.prompts.FreeTtsSynthesizer;
import io.waitless.speech.EmbeddedSpeechRecognizer;
import io.waitless.speech.PhoneLine;
import io.waitless.speech.SpeechSession;
import io.waitless.speech.Transcript;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code waitless speech bench}: N concurrent AudioSocket-like streams, each a run of callers answering "what
 * are you calling about?" in real time — the prompt (the caller silent), the answer (FreeTTS kevin over a
 * simulated phone line, from a labelled set), the end silence — through the embedded engine with the
 * configured intents' language model and the classifier. Prints decode CPU per second of audio and of speech,
 * the latency from the end of the answer's speech to the result (the dialog's 800 ms end silence included),
 * heap per open stream, and intent accuracy. Capacity is the most streams whose latency stays acceptable: run
 * it at several counts; cores busy alone says nothing once decoding queues up.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"N concurrent streams in real time, each a run of callers answering the intent question:",
                "silence while the prompt plays (--prompt), the answer (FreeTTS kevin, phone band, from --answers),",
                "then silence. Prints decode CPU per audio second and per speech second, latency from the end of",
                "the answer to the result (p50/p99/max), heap per open stream and intent accuracy.",
                "--prompt 0 makes every stream continuous speech."})
final class SpeechBenchCommand implements Callable<Integer> {
    private static final int RATE = 8000;
    private static final int FRAME = 160;

    @Option(names = "--streams", defaultValue = "20", description = "concurrent streams (default: ${DEFAULT-VALUE})")
    int streams;

    @Option(names = "--repeat", defaultValue = "3", description = "answers per stream (default: ${DEFAULT-VALUE})")
    int repeat;

    @Option(names = "--prompt", defaultValue = "3s", converter = DurationConverter.class,
            description = "silence before each answer while the question plays (default: ${DEFAULT-VALUE})")
    Duration prompt;

    @Option(names = "--answers", paramLabel = "FILE.csv", defaultValue = "src/main/resources/intent-eval/galil-cable.csv",
            description = "labelled answers to speak (default: ${DEFAULT-VALUE})")
    Path answers;

    @Option(names = "--engines", description = "decoder engines (default: available processors)")
    Integer engines;

    @CommandLine.Mixin
    SpeechCommand.Tuning tuning = new SpeechCommand.Tuning();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** One stream's answers, results and latencies. */
    private record Outcome(List<Long> latencies, int correct, int failed) {}

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        int cores = Runtime.getRuntime().availableProcessors();
        int engineCount = engines == null ? cores : engines;
        WaitlessConfig.Intents intents = ConfigLoaderBridge.load(tuning.config).intents();
        if (intents.items().isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), tuning.config + " has no intents: section");
        }
        IntentClassifier classifier = intents.classifier();
        List<String> phrases = intents.vocabulary();
        List<Evaluation.Example> all = Evaluation.read(answers);
        int needed = Math.min(all.size(), streams * repeat);
        List<Evaluation.Example> said = new ArrayList<>();
        List<short[]> audio = new ArrayList<>();
        try (FreeTtsSynthesizer tts = FreeTtsSynthesizer.open("kevin", 150, 100)) {
            for (int i = 0; i < needed; i++) {
                Evaluation.Example e = all.get((int) ((long) i * all.size() / needed));
                said.add(e);
                audio.add(PhoneLine.bandLimit(tts.speak(e.text())));
            }
        }
        EmbeddedSpeechRecognizer.Settings settings = tuning.apply(EmbeddedSpeechRecognizer.Settings.defaults()
                .withEngines(engineCount).withDeadline(Duration.ofMinutes(2)));
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (EmbeddedSpeechRecognizer r = new EmbeddedSpeechRecognizer(settings)) {
            warmUp(r, phrases, audio, engineCount);
            double heapPerStream = heapPerStream(r, phrases, audio, memory);

            long cpu0 = os.getProcessCpuTime();
            long wall0 = System.nanoTime();
            List<Transcript> transcripts = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Future<Outcome>> futures = new ArrayList<>();
            try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int s = 0; s < streams; s++) {
                    int stream = s;
                    // staggered over one call's length, as calls arrive
                    long start = wall0 + (long) (stream * (prompt.toNanos() + 3e9) / Math.max(1, streams));
                    futures.add(callers.submit(() -> stream(r, phrases, classifier, said, audio, stream, start, transcripts)));
                }
            }
            long cpu = os.getProcessCpuTime() - cpu0;
            long wall = System.nanoTime() - wall0;
            List<Long> lat = new ArrayList<>();
            int correct = 0;
            int failed = 0;
            for (Future<Outcome> f : futures) {
                lat.addAll(f.get().latencies());
                correct += f.get().correct();
                failed += f.get().failed();
            }
            long[] sorted = lat.stream().mapToLong(Long::longValue).sorted().toArray();
            double audioS = transcripts.stream().mapToLong(t -> t.audio().toNanos()).sum() / 1e9;
            double speechS = 0;
            for (int i = 0; i < streams * repeat; i++) {
                speechS += audio.get(i % audio.size()).length / (double) RATE;
            }
            double decodeS = transcripts.stream().mapToLong(t -> t.cpu().toNanos()).sum() / 1e9;
            out.printf(Locale.ROOT, "streams:            %d concurrent, %d answers each, prompt %.1f s, paced in real time%n",
                    streams, repeat, prompt.toMillis() / 1000.0);
            out.printf(Locale.ROOT, "cores:              %d; engines %d (grammar %s over %d phrases, %s search, adaptation %s)%n",
                    cores, engineCount, settings.grammar(), phrases.size(), settings.search().name().toLowerCase(Locale.ROOT),
                    settings.adaptation().map(Path::toString).orElse("none"));
            out.printf(Locale.ROOT, "audio:              %.0f s (%.0f s of it speech) in %.0f s wall%n", audioS, speechS, wall / 1e9);
            out.printf(Locale.ROOT, "decode CPU:         %.1f s (process %.1f s): %.3f per audio s, %.3f per speech s%n",
                    decodeS, cpu / 1e9, decodeS / audioS, decodeS / speechS);
            out.printf(Locale.ROOT, "load:               %.2f of %d cores busy decoding (%.3f per stream)%n",
                    decodeS / (wall / 1e9), cores, decodeS / (wall / 1e9) / streams);
            out.printf(Locale.ROOT, "latency after speech: p50 %d ms, p99 %d ms, max %d ms (%d results)%n",
                    pct(sorted, 0.50), pct(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1_000_000,
                    sorted.length);
            out.printf(Locale.ROOT, "heap per stream:    %.3f MB (sessions open, fed to mid-speech; after GC, minus baseline)%n",
                    heapPerStream);
            out.printf(Locale.ROOT, "intent:             %d/%d right (%.3f)%s%n", correct, sorted.length,
                    sorted.length == 0 ? 0 : (double) correct / sorted.length, failed == 0 ? "" : ", " + failed + " failed");
        }
        out.flush();
        return 0;
    }

    private Outcome stream(EmbeddedSpeechRecognizer r, List<String> phrases, IntentClassifier classifier,
                           List<Evaluation.Example> said, List<short[]> audio, int stream, long start,
                           List<Transcript> transcripts) throws InterruptedException {
        List<Long> latencies = new ArrayList<>();
        int correct = 0;
        int failed = 0;
        long next = start;
        short[] quiet = new short[FRAME];
        for (int u = 0; u < repeat; u++) {
            int which = (stream * repeat + u) % audio.size();
            short[] answer = audio.get(which);
            try (SpeechSession session = r.open(phrases)) {
                for (long i = 0; i < prompt.toMillis() / 20; i++) {
                    sleepUntil(next);
                    session.accept(quiet);
                    next += 20_000_000L;
                }
                for (int i = 0; i < answer.length; i += FRAME) {
                    sleepUntil(next);
                    session.accept(Arrays.copyOfRange(answer, i, Math.min(answer.length, i + FRAME)));
                    next += 20_000_000L;
                }
                for (int i = 0; i < 40; i++) { // 800 ms: the dialog's end-silence
                    sleepUntil(next);
                    session.accept(quiet);
                    next += 20_000_000L;
                }
                sleepUntil(next);
                long t0 = System.nanoTime();
                try {
                    Transcript t = session.end();
                    latencies.add(System.nanoTime() - t0 + 800_000_000L);
                    transcripts.add(t);
                    if (classifier.classify(t.text()).label().equals(said.get(which).label())) {
                        correct++;
                    }
                } catch (RuntimeException e) {
                    failed++;
                    latencies.add(System.nanoTime() - t0 + 800_000_000L);
                }
                next = System.nanoTime() + 500_000_000L; // the next caller on this stream
            }
        }
        return new Outcome(latencies, correct, failed);
    }

    private static void warmUp(EmbeddedSpeechRecognizer r, List<String> phrases, List<short[]> audio, int engines)
            throws Exception {
        try (ExecutorService warm = Executors.newFixedThreadPool(engines)) {
            List<Future<Transcript>> w = new ArrayList<>();
            for (int i = 0; i < engines * 2; i++) {
                short[] a = audio.get(i % audio.size());
                w.add(warm.submit(() -> SpeechCommand.recognise(r, phrases, withSilence(a))));
            }
            for (Future<Transcript> f : w) {
                f.get();
            }
        }
    }

    /** Heap held by open sessions fed to the middle of their speech (nothing decoded yet), per session. */
    private double heapPerStream(EmbeddedSpeechRecognizer r, List<String> phrases, List<short[]> audio, MemoryMXBean memory) {
        System.gc();
        long heap0 = memory.getHeapMemoryUsage().getUsed();
        List<SpeechSession> open = new ArrayList<>();
        short[] quiet = new short[FRAME];
        for (int s = 0; s < streams; s++) {
            SpeechSession session = r.open(phrases);
            for (int i = 0; i < 50; i++) {
                session.accept(quiet);
            }
            short[] a = audio.get(s % audio.size());
            for (int i = 0; i < a.length / 2; i += FRAME) {
                session.accept(Arrays.copyOfRange(a, i, Math.min(a.length / 2, i + FRAME)));
            }
            open.add(session);
        }
        System.gc();
        long heap1 = memory.getHeapMemoryUsage().getUsed();
        open.forEach(SpeechSession::close);
        return (heap1 - heap0) / 1e6 / streams;
    }

    private static short[] withSilence(short[] speech) {
        short[] out = new short[speech.length + 2 * RATE];
        System.arraycopy(speech, 0, out, RATE / 2, speech.length);
        return out;
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
