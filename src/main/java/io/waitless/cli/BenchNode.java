package io.waitless.cli;

import io.waitless.journal.RedisProcess;
import io.waitless.sim.LocalKannel;
import io.waitless.sim.NodeConfigFile;
import io.waitless.sim.NodeProcess;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A node for a benchmark: {@code waitless serve} in its own JVM with the shipped {@code config/waitless.yaml}, changed
 * only where a benchmark must (free loopback ports, the private Redis, the outbox and the spool under {@code --work}, and what
 * the caller passes in {@code overrides}).
 *
 * @param agiPort  where the node's FastAGI listens
 * @param httpPort where its HTTP side ({@code /readyz}, {@code /metrics}) listens
 */
record BenchNode(NodeProcess process, int agiPort, int httpPort) implements AutoCloseable {
    static final Path SHIPPED_CONFIG = Path.of("config/waitless.yaml");
    /** Budgets out of the way: the benchmarks measure the path, bench abuse measures the rules. */
    private static final String NO_LIMIT = "100000000";

    /** Texts go to {@code kannel} (the Kannel gateway, as production would), with no SMS budget in the way. */
    static NodeConfigFile texting(LocalKannel kannel) {
        NodeConfigFile c = new NodeConfigFile().set("sms.gateway", "kannel")
                .set("sms.kannel.sendsms-url", kannel.sendSmsUrl().toString())
                .set("sms.kannel.password", "\"bench\"");
        for (String budget : List.of("per-number", "per-prefix", "per-country", "global", "prefix-burst")) {
            c.set("budgets." + budget + ".max", NO_LIMIT);
        }
        return c;
    }

    /**
     * Writes {@code <work>/<name>.yaml} and starts the node on it (not waiting for it to be ready).
     *
     * @param launcher empty: {@code java} with this JVM's class path and {@code jvmOptions}; else a script run as
     *                 {@code <launcher> serve -c <config>} with {@code WAITLESS_JAVA_OPTS} set to the options
     */
    static BenchNode start(Path work, String name, RedisProcess redis, NodeConfigFile overrides,
                           List<String> jvmOptions, String launcher) throws IOException {
        int agi = NodeProcess.freePort();
        int http = NodeProcess.freePort();
        Path config = overrides.set("agi.port", Integer.toString(agi)).set("http.port", Integer.toString(http))
                .set("redis.uri", "redis://127.0.0.1:" + redis.port() + "/0")
                .set("sms.outbox", work.resolve(name + "-sms-outbox.jsonl").toAbsolutePath().toString())
                .set("journal.spool.directory", work.resolve(name + "-spool").toAbsolutePath().toString())
                .write(SHIPPED_CONFIG, work.resolve(name + ".yaml"));
        List<String> serve = List.of("serve", "-c", config.toString());
        List<String> command;
        if (launcher.isEmpty()) {
            command = NodeProcess.javaCommand(jvmOptions, serve);
        } else {
            command = new ArrayList<>(List.of(launcher));
            command.addAll(serve);
        }
        return new BenchNode(NodeProcess.start(command, Map.of("WAITLESS_JAVA_OPTS", String.join(" ", jvmOptions)),
                http, work.resolve(name + ".log")), agi, http);
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }

    /** {@code --node-java-opts}: JVM options for the benchmark's node. */
    static final class JavaOpts {
        @picocli.CommandLine.Option(names = "--node-java-opts", defaultValue = "",
                description = "JVM options for the node, e.g. -Xmx1g (default: none, as bin/waitless serve).")
        String value;

        List<String> list() {
            return value.isBlank() ? List.of() : List.of(value.strip().split("\\s+"));
        }
    }
}
