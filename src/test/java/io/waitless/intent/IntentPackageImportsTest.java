package io.waitless.intent;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The intent package depends on the JDK, commons-codec and commons-text only (DESIGN "Packages"). */
class IntentPackageImportsTest {

    private static final List<String> ALLOWED = List.of("java.", "org.apache.commons.codec.", "org.apache.commons.text.",
            "io.waitless.intent.");

    @Test
    void the_intent_package_imports_only_the_jdk_commons_codec_and_commons_text() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/io/waitless/intent"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    String l = line.strip();
                    if (l.startsWith("import ")) {
                        String name = l.replace("import static ", "").replace("import ", "");
                        if (ALLOWED.stream().noneMatch(name::startsWith)) {
                            violations.add(f + ": " + l);
                        }
                    } else if (l.contains("io.waitless.") && !l.contains("io.waitless.intent")
                            && !l.startsWith("*") && !l.startsWith("/")) {
                        violations.add(f + ": " + l);
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }
}
