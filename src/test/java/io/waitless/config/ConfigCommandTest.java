package io.waitless.config;

import io.waitless.cli.ConfigCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code waitless config check FILE}, run through picocli as the command line runs it. */
class ConfigCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, String... args) {
        CommandLine cmd = new CommandLine(new ConfigCommand(env));
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @Test
    void check_of_the_shipped_config_prints_ok_with_counts_and_exits_0() {
        int code = run(ShippedConfigTest.PRODUCTION_ENV, "check", "config/waitless.yaml");
        assertThat(code).isZero();
        assertThat(out.toString()).isEqualTo("OK: config/waitless.yaml (4 promotions, 4 flows, 1 queue)" + System.lineSeparator());
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void check_without_a_file_checks_config_waitless_yaml() {
        assertThat(run(Map.of(), "check")).isZero();
        assertThat(out.toString()).startsWith("OK: config/waitless.yaml");
    }

    @Test
    void check_prints_warnings_to_stderr_and_still_exits_0() {
        assertThat(run(Map.of(), "check")).isZero();
        assertThat(err.toString()).startsWith("warning: config/waitless.yaml:").contains("WAITLESS_CALLER_KEY is not set");
    }

    @Test
    void check_of_a_bad_config_lists_every_error_on_stderr_and_exits_1() {
        String yaml = ConfigFiles.validWith("gateway: log", "gateway: pigeon").replace("name: Acme", "nmae: Acme");
        Path file = new ConfigFiles(dir).write(yaml);
        int code = run(Map.of(), "check", file.toString());
        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines().toList()).containsExactly(
                "3 errors in " + file,
                file + ":1: company.name: is missing; it is required",
                file + ":2: company.nmae: unknown key (did you mean name?) (allowed here: name, website, timezone)",
                file + ":" + ConfigFiles.lineOf(yaml, "pigeon") + ": sms.gateway: \"pigeon\" is not one of log, kannel,"
                        + " twilio, smpp");
    }

    @Test
    void check_of_a_missing_file_exits_1() {
        assertThat(run(Map.of(), "check", dir.resolve("missing.yaml").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("missing.yaml: cannot read the file");
    }

    @Test
    void config_without_a_subcommand_prints_usage_and_exits_0() {
        assertThat(run(Map.of())).isZero();
        assertThat(out.toString()).contains("Usage: config").contains("check");
    }

    @Test
    void a_usage_error_exits_2() {
        assertThat(run(Map.of(), "check", "a.yaml", "b.yaml")).isEqualTo(2);
    }
}
