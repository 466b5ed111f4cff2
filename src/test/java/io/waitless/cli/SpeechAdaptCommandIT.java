package io.waitless.cli;

import io.waitless.prompts.FreeTtsSynthesizer;
import io.waitless.prompts.Wav;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code waitless speech adapt} from WAV recordings with transcripts, and its refusals; {@code speech bench} runs. */
class SpeechAdaptCommandIT {

    private static final List<String> SAID = List.of(
            "The thick fog rolled over the hills before dawn",
            "A sharp gust of wind shook the old barn door",
            "She packed a lunch of bread cheese and green apples",
            "The children chased the bright kite across the field",
            "Seven ships sailed north through the freezing water",
            "Thunder rumbled while the farmer closed the gate");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();

    private int run(String... args) {
        CommandLine cli = WaitlessCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        return cli.execute(args);
    }

    @Test
    void recordings_listed_in_a_csv_make_a_transform_that_the_engine_then_uses() throws Exception {
        StringBuilder csv = new StringBuilder("file,transcript\n");
        try (FreeTtsSynthesizer tts = FreeTtsSynthesizer.open("kevin", 150, 100)) {
            for (int i = 0; i < SAID.size(); i++) {
                Files.createDirectories(dir.resolve("rec"));
                Wav.write(dir.resolve("rec/" + i + ".wav"), tts.speak(SAID.get(i)));
                csv.append("rec/").append(i).append(".wav,").append(SAID.get(i)).append('\n');
            }
        }
        Path list = Files.writeString(dir.resolve("recordings.csv"), csv);
        Path transform = dir.resolve("out/line.mllr");

        int code = run("speech", "adapt", list.toString(), "--out", transform.toString());

        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).contains("recordings:  6").contains("written:     " + transform)
                .containsPattern("alignment: +word error rate 0\\.\\d{3}");
        assertThat(transform).isRegularFile();

        Path wav = dir.resolve("rec/0.wav");
        out.getBuffer().setLength(0);
        assertThat(run("speech", "test", wav.toString(), "--adaptation", transform.toString(),
                "--phrase", SAID.get(0), "--phrase", SAID.get(1))).as(out.toString()).isZero();
        assertThat(out.toString()).contains("transcript:  " + SAID.get(0).toLowerCase());
    }

    @Test
    void a_csv_line_without_a_transcript_is_refused_with_its_line() throws Exception {
        Path list = Files.writeString(dir.resolve("bad.csv"), "file,transcript\nrec/0.wav\n");

        assertThat(run("speech", "adapt", list.toString(), "--out", dir.resolve("x.mllr").toString())).isEqualTo(2);
        assertThat(out.toString()).contains(list + ":2: expected file.wav,transcript");
    }

    @Test
    void a_missing_recording_is_refused_naming_it() throws Exception {
        Path list = Files.writeString(dir.resolve("missing.csv"), "file,transcript\nnowhere.wav,hello there\n");

        assertThat(run("speech", "adapt", list.toString(), "--out", dir.resolve("x.mllr").toString())).isEqualTo(2);
        assertThat(out.toString()).contains("nowhere.wav");
    }

    @Test
    void the_speech_bench_runs_callers_through_the_configured_intents_and_reports_its_figures() {
        int code = run("speech", "bench", "--streams", "2", "--repeat", "1", "--prompt", "500ms", "--engines", "1");

        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).contains("streams:            2 concurrent, 1 answers each")
                .containsPattern("decode CPU: .* per audio s, .* per speech s")
                .containsPattern("cores busy decoding \\(\\d\\.\\d{3} per stream\\)")
                .containsPattern("latency after speech: p50 \\d+ ms, p99 \\d+ ms")
                .containsPattern("heap per stream: +-?\\d+\\.\\d{3} MB")
                .containsPattern("intent: +\\d/2 right");
    }
}
