package io.waitless.sms;

import io.waitless.call.PhoneMask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The demo gateway: sends nothing, appends each text as one JSON line to the outbox file
 * ({@code sms.outbox}) and logs one INFO line. The recipient is masked in both; the body is written in full
 * so the demo can show the link that was "sent".
 *
 * <p>Line format (UTF-8, one object per line, fields in this order):
 * {@code {"time":"2025-01-01T10:00:00Z","reference":"d-1","to":"+97250•••4567","from":"Waitless","text":"…","segments":1}}
 *
 * <p>Thread-safe: writes are serialized, each line is appended whole. Blocking only on the local file system;
 * no fsync.
 */
public final class LogSmsGateway implements SmsGateway {

    public static final String NAME = "log";

    private static final Logger log = LoggerFactory.getLogger(LogSmsGateway.class);

    private final Path outbox;
    private final Clock clock;
    private final Object writeLock = new Object();

    public LogSmsGateway(Path outbox) {
        this(outbox, Clock.systemUTC());
    }

    public LogSmsGateway(Path outbox, Clock clock) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The file this gateway appends to. */
    public Path outbox() {
        return outbox;
    }

    /**
     * Appends the message to the outbox, creating the file and its parent directories when missing.
     *
     * @throws SmsException (not retryable) when the file cannot be written
     */
    @Override
    public SmsReceipt send(SmsMessage message) {
        String masked = PhoneMask.mask(message.to());
        int segments = Gsm7.segments(message.text());
        String line = toJson(new OutboxEntry(clock.instant(), message.reference(), masked, message.from(),
                message.text(), segments));
        synchronized (writeLock) {
            try {
                Path parent = outbox.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.writeString(outbox, line + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new SmsException("cannot write the SMS outbox " + outbox + ": " + e, false, e);
            }
        }
        log.info("SMS {} to {} written to outbox {} ({} segment{})", message.reference(), masked, outbox,
                segments, segments == 1 ? "" : "s");
        return new SmsReceipt(NAME, "", "written to " + outbox);
    }

    /**
     * Reads the outbox back, oldest first. A missing file is an empty outbox. A line that is not a valid entry
     * (a torn write, a hand edit) is skipped with a WARN naming the file and line.
     *
     * @throws SmsException (not retryable) when the file exists but cannot be read
     */
    public static List<OutboxEntry> read(Path outbox) {
        List<String> lines;
        try {
            lines = Files.readAllLines(outbox, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new SmsException("cannot read the SMS outbox " + outbox + ": " + e, false, e);
        }
        List<OutboxEntry> entries = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                entries.add(fromJson(line));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                log.warn("skipping line {} of SMS outbox {}: not an outbox entry ({})", i + 1, outbox,
                        e.getMessage());
            }
        }
        return List.copyOf(entries);
    }

    static String toJson(OutboxEntry e) {
        StringBuilder out = new StringBuilder(96 + e.text().length());
        out.append("{\"time\":");
        OutboxJson.appendString(out, e.time().toString());
        out.append(",\"reference\":");
        OutboxJson.appendString(out, e.reference());
        out.append(",\"to\":");
        OutboxJson.appendString(out, e.to());
        out.append(",\"from\":");
        OutboxJson.appendString(out, e.from());
        out.append(",\"text\":");
        OutboxJson.appendString(out, e.text());
        out.append(",\"segments\":").append(e.segments()).append('}');
        return out.toString();
    }

    static OutboxEntry fromJson(String line) {
        Map<String, Object> f = OutboxJson.parseObject(line);
        long segments = field(f, "segments", Long.class);
        if (segments < 1 || segments > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("segments out of range: " + segments);
        }
        return new OutboxEntry(Instant.parse(field(f, "time", String.class)), field(f, "reference", String.class),
                field(f, "to", String.class), field(f, "from", String.class), field(f, "text", String.class),
                (int) segments);
    }

    private static <T> T field(Map<String, Object> fields, String name, Class<T> type) {
        Object value = fields.get(name);
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException(value == null ? "missing field '" + name + "'"
                    : "field '" + name + "' is not a " + type.getSimpleName().toLowerCase(java.util.Locale.ROOT));
        }
        return type.cast(value);
    }
}
