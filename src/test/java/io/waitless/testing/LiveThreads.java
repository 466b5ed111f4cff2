package io.waitless.testing;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM's live threads, platform <em>and virtual</em> (from a JSON thread dump: {@code Thread.getAllStackTraces()}
 * and {@code ThreadMXBean} see platform threads only, and every AGI and AudioSocket connection runs on a virtual
 * one), for tests that check a server leaks no thread. A dump costs ~100 ms.
 */
public final class LiveThreads {
    private static final Pattern NAME = Pattern.compile("\"tid\": \"\\d+\",\\s*\"time\": \"[^\"]*\",\\s*\"name\": \"((?:[^\"\\\\]|\\\\.)*)\"");

    private LiveThreads() {
    }

    /** The name of every live thread (unnamed virtual threads as the empty string). */
    public static List<String> names() {
        try {
            Path dump = Files.createTempFile("waitless-threads", ".json");
            try {
                Files.delete(dump); // dumpThreads refuses to overwrite
                ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                        .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
                Matcher m = NAME.matcher(Files.readString(dump));
                List<String> names = new ArrayList<>();
                while (m.find()) {
                    names.add(m.group(1));
                }
                return names;
            } finally {
                Files.deleteIfExists(dump);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits up to {@code within} for the live threads to be back to at most {@code baseline} plus {@code slack};
     * fails with the threads by name (digits dropped) that are still there otherwise.
     */
    public static void awaitBackTo(List<String> baseline, int slack, Duration within, String context)
            throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        List<String> now = names();
        while (now.size() > baseline.size() + slack && System.nanoTime() < end) {
            Thread.sleep(100);
            now = names();
        }
        if (now.size() > baseline.size() + slack) {
            throw new AssertionError(context + ": " + now.size() + " live threads after, " + baseline.size()
                    + " before (slack " + slack + "); by name now " + byName(now) + ", before " + byName(baseline));
        }
    }

    private static Map<String, Integer> byName(List<String> names) {
        Map<String, Integer> count = new TreeMap<>();
        names.forEach(n -> count.merge(n.replaceAll("\\d+", "#"), 1, Integer::sum));
        return count;
    }
}
