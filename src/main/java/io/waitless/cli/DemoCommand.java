package io.waitless.cli;

import io.waitless.App;
import io.waitless.call.CallEvent;
import io.waitless.call.EventType;
import io.waitless.config.ConfigException;
import io.waitless.config.WaitlessConfig;
import io.waitless.journal.RedisProcess;
import io.waitless.prompts.HoldAudioLayout;
import io.waitless.prompts.PromptBuilder;
import io.waitless.sim.CallSimulator;
import io.waitless.sim.CallSimulator.Caller;
import io.waitless.sim.CallSimulator.Ending;
import io.waitless.sim.SimulatedQueue;
import io.waitless.sms.LogSmsGateway;
import io.waitless.sms.OutboxEntry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code waitless demo}: everything the demo needs, on this machine, nothing on the network: builds the
 * prompts, starts a private {@code redis-server}, a node (log SMS gateway), and plays a few simulated
 * callers against it over real FastAGI; opens the texted link; prints what happened and the funnel.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a node with a private Redis and simulated callers, and show the funnel.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, defaultValue = "config/waitless.yaml", description = "Config file (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--work", defaultValue = "var/demo", description = "Working directory for Redis data, the SMS outbox and logs (default: ${DEFAULT-VALUE}).")
    Path work;

    @Option(names = "--redis-server", defaultValue = "redis-server", description = "redis-server binary (default: ${DEFAULT-VALUE}).")
    String redisServer;

    @Option(names = "--keep-running", description = "Keep the node and Redis running after the callers, until Ctrl-C.")
    boolean keepRunning;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        WaitlessConfig base;
        try {
            base = ConfigLoaderBridge.load(config);
        } catch (ConfigException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        }
        Files.createDirectories(work);
        LogToFile.redirect(work.resolve("waitless.log"));
        out.println("== Waitless demo (config " + config + "; node log in " + work.resolve("waitless.log") + ")");
        buildPrompts(base, out);

        deleteTree(work.resolve("redis")); // the demo's own store: each run's funnel counts only its own calls
        try (RedisProcess redis = RedisProcess.start(redisServer, RedisProcess.freePort(), work.resolve("redis"),
                List.of("--appendonly", "yes"), Duration.ofSeconds(10))) {
            out.println("== Private Redis on 127.0.0.1:" + redis.port() + " (data in " + work.resolve("redis") + ")");
            Path outbox = work.resolve("sms-outbox.jsonl");
            Files.deleteIfExists(outbox);
            WaitlessConfig cfg = DemoConfig.forDemo(base, redis.port(), outbox);
            try (App app = App.start(cfg, Clock.systemUTC())) {
                out.println("== Node up: FastAGI 127.0.0.1:" + app.agiPort() + ", HTTP 127.0.0.1:" + app.httpPort()
                        + " (SMS gateway: log → " + outbox + ")");
                List<CallSimulator.Report> reports = callers(app, cfg, out);
                openLinks(app, cfg, outbox, out);
                funnel(app, reports, out);
                out.println();
                out.println("== Where to look next");
                out.println("  events:      redis-cli -p " + redis.port() + " XRANGE " + cfg.redis().keyPrefix() + "events - +");
                out.println("  deflection:  redis-cli -p " + redis.port() + " HGETALL " + cfg.redis().keyPrefix() + "deflection:<id>");
                out.println("  texts sent:  " + outbox);
                out.println("  metrics:     curl -s http://127.0.0.1:" + app.httpPort() + "/metrics | grep waitless"
                        + (keepRunning ? "" : "   (with --keep-running)"));
                out.println("  a real call: bin/waitless serve, then dialplans/*.conf into Asterisk (README)");
                out.flush();
                if (keepRunning) {
                    out.println("== Running until Ctrl-C");
                    out.flush();
                    new java.util.concurrent.CountDownLatch(1).await();
                }
            }
        }
        return 0;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private void buildPrompts(WaitlessConfig cfg, PrintWriter out) {
        out.println("== Prompts (FreeTTS, 8 kHz 16-bit mono) in " + PromptBuilder.clipDirectory(cfg.prompts().directory(),
                PromptBuilder.LANGUAGE));
        try (PromptBuilder builder = new PromptBuilder(cfg.prompts())) {
            var report = builder.build(PromptBuilder.prompts(cfg), false, r -> { });
            out.println("  " + report.renderedCount() + " rendered, " + (report.prompts().size() - report.renderedCount())
                    + " unchanged");
        }
        new HoldAudioLayout().layOut(cfg);
        out.println("  hold-audio classes laid out in " + cfg.prompts().mohDirectory());
    }

    private List<CallSimulator.Report> callers(App app, WaitlessConfig cfg, PrintWriter out) throws Exception {
        String q = cfg.queues().getFirst().name();
        SimulatedQueue queue = new SimulatedQueue();
        long now = java.time.Instant.now().getEpochSecond();
        // two callers were already waiting (arrived 10 minutes ago; same QUEUE_PRIO rule as every route in)
        queue.join("earlier-1", (int) (2147483647L - (now - 600)), 0);
        queue.join("earlier-2", (int) (2147483647L - (now - 590)), 0);
        // and one arrived just now, after all the demo callers: it must stay behind them
        queue.join("later-1", (int) (2147483647L - now), 0);
        List<Caller> callers = List.of(
                new Caller("dana", "+972502345678", 0, q, Optional.of(Duration.ofSeconds(75)), false,
                        Duration.ofSeconds(40), Ending.ABANDON),
                new Caller("yossi", "+972548765432", 0, q, Optional.of(Duration.ofSeconds(130)), false,
                        Duration.ofSeconds(200), Ending.ANSWERED),
                new Caller("avi", "+972541234567", 0, q, Optional.empty(), false, Duration.ofSeconds(150), Ending.ABANDON),
                new Caller("landline", "+97236123456", 0, q, Optional.of(Duration.ofSeconds(30)), false,
                        Duration.ofSeconds(60), Ending.ANSWERED),
                new Caller("withheld", "anonymous", 32, q, Optional.of(Duration.ofSeconds(65)), false,
                        Duration.ofSeconds(30), Ending.ABANDON),
                new Caller("noa", "+972528765432", 0, q, Optional.of(Duration.ofSeconds(95)), true,
                        Duration.ZERO, Ending.ABANDON));
        CallSimulator sim = new CallSimulator("127.0.0.1", app.agiPort(), queue);
        // while the first caller is in the accept script, the caller at the head is answered
        java.util.concurrent.atomic.AtomicBoolean served = new java.util.concurrent.atomic.AtomicBoolean();
        sim.whileOut(() -> {
            if (served.compareAndSet(false, true)) {
                queue.leave("earlier-1");
            }
        });
        List<CallSimulator.Report> reports = new ArrayList<>();
        out.println();
        out.println("== " + callers.size() + " simulated callers in queue '" + q + "' (others waiting: " + queue.order() + ")");
        for (Caller c : callers) { // one after another, so the story reads in order
            CallSimulator.Report r = sim.run(c);
            reports.add(r);
            String shown = c.callerId().startsWith("+") ? io.waitless.call.PhoneMask.mask(c.callerId())
                    : "caller ID '" + c.callerId() + "'";
            out.println("-- " + c.name() + " (" + shown + "), call " + r.uniqueId());
            r.steps().forEach(s -> out.println("   " + s));
        }
        return reports;
    }

    private void openLinks(App app, WaitlessConfig cfg, Path outbox, PrintWriter out) throws IOException, InterruptedException {
        List<OutboxEntry> texts = LogSmsGateway.read(outbox);
        out.println();
        out.println("== Texts in the log gateway's outbox: " + texts.size());
        texts.forEach(t -> out.println("   to " + t.to() + ": \"" + t.text() + "\" (" + t.segments() + " segment)"));
        if (texts.isEmpty()) {
            return;
        }
        String sent = texts.getFirst().text();
        String publicBase = cfg.links().publicBaseUrl().toString();
        int at = sent.indexOf(publicBase);
        String link = sent.substring(at).split("\\s")[0];
        URI local = URI.create("http://127.0.0.1:" + app.httpPort() + link.substring(publicBase.length()));
        try (HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(2)).build()) {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(local).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding());
            out.println("== Caller opens " + link + " (served at " + local + ")");
            String location = r.headers().firstValue("Location").orElse("(no Location)")
                    .replaceAll("(wl_token=)([^&#]+)", "$1<signed one-time token>");
            out.println("   HTTP " + r.statusCode() + " → " + location);
        }
    }

    private void funnel(App app, List<CallSimulator.Report> reports, PrintWriter out) {
        List<CallEvent> events = app.journal().recent(10_000);
        Map<String, Long> byType = events.stream().collect(Collectors.groupingBy(e -> e.type().wireName(),
                TreeMap::new, Collectors.counting()));
        long offeredCalls = events.stream().filter(e -> e.type() == EventType.OFFER_MADE).map(CallEvent::callId)
                .distinct().count();
        Map<String, Long> funnel = new LinkedHashMap<>();
        funnel.put("calls", byType.getOrDefault("call.arrived", 0L));
        funnel.put("no offer (rule)", events.stream().filter(e -> e.type() == EventType.OFFER_WITHHELD).count());
        funnel.put("offered (calls)", offeredCalls);
        funnel.put("accepted", byType.getOrDefault("offer.accepted", 0L));
        funnel.put("refused by rule", byType.getOrDefault("offer.refused", 0L));
        funnel.put("sms sent", byType.getOrDefault("sms.sent", 0L));
        funnel.put("sms failed", byType.getOrDefault("sms.failed", 0L));
        funnel.put("link opened", byType.getOrDefault("link.opened", 0L));
        out.println();
        out.println("== Funnel (from the Redis journal, " + events.size() + " events)");
        funnel.forEach((k, v) -> out.printf("   %-18s %d%n", k, v));
        Map<String, Long> outcomes = events.stream().filter(e -> e.type() == EventType.CALL_ENDED)
                .collect(Collectors.groupingBy(e -> e.attribute("outcome"), TreeMap::new, Collectors.counting()));
        out.println("   call outcomes      " + outcomes);
        Map<String, Long> withheld = events.stream().filter(e -> e.type() == EventType.OFFER_WITHHELD)
                .collect(Collectors.groupingBy(e -> e.attribute("reason"), TreeMap::new, Collectors.counting()));
        out.println("   no-offer reasons   " + withheld);
        Map<String, Long> reasons = events.stream().filter(e -> e.type() == EventType.OFFER_REFUSED)
                .collect(Collectors.groupingBy(e -> e.attribute("reason"), TreeMap::new, Collectors.counting()));
        out.println("   refusal reasons    " + reasons);
        long kept = reports.stream().filter(CallSimulator.Report::placeKept).count();
        long back = reports.stream().filter(r -> r.positionAfter() > 0).count();
        out.println("   place kept         " + kept + " of " + back + " callers who came back to the queue");
    }
}
