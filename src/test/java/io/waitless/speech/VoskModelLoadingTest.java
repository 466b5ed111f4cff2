package io.waitless.speech;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Bad model folders are refused with the path, the fault and how to get a model; the JVM lives on. */
class VoskModelLoadingTest {

    private static final String HINT = "https://alphacephei.com/vosk/models";

    @TempDir
    Path tmp;

    private static SpeechException refusal(Path model) {
        Throwable t = catchThrowable(() ->
                VoskSpeechRecognizer.load(new VoskSpeechRecognizer.Settings(model, true, Duration.ofSeconds(5))));
        assertThat(t).isInstanceOf(SpeechException.class);
        assertThat(t.getMessage())
                .contains(model.toAbsolutePath().normalize().toString())
                .contains(HINT)
                .contains("speech.vosk.model-path");
        return (SpeechException) t;
    }

    /** A model folder with every required name; conf files well-formed, the binary files random bytes. */
    private Path modelLayout(String... skip) throws IOException {
        Path m = tmp.resolve("model");
        Random rnd = new Random(42);
        for (String f : new String[]{"am/final.mdl", "conf/mfcc.conf", "conf/model.conf", "graph/HCLr.fst", "graph/Gr.fst"}) {
            if (java.util.Arrays.asList(skip).contains(f)) {
                continue;
            }
            Path p = m.resolve(f);
            Files.createDirectories(p.getParent());
            if (f.startsWith("conf/")) { // well-formed, so libvosk gets as far as the binary files
                Files.writeString(p, f.endsWith("mfcc.conf") ? "--sample-frequency=8000\n" : "--beam=10.0\n");
            } else {
                byte[] garbage = new byte[4096];
                rnd.nextBytes(garbage);
                Files.write(p, garbage);
            }
        }
        return m;
    }

    @Test
    void a_missing_path_is_refused_before_native_code() {
        assertThat(refusal(tmp.resolve("nowhere")).getMessage()).contains("does not exist");
    }

    @Test
    void a_file_instead_of_a_folder_is_refused() throws IOException {
        Path file = Files.writeString(tmp.resolve("model.zip"), "PK");
        assertThat(refusal(file).getMessage()).contains("is a file");
    }

    @Test
    void an_empty_folder_is_refused() throws IOException {
        assertThat(refusal(Files.createDirectory(tmp.resolve("empty"))).getMessage()).contains("is empty");
    }

    @Test
    void a_folder_without_the_acoustic_model_is_refused_naming_the_missing_file() throws IOException {
        assertThat(refusal(modelLayout("am/final.mdl")).getMessage())
                .contains("missing am/final.mdl")
                .doesNotContain("conf/mfcc.conf");
    }

    @Test
    void a_folder_without_a_graph_is_refused() throws IOException {
        assertThat(refusal(modelLayout("graph/Gr.fst")).getMessage()).contains("missing graph/HCLG.fst");
    }

    @Test
    void an_unpacked_archive_one_level_up_is_refused() throws IOException {
        Path parent = modelLayout().getParent();
        assertThat(refusal(parent).getMessage()).contains("missing am/final.mdl");
    }

    @Test
    void a_corrupt_model_with_the_right_file_names_is_refused_and_the_jvm_survives() throws IOException {
        Path corrupt = modelLayout();
        assertThat(refusal(corrupt).getMessage()).contains("could not be loaded by libvosk");
        // the process still works, and a second attempt fails the same way rather than crashing
        assertThat(refusal(corrupt).getMessage()).contains("could not be loaded by libvosk");
    }
}
