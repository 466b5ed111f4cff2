package io.waitless.config;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads a YAML 1.2 file (core schema) into snakeyaml-engine's node tree, which keeps the line of
 * every value. Blocks while reading the file.
 */
final class YamlDocument {

    private YamlDocument() {
    }

    /**
     * The root node of the file's single document; empty, with the error recorded (with its line for a
     * syntax error), when the file cannot be read, is not YAML, or holds no document.
     */
    static Optional<Node> read(Path file, Problems problems) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(file, in, problems);
        } catch (IOException e) {
            problems.fileError("cannot read the file: " + e);
        }
        return Optional.empty();
    }

    /** {@link #read(Path, Problems)} of text already read from {@code file} (a reload reads the bytes once). */
    static Optional<Node> read(Path file, Reader reader, Problems problems) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(file.toString())
                .setSchema(new CoreSchema())
                .setUseMarks(true)
                .build();
        try (Reader in = reader) {
            Optional<Node> root = new Compose(settings).composeReader(in);
            if (root.isEmpty()) {
                problems.error(1, "", "the file is empty");
            }
            return root;
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
            int line = mark.map(m -> m.getLine() + 1).orElse(1);
            problems.error(line, "", "YAML syntax error: " + describe(e, line));
        } catch (YamlEngineException e) {
            problems.fileError("YAML syntax error: " + e.getMessage());
        } catch (IOException e) {
            problems.fileError("cannot read the file: " + e);
        }
        return Optional.empty();
    }

    /** 1-based line where a node starts. */
    static int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(1);
    }

    /** The problem, and what the parser was reading when it found it ("while parsing a flow sequence at line 2"). */
    private static String describe(MarkedYamlEngineException e, int line) {
        String problem = e.getProblem() == null ? "" : e.getProblem();
        String context = e.getContext() == null ? "" : e.getContext();
        if (context.isEmpty()) {
            return problem;
        }
        int contextLine = e.getContextMark().map(m -> m.getLine() + 1).orElse(line);
        return problem + " (" + context + (contextLine == line ? "" : " that starts at line " + contextLine) + ")";
    }
}
