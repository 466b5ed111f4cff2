package io.waitless;

import io.waitless.testing.LogScanner;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * House rule 8, checked on everything the test suite logged: no raw phone number and no secret in any log line.
 * Runs in its own Failsafe execution after every other test (see pom.xml) and reads what the unit-test and
 * integration-test JVMs of this build ({@code -Dwaitless.test-build}, one per mvn run) wrote to
 * {@code target/test-logs/} ({@code src/test/resources/logback-test.xml}). The numbers and secrets it looks for
 * beyond the generic shapes are collected from the tests' sources and configs, so a new test constant is covered
 * without being listed here.
 */
class LogScanIT {
    static final Path LOGS = Path.of("target", "test-logs");

    @Test
    void no_log_line_of_the_test_suite_holds_a_raw_phone_number_or_a_secret() throws IOException {
        String build = System.getProperty("waitless.test-build", "");
        assertThat(build).as("-Dwaitless.test-build (set by pom.xml): whose logs to scan").isNotBlank();
        List<Path> logs;
        try (Stream<Path> files = Files.exists(LOGS) ? Files.list(LOGS) : Stream.empty()) {
            logs = files.filter(p -> p.getFileName().toString().startsWith(build + "-")
                    && p.toString().endsWith(".log")).sorted().toList();
        }
        assertThat(logs).as("no test logs of build %s in %s: run the tests first (mvn verify)", build,
                LOGS.toAbsolutePath()).isNotEmpty();
        LogScanner.Known known = LogScanner.collect(List.of(Path.of("src/test/java"), Path.of("src/test/fixtures"),
                Path.of("config")));
        assertThat(known.secrets()).as("secrets collected from the tests").hasSizeGreaterThan(10);
        assertThat(known.numbers()).as("numbers collected from the tests").hasSizeGreaterThan(10);
        LogScanner scanner = new LogScanner(known.secrets(), known.numbers());

        List<LogScanner.Hit> hits = new ArrayList<>();
        long lines = 0;
        for (Path log : logs) {
            hits.addAll(scanner.scan(log));
            try (Stream<String> l = Files.lines(log, java.nio.charset.StandardCharsets.ISO_8859_1)) {
                lines += l.count();
            }
        }
        System.out.println("log scan: " + lines + " lines in " + logs + "; " + known.secrets().size() + " secrets and "
                + known.numbers().size() + " numbers from the tests; " + hits.size() + " hits");
        boolean wholeSuite = logs.stream().anyMatch(p -> p.getFileName().toString().endsWith("-surefire.log"));
        if (wholeSuite) { // a run of one quiet IT (-Dit.test=X) may log nothing; the whole suite always logs
            assertThat(lines).as("lines logged by the tests").isPositive();
        }
        assertThat(hits).as("raw phone numbers or secrets in the tests' logs (shown masked; fix the logging, mask"
                + " numbers with PhoneMask, never log a secret)").isEmpty();
    }
}
