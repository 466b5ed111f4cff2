package io.waitless.health;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.waitless.call.Journal;
import io.waitless.deflect.ChannelBoard;
import io.waitless.deflect.ChannelBoard.Manual;
import io.waitless.deflect.ChannelBoard.Seen;
import io.waitless.deflect.ChannelBoard.State;
import io.waitless.deflect.ChannelStates;
import io.waitless.deflect.DigitalChannel;
import io.waitless.deflect.HealthCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Knows which digital channels are up. Each channel with a {@link HealthCheck} is probed on its own schedule
 * (an HTTP GET, bounded by its timeout, never two at once for one channel); it goes down after the configured
 * failures in a row and up after the configured successes. Manual overrides from the shared
 * {@link ChannelBoard} are read every {@code refresh} and win over the checks. Each change of a channel's
 * state is logged, counted, and journaled as {@code channel.down} / {@code channel.up} by the one node whose
 * board transition recorded it.
 *
 * <p>{@link #up} answers from memory and never blocks. If the board cannot be read, the last overrides read
 * stay in force. Threads: virtual threads of one scheduler, stopped by {@link #close}.
 */
public final class ChannelMonitor implements ChannelStates, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChannelMonitor.class);

    /** What is known of one channel; replaced whole, never mutated. */
    private record Status(State checked, int failures, int successes, String lastCheck, Optional<Manual> manual) {
        State effective() {
            return manual.map(Manual::state).orElse(checked);
        }

        String reason() {
            return manual.map(Manual::why).orElse(lastCheck);
        }
    }

    private volatile List<DigitalChannel> channels;
    private final Map<String, ScheduledFuture<?>> checks = new ConcurrentHashMap<>();
    private final Map<String, Gauge> gauges = new ConcurrentHashMap<>();
    private volatile boolean started;
    private final ChannelBoard board;
    private final Journal journal;
    private final Clock clock;
    private final Duration refresh;
    /** Built when a channel has a health check: a client loads the trust store, which a node without one never needs. */
    private HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final Map<String, Status> status = new ConcurrentHashMap<>();
    private final MeterRegistry metrics;
    private volatile boolean boardWarned;
    private volatile boolean closed;

    /**
     * @param refresh how often manual overrides are read from the board (a manual change reaches this node
     *                within it)
     */
    public ChannelMonitor(List<DigitalChannel> channels, ChannelBoard board, Journal journal, MeterRegistry metrics,
                          Clock clock, Duration refresh) {
        this.channels = List.copyOf(channels);
        this.board = board;
        this.journal = journal;
        this.clock = clock;
        this.refresh = refresh;
        this.metrics = metrics;
        if (this.channels.stream().anyMatch(c -> c.health().isPresent())) {
            http(); // now rather than in the first probe, so that probe takes no longer than the next
        }
        // virtual threads: a probe blocks its thread for up to its timeout, and reloads may add channels
        this.scheduler = Executors.newScheduledThreadPool(Math.max(8, channels.size() + 1),
                Thread.ofVirtual().name("channel-health-", 1).factory());
        this.channels.forEach(this::add);
    }

    private void add(DigitalChannel c) {
        status.put(c.id(), new Status(State.UP, 0, 0, c.health().isPresent() ? "not checked yet" : "no health check",
                Optional.empty()));
        gauges.put(c.id(), Gauge.builder("waitless.channel.up", status,
                        s -> Optional.ofNullable(s.get(c.id())).map(x -> x.effective() == State.UP ? 1 : 0).orElse(1))
                .tag("channel", c.id()).description("1 while a digital channel may be promoted, 0 while it is down")
                .register(metrics));
    }

    private void schedule(DigitalChannel c) {
        c.health().ifPresent(h -> checks.put(c.id(), scheduler.scheduleWithFixedDelay(() -> check(c.id(), h), 0,
                h.interval().toMillis(), TimeUnit.MILLISECONDS)));
    }

    /** Starts the checks and the override refresh; reads the overrides once before returning. */
    public synchronized ChannelMonitor start() {
        refreshOverrides();
        scheduler.scheduleWithFixedDelay(this::refreshOverrides, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
        channels.forEach(this::schedule);
        started = true;
        return this;
    }

    /**
     * Takes a reloaded channel list: a channel whose definition did not change keeps its state and its check
     * runs on; a changed health check starts over (counts reset, state kept until the new check decides); a new
     * channel starts up and is checked at once; a removed one stops being checked and is forgotten.
     */
    public synchronized void reconfigure(List<DigitalChannel> next) {
        Map<String, DigitalChannel> before = new java.util.HashMap<>();
        channels.forEach(c -> before.put(c.id(), c));
        for (DigitalChannel c : next) {
            DigitalChannel old = before.remove(c.id());
            if (old == null) {
                add(c);
            } else if (!old.health().equals(c.health())) {
                Optional.ofNullable(checks.remove(c.id())).ifPresent(f -> f.cancel(true));
                update(c.id(), s -> c.health().isPresent()
                        ? new Status(s.checked(), 0, 0, s.lastCheck(), s.manual())
                        : new Status(State.UP, 0, 0, "no health check", s.manual()));
            } else {
                continue;
            }
            if (started) {
                schedule(c);
            }
        }
        for (String gone : before.keySet()) {
            Optional.ofNullable(checks.remove(gone)).ifPresent(f -> f.cancel(true));
            Optional.ofNullable(gauges.remove(gone)).ifPresent(metrics::remove);
            status.remove(gone);
        }
        channels = List.copyOf(next);
        if (started) {
            refreshOverrides();
        }
    }

    @Override
    public boolean up(String channelId) {
        Status s = status.get(channelId);
        return s == null || s.effective() == State.UP;
    }

    /** Why a channel is in its state now: the last check's result or the manual override. */
    public String reason(String channelId) {
        Status s = status.get(channelId);
        return s == null ? "unknown channel" : s.reason();
    }

    void check(String channel, HealthCheck h) {
        Probe result = probe(h);
        if (closed || Thread.currentThread().isInterrupted()) {
            return; // stopped (or rescheduled by a reload) mid-probe: that is not the channel failing
        }
        Counter.builder("waitless.channel.checks").tag("channel", channel).tag("result", result.ok() ? "ok" : "failed")
                .description("health checks of digital channels").register(metrics).increment();
        update(channel, s -> {
            int failures = result.ok() ? 0 : s.failures() + 1;
            int successes = result.ok() ? s.successes() + 1 : 0;
            State checked = s.checked();
            if (checked == State.UP && failures >= h.failuresBeforeDown()) {
                checked = State.DOWN;
            } else if (checked == State.DOWN && successes >= h.successesBeforeUp()) {
                checked = State.UP;
            }
            return new Status(checked, failures, successes, "check " + result.detail(), s.manual());
        });
    }

    /** One probe's outcome. */
    record Probe(boolean ok, String detail) {}

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER)
                    .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        }
        return http;
    }

    Probe probe(HealthCheck h) {
        HttpRequest request = HttpRequest.newBuilder(h.url()).timeout(h.timeout()).GET()
                .header("User-Agent", "waitless-health").build();
        CompletableFuture<HttpResponse<Void>> f = http().sendAsync(request, HttpResponse.BodyHandlers.discarding());
        try {
            int code = f.get(h.timeout().toMillis(), TimeUnit.MILLISECONDS).statusCode();
            return new Probe(code >= 200 && code < 300, "HTTP " + code);
        } catch (TimeoutException e) {
            f.cancel(true);
            return new Probe(false, "no answer within " + h.timeout().toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof HttpTimeoutException) {
                return new Probe(false, "no answer within " + h.timeout().toMillis() + " ms");
            }
            return new Probe(false, c instanceof ConnectException ? "connection refused" : "failed: " + c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            return new Probe(false, "interrupted");
        }
    }

    void refreshOverrides() {
        Map<String, Manual> manual;
        try {
            manual = board.overrides();
            if (boardWarned) {
                log.info("channel overrides readable again");
                boardWarned = false;
            }
        } catch (ChannelBoard.BoardUnavailableException e) {
            if (!boardWarned) {
                log.warn("channel overrides cannot be read ({}); the last ones read stay in force", e.getMessage());
                boardWarned = true;
            }
            return;
        }
        for (DigitalChannel c : channels) {
            Optional<Manual> m = Optional.ofNullable(manual.get(c.id()));
            update(c.id(), s -> new Status(s.checked(), s.failures(), s.successes(), s.lastCheck(), m));
        }
    }

    private synchronized void update(String channel, java.util.function.UnaryOperator<Status> change) {
        Status before = status.get(channel);
        if (before == null) {
            return; // removed by a reload while its last check was running
        }
        Status after = change.apply(before);
        status.put(channel, after);
        if (before.effective() != after.effective()) {
            announce(channel, after);
        }
    }

    private void announce(String channel, Status s) {
        State state = s.effective();
        String reason = s.reason();
        if (state == State.DOWN) {
            log.warn("channel {} is down ({}): its promotions and links are suspended", channel, reason);
        } else {
            log.info("channel {} is up again ({})", channel, reason);
        }
        boolean first;
        try {
            first = board.transition(channel, new Seen(state, reason, clock.instant()));
        } catch (ChannelBoard.BoardUnavailableException e) {
            log.warn("channel {}: cannot record the change on the board ({}); journaling it from this node", channel,
                    e.getMessage());
            first = true;
        }
        if (first) {
            journal.append(ChannelBoard.changed(channel, state, reason, s.manual().isPresent() ? "manual" : "check",
                    clock.instant()));
        }
    }

    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS); // a transition being journaled finishes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (http != null) {
                http.close();
            }
        }
    }
}
