package io.waitless.journal;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The journal's local spool: the stream entries Redis could not take, in the order they were handed in, in
 * segment files of one JSON object per line ({@code events-<millis>-<uuid>.spool}) in one directory, kept until
 * they are replayed. Bounded by {@code maxBytes} over all segments.
 *
 * <p>An {@link #append} returns once its lines are written and forced to the disk ({@code fsync}), so what it
 * accepted survives a crash of the node and of the machine. A line cut short by a crash is dropped when the spool
 * is opened again (it was never acknowledged). A failed append (disk full, spool full) leaves the segment as it
 * was before it. One node at a time: the directory is locked ({@code spool.lock}) while open.
 *
 * <p>While anything is spooled, {@link #appendIfPending} keeps new entries behind it, so the stream gets them in
 * the order they were handed in; only the replayer may {@link #release} a segment, and the spool empties under the
 * same lock as appends, so no entry can slip past one still waiting. Thread-safe.
 */
final class EventSpool implements AutoCloseable {

    /** Why an append was refused: the spool would grow past its bound, or the disk failed (full, gone). */
    static final class SpoolException extends IOException {
        SpoolException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A spooled segment's lines from {@code from} to {@code to} (byte offsets), in order. */
    record Page(Segment segment, long from, long to, List<Map<String, String>> entries) {}

    /** One segment file; {@code id} names it in the replay marker Redis keeps. */
    record Segment(Path file, String id) {}

    /**
     * A line with this field ({@code N}) heads the {@code N} lines after it: a {@link #read} never splits them
     * across pages.
     */
    static final String GROUP_OF = "group-of";
    private static final String SUFFIX = ".spool";
    private static final int MAX_LINE = 1 << 20;

    private final Path dir;
    private final long maxBytes;
    private final FileChannel lockChannel;
    private final FileLock lock;
    /** Oldest first; the last one takes appends. Guarded by {@code this}. */
    private final List<Segment> segments = new ArrayList<>();
    private FileChannel appendTo;
    /** How much of the last segment is written and forced: a reader never reads past it. */
    private long committed;
    private long bytes;

    /**
     * Opens (creating) the spool directory, locks it, and recovers what an earlier run left: every segment stays
     * pending, a torn last line is cut off.
     *
     * @throws IOException when the directory cannot be made or read, or another process holds it
     */
    EventSpool(Path dir, long maxBytes) throws IOException {
        this.dir = dir;
        this.maxBytes = maxBytes;
        Files.createDirectories(dir);
        this.lockChannel = FileChannel.open(dir.resolve("spool.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            lockChannel.close();
            throw new IOException("the spool directory " + dir + " is in use by another node: give each node its own"
                    + " journal.spool.directory");
        }
        this.lock = l;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
                bytes += recover(f);
                segments.add(segment(f));
            }
        }
    }

    private static Segment segment(Path file) {
        String name = file.getFileName().toString();
        return new Segment(file, name.substring(0, name.length() - SUFFIX.length()));
    }

    /** Cuts a segment back to its last whole line; returns its length after. */
    private static long recover(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            long end = size;
            ByteBuffer one = ByteBuffer.allocate(1);
            while (end > 0) {
                one.clear();
                ch.read(one, end - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                end--;
            }
            if (end < size) {
                ch.truncate(end);
                ch.force(true);
            }
            return end;
        }
    }

    Path directory() {
        return dir;
    }

    /** Whether anything is waiting to be replayed. */
    synchronized boolean pending() {
        return !segments.isEmpty();
    }

    /** Bytes spooled and not yet released. */
    synchronized long bytes() {
        return bytes;
    }

    /**
     * Spools the entries (Redis failed to take them), behind whatever is already waiting.
     *
     * @throws SpoolException when they do not fit in {@code maxBytes} or the disk refuses them; nothing of them
     *                        is then kept
     */
    synchronized void append(List<Map<String, String>> entries) throws SpoolException {
        byte[] lines = encode(entries);
        if (bytes + lines.length > maxBytes) {
            throw new SpoolException("the spool is full (" + bytes + " of " + maxBytes + " bytes)", null);
        }
        try {
            if (appendTo == null) {
                if (segments.isEmpty()) {
                    Path f = dir.resolve(String.format("events-%015d-%s%s", System.currentTimeMillis(),
                            UUID.randomUUID(), SUFFIX));
                    segments.add(segment(f));
                }
                appendTo = FileChannel.open(segments.getLast().file(), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                committed = appendTo.size();
            }
        } catch (IOException e) {
            if (appendTo == null && segments.size() == 1 && !Files.exists(segments.getFirst().file())) {
                segments.clear();
            }
            throw new SpoolException("cannot open the spool in " + dir + ": " + e.getMessage(), e);
        }
        long before = -1;
        try {
            before = appendTo.size();
            ByteBuffer b = ByteBuffer.wrap(lines);
            while (b.hasRemaining()) {
                appendTo.write(b);
            }
            appendTo.force(false);
            bytes += lines.length;
            committed = before + lines.length;
        } catch (IOException e) {
            undo(before);
            throw new SpoolException("cannot write the spool in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** After a failed write: cut the segment back to where it was, so no part of the failed lines stays. */
    private void undo(long before) {
        if (before < 0) {
            return;
        }
        try {
            appendTo.truncate(before);
        } catch (IOException ignored) {
            // the torn line is cut when the spool is next opened (recover)
        }
    }

    /**
     * Spools the entries (made only then) only if something is already waiting (so they must queue behind it).
     *
     * @return false when nothing is waiting: the caller writes them to Redis itself
     */
    synchronized boolean appendIfPending(java.util.function.Supplier<List<Map<String, String>>> entries)
            throws SpoolException {
        if (segments.isEmpty()) {
            return false;
        }
        append(entries.get());
        return true;
    }

    /** The oldest segment, or null when nothing waits. */
    synchronized Segment oldest() {
        return segments.isEmpty() ? null : segments.getFirst();
    }

    /**
     * Reads whole lines of {@code segment} from {@code from}, at most {@code max} of them, or more to end with the
     * whole group a {@link #GROUP_OF} line heads.
     *
     * @throws UncheckedIOException when the file cannot be read
     */
    Page read(Segment segment, long from, int max) {
        List<Map<String, String>> entries = new ArrayList<>(max);
        int limit = max;
        long pos = from;
        try (FileChannel ch = FileChannel.open(segment.file(), StandardOpenOption.READ)) {
            long size = readable(segment, ch);
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(Math.max(size - from, 0), 256L * 1024));
            ByteArrayOutputStream line = new ByteArrayOutputStream(256);
            long read = from;
            while (entries.size() < limit && read < size) {
                buf.clear();
                int n = ch.read(buf, read);
                if (n <= 0) {
                    break;
                }
                read += n;
                buf.flip();
                while (buf.hasRemaining() && entries.size() < limit) {
                    byte c = buf.get();
                    if (c == '\n') {
                        pos += line.size() + 1;
                        Map<String, String> fields = decode(line.toString(StandardCharsets.UTF_8));
                        entries.add(fields);
                        line.reset();
                        String group = fields.get(GROUP_OF);
                        if (group != null) {
                            limit = Math.max(limit, entries.size() + Integer.parseInt(group));
                        }
                    } else if (line.size() < MAX_LINE) {
                        line.write(c);
                    }
                }
                read -= buf.remaining();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the spool " + segment.file() + ": " + e.getMessage(), e);
        }
        return new Page(segment, from, pos, entries);
    }

    /** How far a reader may read: all of an older segment, what is committed of the one taking appends. */
    private synchronized long readable(Segment segment, FileChannel ch) throws IOException {
        boolean last = !segments.isEmpty() && segments.getLast().equals(segment);
        return last && appendTo != null ? committed : ch.size();
    }

    /**
     * The replayer is done with {@code segment} up to {@code upTo}: when that is all of it and no append is
     * about to add more, the segment is deleted; then, if it was the last, the spool is empty and appends go
     * straight to Redis again.
     *
     * @return true when the segment was released
     */
    synchronized boolean release(Segment segment, long upTo) throws IOException {
        if (segments.isEmpty() || !segments.getFirst().equals(segment)) {
            return false;
        }
        if (upTo < Files.size(segment.file())) {
            return false;
        }
        if (segments.size() == 1 && appendTo != null) {
            appendTo.close();
            appendTo = null;
        }
        Files.deleteIfExists(segment.file());
        segments.removeFirst();
        bytes = Math.max(0, bytes - upTo);
        return true;
    }

    static byte[] encode(List<Map<String, String>> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(entries.size() * 160);
        try {
            for (Map<String, String> e : entries) {
                OutputStreamWriter w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                JsonWriter json = new JsonWriter(w);
                json.setHtmlSafe(false);
                json.beginObject();
                for (Map.Entry<String, String> f : e.entrySet()) {
                    json.name(f.getKey()).value(f.getValue());
                }
                json.endObject();
                json.flush();
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }

    /** One spooled line back to its fields; a line that is not a JSON object of strings reads as no fields. */
    static Map<String, String> decode(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        try (JsonReader r = new JsonReader(new StringReader(line))) {
            r.beginObject();
            while (r.hasNext()) {
                fields.put(r.nextName(), r.nextString());
            }
            r.endObject();
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return fields;
    }

    @Override
    public synchronized void close() throws IOException {
        if (appendTo != null) {
            appendTo.close();
            appendTo = null;
        }
        lock.release();
        lockChannel.close();
    }
}
