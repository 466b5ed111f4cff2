package io.waitless.cli;

import io.waitless.testing.RedisServer;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs {@code waitless} subcommands in-process against the shipped config pointed at a test Redis. */
final class CliRun {
    private CliRun() {
    }

    /** What a command printed, and its exit code. */
    record Result(int exit, String out, String err) {}

    /** The shipped {@code config/waitless.yaml}, with its Redis URI pointed at {@code server}, written to {@code dir}. */
    static Path shippedConfig(RedisServer server, Path dir) throws IOException {
        String yaml = Files.readString(Path.of("config/waitless.yaml"))
                .replace("uri: redis://127.0.0.1:6379/0", "uri: redis://127.0.0.1:" + server.port() + "/0");
        return Files.writeString(dir.resolve("waitless.yaml"), yaml);
    }

    /** Runs {@code args} followed by {@code --config config}. */
    static Result run(Path config, String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = config.toString();
        return bare(all);
    }

    /** Runs {@code args} as they are (a bench brings its own Redis and config). */
    static Result bare(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = WaitlessCommand.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        return new Result(exit, out.toString(), err.toString());
    }
}
