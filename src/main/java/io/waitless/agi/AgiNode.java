package io.waitless.agi;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.waitless.config.WaitlessConfig;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiHangupException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.asteriskjava.fastagi.DefaultAgiServer;
import org.asteriskjava.fastagi.MappingStrategy;
import org.asteriskjava.util.ServerSocketFacade;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The FastAGI server of a node, on Asterisk-Java's {@link DefaultAgiServer} with what a call path needs:
 * <ul>
 *   <li>every connection on its own virtual thread (no pool limit: a queued caller costs kilobytes);</li>
 *   <li>an allowlist of Asterisk addresses; others are refused and logged;</li>
 *   <li>a deadline for the {@code agi_*} environment: a peer that connects and goes quiet, or sends it
 *       unfinished or without end, is closed and logged (Asterisk-Java alone would wait forever);</li>
 *   <li>a deadline per session: past it the connection is closed, so Asterisk never waits on the node
 *       (Asterisk itself has no read timeout on FastAGI);</li>
 *   <li>{@code WAITLESS_STATUS} set as each script's last command, also after a hangup (dead-channel
 *       mode allows {@code SET VARIABLE}); an unknown script name is refused with a status too.</li>
 * </ul>
 * Start with {@link #start()}, stop with {@link #close()}. Run on JDK 24+: Asterisk-Java's
 * {@code synchronized} command methods pin virtual threads on 21–23.
 */
public final class AgiNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AgiNode.class);
    /** An unknown script only gets its refusal status; Asterisk must answer that at once. */
    private static final Duration UNKNOWN_SCRIPT_DEADLINE = Duration.ofSeconds(2);
    /**
     * Longest a new connection may take to send its whole {@code agi_*} environment; Asterisk sends it at once.
     */
    static final Duration ENVIRONMENT_DEADLINE = Duration.ofSeconds(2);

    private final WaitlessConfig.Agi cfg;
    private final Map<String, WaitlessScript> scripts = new HashMap<>();
    private final MeterRegistry metrics;
    private final AtomicInteger sessionsOpen = new AtomicInteger();
    private final AtomicLong threadSeq = new AtomicLong();
    private final ScheduledExecutorService deadlines;
    private final Counter refused;
    private GuardedServerSocket socket;
    private Server server;
    private Thread acceptThread;

    public AgiNode(WaitlessConfig.Agi cfg, List<WaitlessScript> scripts, MeterRegistry metrics) {
        this.cfg = cfg;
        for (WaitlessScript s : scripts) {
            this.scripts.put(s.name(), s);
        }
        this.metrics = metrics;
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("agi-deadlines").daemon().factory());
        timer.setRemoveOnCancelPolicy(true);
        this.deadlines = timer;
        this.refused = Counter.builder("waitless.agi.refused").description("FastAGI connections refused by agi.allow")
                .register(metrics);
        Gauge.builder("waitless.agi.sessions.open", sessionsOpen, AtomicInteger::get)
                .description("FastAGI sessions open now").register(metrics);
    }

    /** Binds the port (failing here if it cannot) and starts accepting; returns at once. */
    public AgiNode start() {
        try {
            socket = new GuardedServerSocket(cfg.bind(), cfg.port(), cfg.allow(), refused, this::awaitEnvironment);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for FastAGI on " + cfg.bind().getHostAddress() + ":"
                    + cfg.port() + ": " + e.getMessage(), e);
        }
        server = new Server(new Mapping());
        CountDownLatch started = new CountDownLatch(1);
        acceptThread = Thread.ofPlatform().name("agi-accept").daemon().start(() -> {
            started.countDown();
            try {
                server.startup();
            } catch (IOException e) {
                log.error("FastAGI server stopped: {}", e.toString());
            }
        });
        try {
            started.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("FastAGI listening on {}:{} (allow {}), scripts {}", cfg.bind().getHostAddress(), port(),
                cfg.allow(), scripts.keySet());
        return this;
    }

    public int port() {
        return socket.localPort();
    }

    /** Sessions whose connection is open now (a leak shows here). */
    public int sessionsOpen() {
        return sessionsOpen.get();
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdown();
        }
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException e) {
            log.warn("closing the FastAGI socket: {}", e.toString());
        }
        if (acceptThread != null) {
            try {
                acceptThread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        deadlines.shutdownNow();
    }

    private final class Server extends DefaultAgiServer {
        Server(MappingStrategy mapping) {
            super(mapping);
        }

        @Override
        protected ServerSocketFacade createServerSocket() {
            return socket;
        }

        @Override
        protected void execute(Runnable handler) {
            sessionsOpen.incrementAndGet();
            Thread.ofVirtual().name("agi-" + threadSeq.incrementAndGet()).start(() -> {
                try {
                    handler.run();
                } finally {
                    sessionsOpen.decrementAndGet();
                }
            });
        }
    }

    private final class Mapping implements MappingStrategy {
        @Override
        public AgiScript determineScript(AgiRequest request, AgiChannel channel) {
            WaitlessScript script = scripts.get(request.getScript() == null ? "" : request.getScript());
            return (req, ch) -> guard(script, req, ch);
        }
    }

    /** Closes {@code conn} unless its whole environment is read within {@link #ENVIRONMENT_DEADLINE}. */
    private void awaitEnvironment(AgiSocket conn) {
        conn.awaitEnvironment(deadlines.schedule(() -> {
            log.warn("FastAGI from {}: no complete AGI environment within {}; closing the connection",
                    conn.getRemoteAddress().getHostAddress(), ENVIRONMENT_DEADLINE);
            conn.expire();
        }, ENVIRONMENT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
    }

    private void guard(WaitlessScript script, AgiRequest request, AgiChannel channel) {
        AgiSocket conn = socket.find(request.getRemoteAddress(), request.getRemotePort());
        if (conn == null) {
            log.warn("FastAGI session from {}:{} has no open connection; ignored", request.getRemoteAddress(),
                    request.getRemotePort());
            return;
        }
        conn.environmentRead();
        AgiCall call = new AgiCall(request, channel, conn);
        String name = script == null ? "unknown" : script.name();
        Duration deadline = script == null ? UNKNOWN_SCRIPT_DEADLINE : script.deadline();
        MDC.put("call", call.info().callId());
        long t0 = System.nanoTime();
        try {
            String status = runUntilDeadline(script, call, conn, deadline);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            metrics.counter("waitless.agi.sessions", "script", name, "status", status == null ? "deadline" : status)
                    .increment();
            Timer.builder("waitless.agi.session.time").tag("script", name).register(metrics).record(took);
            if (status == null) {
                log.warn("{}: deadline of {} passed after {} ms; connection closed, the caller goes on waiting",
                        name, deadline, took.toMillis());
            } else {
                log.info("{}: {} in {} ms", name, status, took.toMillis());
            }
        } finally {
            // WAITLESS_STATUS stays the last command: closing here makes Asterisk-Java's own trailing
            // SET VARIABLE AJ_AGISTATUS fail on the closed socket (it ignores that), and Asterisk ends the AGI
            closeQuietly(conn);
            MDC.remove("call");
        }
    }

    /**
     * Runs a script and sets its status, all under one deadline; returns the status, or null when the
     * deadline closed the connection first.
     */
    private String runUntilDeadline(WaitlessScript script, AgiCall call, AgiSocket conn, Duration deadline) {
        ScheduledFuture<?> timer = deadlines.schedule(conn::expire, deadline.toMillis(), TimeUnit.MILLISECONDS);
        try {
            String status;
            if (script == null) {
                log.warn("Refused unknown AGI script '{}'; known: {}", call.script(), scripts.keySet());
                status = "unknown-script";
            } else {
                status = runScript(script, call, conn);
            }
            if (status != null && !conn.isClosed()) {
                setStatus(call, status);
            }
            return conn.expired() ? null : status;
        } finally {
            timer.cancel(false);
        }
    }

    private static String runScript(WaitlessScript script, AgiCall call, AgiSocket conn) {
        try {
            return script.run(call);
        } catch (AgiHangupException e) {
            // the caller hung up, or the connection broke (EOF, reset, a line too long); null if the deadline did it
            return conn.expired() ? null : "hangup";
        } catch (AgiException | RuntimeException e) {
            if (conn.expired()) {
                return null;
            }
            log.warn("{} failed, the caller goes on waiting: {}", script.name(), e.toString(), e);
            return "error";
        }
    }

    private static void closeQuietly(AgiSocket conn) {
        try {
            conn.close();
        } catch (IOException e) {
            log.debug("closing a FastAGI connection: {}", e.toString());
        }
    }

    private static void setStatus(AgiCall call, String status) {
        try {
            call.set(WaitlessScript.STATUS_VARIABLE, status);
        } catch (AgiException e) {
            log.debug("could not set {}={}: the connection is gone ({})", WaitlessScript.STATUS_VARIABLE, status,
                    e.toString());
        }
    }
}
