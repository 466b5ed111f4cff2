package io.waitless.cli;

import at.favre.lib.crypto.bcrypt.BCrypt;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardCommandTest {

    private record Run(int exit, String out, String err) {}

    private static Run hash(String stdin) {
        DashboardCommand.HashPassword command = new DashboardCommand.HashPassword();
        command.console = null;
        command.stdin = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute();
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void the_first_line_of_stdin_is_hashed_with_bcrypt_cost_12_and_verifies() {
        Run r = hash("correct horse battery staple\nignored\n");

        assertThat(r.exit()).isZero();
        String h = r.out().strip();
        assertThat(h).matches("\\$2a\\$12\\$[./A-Za-z0-9]{53}");
        assertThat(BCrypt.verifyer().verify("correct horse battery staple".toCharArray(), h).verified).isTrue();
        assertThat(r.out()).doesNotContain("staple");
    }

    @Test
    void an_empty_or_over_long_password_is_refused() {
        assertThat(hash("\n")).satisfies(r -> {
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("not hashed: the password is empty");
        });
        assertThat(hash("x".repeat(72) + "\n")).satisfies(r -> {
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("the password is 72 bytes; bcrypt reads at most 71");
        });
    }

    @Test
    void the_command_is_registered_and_takes_no_password_argument() {
        CommandLine cli = WaitlessCommand.commandLine();
        CommandLine hashPassword = cli.getSubcommands().get("dashboard").getSubcommands().get("hash-password");

        assertThat(hashPassword.getCommandSpec().positionalParameters()).isEmpty();
        assertThat(hashPassword.getCommandSpec().options()).extracting(o -> o.longestName())
                .containsExactlyInAnyOrder("--help", "--version");
    }
}
