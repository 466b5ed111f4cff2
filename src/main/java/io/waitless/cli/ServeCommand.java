package io.waitless.cli;

import io.waitless.App;
import io.waitless.config.ConfigException;
import io.waitless.config.WaitlessConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code waitless serve}: runs a node until SIGTERM / Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run a Waitless node: FastAGI for Asterisk, the short-link server and /metrics.")
final class ServeCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, defaultValue = "config/waitless.yaml", description = "Config file (default: ${DEFAULT-VALUE}).")
    Path config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        WaitlessConfig cfg;
        try {
            var loaded = ConfigLoaderBridge.loadWithWarnings(config);
            loaded.warnings().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
            cfg = loaded.config();
        } catch (ConfigException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        }
        if (Runtime.version().feature() < 24) {
            spec.commandLine().getErr().println("warning: running on Java " + Runtime.version().feature()
                    + "; use JDK 24+ in production (Asterisk-Java's synchronized command methods pin virtual threads on 21-23)");
        }
        App app = App.start(cfg, Clock.systemUTC());
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stop.countDown();
        }, "shutdown"));
        spec.commandLine().getOut().printf("waitless ready: FastAGI on %s:%d, HTTP on port %d%n",
                cfg.agi().bind().getHostAddress(), app.agiPort(), app.httpPort());
        spec.commandLine().getOut().flush();
        stop.await();
        return 0;
    }
}
