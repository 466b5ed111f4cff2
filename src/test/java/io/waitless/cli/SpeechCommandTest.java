package io.waitless.cli;

import io.waitless.prompts.FreeTtsSynthesizer;
import io.waitless.prompts.Wav;
import io.waitless.speech.Resampler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SpeechCommandTest {

    @TempDir
    static Path dir;
    static short[] speech;

    @BeforeAll
    static void synthesize() {
        try (FreeTtsSynthesizer tts = FreeTtsSynthesizer.open("kevin", 150, 100)) {
            short[] said = tts.speak("yes please text me");
            speech = new short[2400 + said.length + 4000];
            System.arraycopy(said, 0, speech, 2400, said.length);
        }
    }

    private final StringWriter out = new StringWriter();

    private int run(String... args) {
        CommandLine cli = WaitlessCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        return cli.execute(args);
    }

    @Test
    void speech_test_prints_the_transcript_confidence_audio_length_cpu_and_real_time_factor_of_an_8khz_file() {
        Path wav = dir.resolve("yes.wav");
        Wav.write(wav, speech);

        int code = run("speech", "test", wav.toString(), "--phrase", "yes please text me", "--phrase", "no thanks",
                "--phrase", "my internet is down");

        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString())
                .contains("transcript:  yes please text me")
                .containsPattern("confidence: +\\d\\.\\d\\d")
                .contains(String.format("audio:       %.2f s", speech.length / 8000.0))
                .containsPattern("cpu: +\\d+\\.\\d{3} s")
                .containsPattern("real-time: +\\d+\\.\\d{3} CPU s per audio s");
        // The factor is the decoding CPU over the audio length (not a speed claim: a loaded CI box may exceed 1).
        java.util.regex.Matcher cpu = java.util.regex.Pattern.compile("cpu: +(\\d+\\.\\d{3}) s").matcher(out.toString());
        java.util.regex.Matcher rtf = java.util.regex.Pattern.compile("real-time: +(\\d+\\.\\d{3})").matcher(out.toString());
        assertThat(cpu.find() && rtf.find()).isTrue();
        double expected = Double.parseDouble(cpu.group(1)) / (speech.length / 8000.0);
        assertThat(Double.parseDouble(rtf.group(1))).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.002));
    }

    @Test
    void speech_test_reads_a_44100_hz_stereo_file_by_resampling_to_8khz() throws IOException {
        short[] hi = Resampler.convert(speech, 8000, 44_100);
        byte[] bytes = new byte[hi.length * 4];
        for (int i = 0; i < hi.length; i++) {
            for (int c = 0; c < 2; c++) {
                bytes[4 * i + 2 * c] = (byte) hi[i];
                bytes[4 * i + 2 * c + 1] = (byte) (hi[i] >> 8);
            }
        }
        AudioFormat f = new AudioFormat(44_100, 16, 2, true, false);
        Path wav = dir.resolve("yes-44k-stereo.wav");
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(bytes), f, hi.length),
                AudioFileFormat.Type.WAVE, wav.toFile());

        int code = run("speech", "test", wav.toString());

        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).contains("transcript:  yes please text me");
    }

    @Test
    void speech_test_refuses_a_file_that_is_not_wav() throws IOException {
        Path bad = dir.resolve("bad.wav");
        java.nio.file.Files.writeString(bad, "not audio");

        assertThat(run("speech", "test", bad.toString())).isEqualTo(2);
        assertThat(out.toString()).contains("cannot read");
    }
}
