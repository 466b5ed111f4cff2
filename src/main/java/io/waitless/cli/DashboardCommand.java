package io.waitless.cli;

import io.waitless.web.Passwords;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@code waitless dashboard hash-password}: a bcrypt hash of a dashboard user's password for
 * {@code dashboard.users[].password-hash}. The password is read from the console without echo (asked twice), or
 * as the first line of stdin when there is no console (a pipe); never from the command line, where it would
 * stay in the shell history and in the process list.
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = "Tools for the analysts' dashboard.",
        subcommands = {DashboardCommand.HashPassword.class})
final class DashboardCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "hash-password", mixinStandardHelpOptions = true,
            description = {"Reads a password (from the console, asked twice, or the first line of stdin) and prints",
                    "its bcrypt hash (cost " + Passwords.COST + ") for dashboard.users[].password-hash.",
                    "Exit 2 when the passwords differ, are empty or longer than " + Passwords.MAX_BYTES + " bytes."})
    static final class HashPassword implements java.util.concurrent.Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        /** The console, or null to read stdin (tests set it so). */
        Console console = System.console();
        java.io.InputStream stdin = System.in;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            char[] password = console != null ? fromConsole(err) : firstLine();
            if (password == null) {
                return 2;
            }
            try {
                out.println(Passwords.hash(password));
                out.flush();
                return 0;
            } catch (IllegalArgumentException e) {
                err.println("not hashed: " + e.getMessage());
                return 2;
            } finally {
                Arrays.fill(password, '\0');
            }
        }

        private char[] fromConsole(PrintWriter err) {
            char[] first = console.readPassword("Password: ");
            char[] again = console.readPassword("Again: ");
            if (first == null || again == null || !Arrays.equals(first, again)) {
                err.println("not hashed: the two passwords differ");
                if (first != null) {
                    Arrays.fill(first, '\0');
                }
                return null;
            }
            Arrays.fill(again, '\0');
            return first;
        }

        private char[] firstLine() {
            try {
                String line = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
                return line == null ? new char[0] : line.toCharArray();
            } catch (IOException e) {
                throw new UncheckedIOException("reading the password from stdin", e);
            }
        }
    }
}
