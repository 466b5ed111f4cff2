package io.waitless.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** House rule 1: protocol stays at the edge. The core packages import no adapter library. */
class LayeringTest {
    static final List<String> FORBIDDEN_IN_CORE = List.of(
            "org.asteriskjava", "redis.clients", "io.javalin", "org.eclipse.jetty", "com.sun.speech",
            "org.quartz", "org.vosk", "com.google.i18n", "org.snakeyaml", "picocli", "java.net.http",
            "io.waitless.config", "io.waitless.agi", "io.waitless.journal", "io.waitless.web", "io.waitless.cli",
            "io.waitless.phone", "io.waitless.prompts", "io.waitless.sim");

    @Test
    void call_and_deflect_import_no_adapter_library_nor_adapter_package() throws IOException {
        List<String> violations = new ArrayList<>();
        for (String pkg : List.of("call", "deflect")) {
            try (Stream<Path> files = Files.walk(Path.of("src/main/java/io/waitless", pkg))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    List<String> lines = Files.readAllLines(f);
                    for (int i = 0; i < lines.size(); i++) {
                        String line = lines.get(i).strip();
                        for (String bad : FORBIDDEN_IN_CORE) {
                            if (line.startsWith("import " + bad + ".") || line.startsWith("import static " + bad + ".")
                                    || line.contains(" " + bad + ".") && !line.startsWith("*") && !line.startsWith("//")) {
                                violations.add(f + ":" + (i + 1) + ": " + line);
                            }
                        }
                    }
                }
            }
        }
        assertThat(violations).as("core packages must stay free of adapters").isEmpty();
    }

    @Test
    void only_the_agi_and_ami_packages_import_asterisk_java() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/io/waitless"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (f.startsWith(Path.of("src/main/java/io/waitless/agi")) || f.startsWith(Path.of("src/main/java/io/waitless/ami"))) {
                    continue;
                }
                for (String line : Files.readAllLines(f)) {
                    if (line.startsWith("import org.asteriskjava")) {
                        violations.add(f + ": " + line);
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }
}
