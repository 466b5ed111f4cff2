package io.waitless.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code waitless intent test|eval} against the shipped config and evaluation set. */
class IntentCommandTest {

    private static final String CONFIG = "config/waitless.yaml";
    private static final String EVAL = "src/main/resources/intent-eval/galil-cable.csv";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = WaitlessCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void test_prints_the_intent_its_flow_score_and_matched_phrase() {
        int code = run("intent", "test", "my internet keeps dropin", "--config", CONFIG);

        assertThat(code).isZero();
        assertThat(out.toString()).contains("intent:  outage (flow check-outage)")
                .contains("nearest: \"the internet keeps dropping\"").containsPattern("score: +0\\.\\d{3}");
    }

    @Test
    void test_prints_unknown_for_out_of_domain_speech() {
        int code = run("intent", "test", "who won the football game", "--config", CONFIG);

        assertThat(code).isZero();
        assertThat(out.toString()).contains("intent:  unknown");
    }

    @Test
    void eval_prints_accuracy_per_intent_rates_rejection_and_the_confusion_matrix() {
        int code = run("intent", "eval", EVAL, "--config", CONFIG, "--min-accuracy", "0.9");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("accuracy:", "unknown rejection:", "precision", "recall",
                "confusion (rows expected, columns predicted):").containsPattern("(?m)^billing +\\d+ +[01]\\.\\d{3} +[01]\\.\\d{3}");
    }

    @Test
    void eval_exits_1_when_accuracy_is_below_min_accuracy() {
        int code = run("intent", "eval", EVAL, "--config", CONFIG, "--min-accuracy", "0.999");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("is below --min-accuracy 0.999");
    }

    @Test
    void eval_of_a_malformed_csv_exits_1_naming_the_line() throws IOException {
        Path csv = Files.writeString(dir.resolve("bad.csv"), "text,intent\nno label here\n");

        int code = run("intent", "eval", csv.toString(), "--config", CONFIG);

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("bad.csv:2: expected text,label");
    }
}
