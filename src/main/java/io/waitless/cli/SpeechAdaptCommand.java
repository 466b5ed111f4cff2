package io.waitless.cli;

import io.waitless.speech.Adaptation;
import io.waitless.speech.PhoneLine;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code waitless speech adapt}: estimates an MLLR transform for the embedded engine from recordings of the
 * line (a CSV of {@code file.wav,what was said}) or from a text file spoken by a synthetic voice over a
 * simulated phone line ({@code --voice}).
 */
@Command(name = "adapt", mixinStandardHelpOptions = true,
        description = {"Adapts the embedded engine's acoustic model to your line: estimates an MLLR transform from",
                "recordings and what was said in them, and writes it for speech.adaptation. Give a CSV of",
                "file.wav,transcript lines (header first; paths relative to the CSV), or with --voice a text file",
                "of sentences to synthesize and send through a simulated 300-3400 Hz phone line.",
                "A few minutes of speech are enough (at least 3 s)."})
final class SpeechAdaptCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "recordings CSV (file.wav,transcript), or a text file of sentences with --voice")
    Path input;

    @Option(names = "--voice", paramLabel = "VOICE", description = "synthesize the sentences of FILE: kevin (FreeTTS) or espeak:VOICE")
    String voice;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "where to write the transform")
    Path out;

    @Option(names = "--base", paramLabel = "FILE", description = "a transform to start from (refines it)")
    Path base;

    @Option(names = "--snr", paramLabel = "DB", description = "with --voice: add white noise this many dB below the speech"
            + " to every other sentence, so the transform also fits a noisy line")
    Double snr;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        List<Adaptation.Recording> recordings = voice == null ? recordings() : synthesized();
        double seconds = recordings.stream().mapToDouble(r -> r.slin8k().length / 8000.0).sum();
        o.printf(Locale.ROOT, "recordings:  %d (%.0f s of audio)%n", recordings.size(), seconds);
        o.flush();
        long t0 = System.nanoTime();
        Adaptation.Estimate e = Adaptation.estimate(recordings, Optional.ofNullable(base), out);
        o.printf(Locale.ROOT, "speech:      %.1f s in the alignment (%d frames)%n", e.frames() / 100.0, e.frames());
        o.printf(Locale.ROOT, "alignment:   word error rate %.3f before adaptation%n", e.alignmentWordErrorRate());
        o.printf(Locale.ROOT, "written:     %s (%.0f s)%n", out, (System.nanoTime() - t0) / 1e9);
        o.printf("use it:      speech: {adaptation: %s} in the config%n", out);
        o.flush();
        return 0;
    }

    private List<Adaptation.Recording> recordings() {
        CommandLine cli = spec.commandLine();
        List<String> lines = read(cli, input);
        List<Adaptation.Recording> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            int comma = line.indexOf(',');
            if (comma <= 0 || comma == line.length() - 1) {
                throw new CommandLine.ParameterException(cli, input + ":" + (i + 1) + ": expected file.wav,transcript");
            }
            Path wav = input.toAbsolutePath().getParent().resolve(line.substring(0, comma).strip());
            out.add(new Adaptation.Recording(SpeechCommand.readAsSlin8k(cli, wav), line.substring(comma + 1).strip()));
        }
        if (out.isEmpty()) {
            throw new CommandLine.ParameterException(cli, input + " has no recordings (header, then file.wav,transcript lines)");
        }
        return out;
    }

    private List<Adaptation.Recording> synthesized() {
        CommandLine cli = spec.commandLine();
        List<Adaptation.Recording> out = new ArrayList<>();
        try (SpeechCommand.Voice v = SpeechCommand.Voice.open(cli, voice)) {
            int n = 0;
            for (String text : read(cli, input)) {
                if (!text.isBlank()) {
                    n++;
                    Double noise = snr != null && n % 2 == 0 ? snr : null;
                    out.add(new Adaptation.Recording(SpeechCommand.phoneAudio(v.speak(text), noise, PhoneLine.Noise.WHITE, n),
                            text.strip()));
                }
            }
        }
        if (out.isEmpty()) {
            throw new CommandLine.ParameterException(cli, input + " has no sentences");
        }
        return out;
    }

    private static List<String> read(CommandLine cli, Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CommandLine.ParameterException(cli, "cannot read " + file + ": " + e.getMessage());
        }
    }
}
