package io.waitless.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The wire captures of a real Asterisk 22.10.1 ({@code fixtures/asterisk-22}, shared with the other projects
 * that talk to the same Asterisk; not copied into this repository). Located by the system property
 * {@code waitless.fixtures}, else {@code ../shared/fixtures/asterisk-22} next to the project; a missing
 * folder fails the test with the two places it looked.
 */
public final class AsteriskFixtures {
    private static final byte LF = '\n';

    private AsteriskFixtures() {
    }

    public static Path dir() {
        String prop = System.getProperty("waitless.fixtures");
        Path project = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path dir = prop != null && !prop.isBlank() ? Path.of(prop) : project.resolve("../shared/fixtures/asterisk-22");
        dir = dir.toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("agi-a-offer.from-asterisk.bin"))) {
            throw new IllegalStateException("Asterisk 22 wire fixtures not found at " + dir
                    + " (set -Dwaitless.fixtures=<dir> or check out shared/fixtures/asterisk-22 next to the project)");
        }
        return dir;
    }

    /** Every byte of one capture file. */
    public static byte[] bytes(String file) {
        try {
            return Files.readAllBytes(dir().resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + file, e);
        }
    }

    /** The env block of {@code <capture>.from-asterisk.bin} exactly as captured, up to and including the empty line. */
    public static byte[] envBlock(String capture) {
        byte[] all = bytes(capture + ".from-asterisk.bin");
        for (int i = 0; i + 1 < all.length; i++) {
            if (all[i] == LF && all[i + 1] == LF) {
                return Arrays.copyOf(all, i + 2);
            }
        }
        throw new IllegalStateException(capture + ": no empty line ending the agi_* environment");
    }

    /** The lines Asterisk sent after the env block (replies and bare {@code HANGUP}), without their LF. */
    public static List<String> replyLines(String capture) {
        byte[] all = bytes(capture + ".from-asterisk.bin");
        int start = envBlock(capture).length;
        String rest = new String(all, start, all.length - start, StandardCharsets.US_ASCII);
        return List.of(rest.split("\n"));
    }

    /** The lines the capture's FastAGI server sent, without their LF. */
    public static List<String> commandLines(String capture) {
        return List.of(new String(bytes(capture + ".to-asterisk.bin"), StandardCharsets.US_ASCII).split("\n"));
    }

    /** {@code line}, after checking that Asterisk really sent it in {@code capture}: replies are never invented. */
    public static String captured(String capture, String line) {
        if (!replyLines(capture).contains(line)) {
            throw new IllegalArgumentException(capture + " has no reply line '" + line + "'");
        }
        return line;
    }

    /**
     * The captured env block pointed at one of our scripts: {@code agi_network_script} and the path of
     * {@code agi_request} become {@code script}, and the {@code agi_arg_n} lines are replaced by {@code args}
     * (appended last, where Asterisk puts them; an empty argument is {@code "agi_arg_n: "} with its trailing
     * space, as Asterisk's {@code "agi_arg_%d: %s\n"} writes it). Every other byte stays as captured.
     */
    public static byte[] retarget(byte[] env, String script, List<String> args) {
        String text = new String(env, StandardCharsets.US_ASCII);
        List<String> lines = new ArrayList<>(List.of(text.substring(0, text.length() - 2).split("\n", -1)));
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("agi_network_script: ")) {
                out.add("agi_network_script: " + script);
            } else if (line.startsWith("agi_request: ")) {
                String url = line.substring("agi_request: ".length());
                int slash = url.indexOf('/', "agi://".length());
                out.add("agi_request: " + url.substring(0, slash + 1) + script);
            } else if (!line.startsWith("agi_arg_")) {
                out.add(line);
            }
        }
        for (int i = 0; i < args.size(); i++) {
            out.add("agi_arg_" + (i + 1) + ": " + args.get(i));
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String line : out) {
            b.writeBytes(line.getBytes(StandardCharsets.US_ASCII));
            b.write(LF);
        }
        b.write(LF);
        return b.toByteArray();
    }
}
