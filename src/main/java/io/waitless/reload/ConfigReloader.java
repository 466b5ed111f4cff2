package io.waitless.reload;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.waitless.config.ConfigException;
import io.waitless.config.ConfigLoader;
import io.waitless.config.WaitlessConfig;
import org.apache.commons.codec.digest.DigestUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Watches {@code waitless.yaml} and reloads it on a running node.
 *
 * <p>The file is polled (its size, modification time and inode) every {@code poll}; a new version is read only
 * once the file has stayed the same for {@code quiet}, so a manager's editor or a deployment tool that writes it
 * in several steps is never caught half way (the safe way is still to write a temporary file and rename it
 * over). The bytes read are then validated completely, exactly as at start-up (every problem with
 * {@code file:line}), plus the hold audio of any promotion or variant the version adds or rewords. Only then is
 * the new version handed to {@code apply}, which swaps what a running node can change; the rest waits for a
 * restart and is reported as such. A refused version changes nothing: the running one is kept, the refusal is
 * logged, counted ({@code waitless_config_reloads_total{result="refused"}}, {@code waitless_config_refused} = 1)
 * and published to the {@link ReloadBoard} for {@code waitless config status}; the file is read again when it
 * is saved again (touching it is enough, e.g. after {@code prompts build} made the missing hold audio).
 */
public final class ConfigReloader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConfigReloader.class);

    private final Path file;
    private final String node;
    private final ConfigLoader loader;
    private final Consumer<WaitlessConfig> apply;
    private final ReloadBoard board;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final Duration poll;
    private final Duration quiet;
    private final String startText;
    private final ScheduledExecutorService scheduler;
    private final AtomicInteger refused = new AtomicInteger();

    private WaitlessConfig running;
    private String runningText;
    private List<String> restart = List.of();
    private volatile ReloadStatus status;
    /** The file's last stat, and when it last changed ({@link #NOT_CHANGING}: settled). */
    private String seen;
    private long changedAt = NOT_CHANGING;
    private static final long NOT_CHANGING = Long.MIN_VALUE;

    /**
     * @param running     the config the node started with
     * @param runningText the bytes it was loaded from
     * @param apply       swaps the reloadable parts in; may throw, which refuses the version (nothing must have
     *                    changed by then: compute first, swap last)
     */
    public ConfigReloader(Path file, WaitlessConfig running, String runningText, ConfigLoader loader,
                          Consumer<WaitlessConfig> apply, ReloadBoard board, String node, MeterRegistry metrics,
                          Clock clock, Duration poll, Duration quiet) {
        this.file = file;
        this.running = running;
        this.runningText = runningText;
        this.startText = runningText;
        this.loader = loader;
        this.apply = apply;
        this.board = board;
        this.node = node;
        this.metrics = metrics;
        this.clock = clock;
        this.poll = poll;
        this.quiet = quiet;
        this.seen = stat();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("config-watch").factory());
        Gauge.builder("waitless.config.refused", refused, AtomicInteger::get)
                .description("1 while the config file on disk is refused and an older version runs").register(metrics);
        this.status = new ReloadStatus(node, file.toString(), ReloadStatus.State.STARTED, clock.instant(),
                hash(runningText), hash(runningText), List.of(), List.of(), List.of(), snapshot(runningText));
    }

    /** Publishes the start-up status and starts watching. */
    public ConfigReloader start() {
        publish(status);
        scheduler.scheduleWithFixedDelay(this::poll, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
        log.info("watching {} for changes (version {})", file, status.running());
        return this;
    }

    /** The last status (also on the board); waits for an attempt in progress to finish. */
    public synchronized ReloadStatus status() {
        return status;
    }

    /** The config in force. */
    public synchronized WaitlessConfig running() {
        return running;
    }

    /** One look at the file: reloads it once it has been still for {@code quiet} and its bytes are new. */
    synchronized void poll() {
        try {
            String now = stat();
            if (!Objects.equals(now, seen)) {
                seen = now;
                changedAt = System.nanoTime(); // not the clock: quiet time is elapsed time, whatever the wall clock does
                return;
            }
            if (changedAt == NOT_CHANGING || System.nanoTime() - changedAt < quiet.toNanos()) {
                return;
            }
            changedAt = NOT_CHANGING;
            if (now == null) {
                refuse("", List.of(file + ": the file is missing; the running config is kept"));
                return;
            }
            byte[] bytes = Files.readAllBytes(file);
            String version = hash(bytes);
            if (version.equals(hash(runningText))) {
                // saved again unchanged, or changed back (after a refusal: the file and the node agree again)
                if (refused.get() == 1) {
                    log.info("config {} is back to the running version {}", file, version);
                    status = new ReloadStatus(node, file.toString(), ReloadStatus.State.APPLIED, clock.instant(),
                            version, version, List.of(), List.of(), restart, snapshot(runningText));
                    publish(status);
                    refused.set(0);
                }
                return;
            }
            // a refused version saved again (touched) is tried again: its hold audio may have been built since
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                refuse(version, List.of(file + ": is not UTF-8 text (" + e.getMessage() + ")"));
                return;
            }
            attempt(text);
        } catch (IOException | RuntimeException e) {
            log.warn("config watch on {}: {}", file, e.toString());
        }
    }

    /** Validates {@code text} and applies it, or refuses it keeping the running version. */
    public synchronized ReloadStatus attempt(String text) {
        String version = hash(text);
        WaitlessConfig next;
        try {
            next = loader.loadWithWarnings(file, text).config();
        } catch (ConfigException e) {
            List<String> lines = e.getMessage().lines().toList();
            return refuse(version, lines.size() > 1 ? lines.subList(1, lines.size()) : lines);
        }
        List<String> audio;
        try {
            audio = HoldAudioCheck.problems(running, next, text);
        } catch (RuntimeException e) { // an unreadable manifest or class folder: say so rather than guess
            log.warn("config {} (version {}): its hold audio could not be checked", file, version, e);
            audio = List.of(file + ": the hold audio could not be checked: " + e.getMessage());
        }
        if (!audio.isEmpty()) {
            return refuse(version, audio);
        }
        List<ConfigDiff.Change> changes = ConfigDiff.between(runningText, text);
        List<String> pending = ConfigDiff.between(startText, text).stream().filter(c -> !c.reloadable())
                .map(ConfigDiff.Change::path).toList();
        if (changes.stream().anyMatch(ConfigDiff.Change::reloadable)) {
            try {
                apply.accept(next);
            } catch (RuntimeException e) {
                log.warn("config {} (version {}) could not be applied; the running one is kept", file, version, e);
                return refuse(version, List.of(file + ": could not be applied: " + e.getMessage()));
            }
        }
        running = next;
        runningText = text;
        restart = pending;
        List<String> described = changes.stream().map(ConfigDiff.Change::describe).toList();
        status = new ReloadStatus(node, file.toString(), ReloadStatus.State.APPLIED, clock.instant(), version, version,
                List.of(), described, restart, snapshot(text));
        publish(status);
        if (described.isEmpty()) {
            log.info("config {} reloaded (version {}): nothing that matters changed", file, version);
        } else {
            log.info("config {} reloaded (version {}), {} change(s):\n  {}", file, version, described.size(),
                    String.join("\n  ", described));
        }
        if (!pending.isEmpty()) {
            log.warn("config {}: {} change(s) wait for a restart: {}", file, pending.size(), String.join(", ", pending));
        }
        refused.set(0);
        count("applied");
        return status;
    }

    private ReloadStatus refuse(String version, List<String> problems) {
        // status and board first, metrics last: whoever sees the count sees the status too
        status = new ReloadStatus(node, file.toString(), ReloadStatus.State.REFUSED, clock.instant(), hash(runningText),
                version, problems, status.changes(), restart, snapshot(runningText));
        publish(status);
        log.warn("config {} (version {}) refused; the running version {} is kept:\n  {}", file, version,
                hash(runningText), String.join("\n  ", problems));
        refused.set(1);
        count("refused");
        return status;
    }

    private void count(String result) {
        Counter.builder("waitless.config.reloads").tag("result", result)
                .description("config versions read from disk, applied or refused").register(metrics).increment();
    }

    private void publish(ReloadStatus s) {
        try {
            board.publish(s);
        } catch (ReloadBoard.BoardUnavailableException e) {
            log.warn("cannot publish the config status: {}", e.getMessage());
        }
    }

    private static java.util.Map<String, String> snapshot(String text) {
        try {
            return ConfigDiff.flatten(text);
        } catch (IllegalArgumentException e) {
            return java.util.Map.of();
        }
    }

    private String stat() {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.size() + "/" + a.lastModifiedTime().toMillis() + "/" + a.fileKey();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    /** First 12 hex digits of the SHA-256 of the text's UTF-8 bytes. */
    public static String hash(String text) {
        return hash(text.getBytes(StandardCharsets.UTF_8));
    }

    static String hash(byte[] bytes) {
        return DigestUtils.sha256Hex(bytes).substring(0, 12);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            board.remove(node);
        } catch (ReloadBoard.BoardUnavailableException e) {
            log.debug("cannot remove the config status: {}", e.getMessage());
        }
    }
}
