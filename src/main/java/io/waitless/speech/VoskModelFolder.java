package io.waitless.speech;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that a folder looks like a Vosk model (the "v2" layout every model on the Vosk site uses)
 * before any native code sees it: {@code am/final.mdl}, {@code conf/mfcc.conf},
 * {@code conf/model.conf} (libvosk reads it whenever {@code am/final.mdl} exists) and in
 * {@code graph/} either {@code HCLG.fst} (big models) or {@code HCLr.fst} + {@code Gr.fst} (small
 * models, the ones that take a runtime grammar). Only names are checked; contents are libvosk's
 * job.
 */
final class VoskModelFolder {

    static final String HOW_TO_GET = "download e.g. vosk-model-small-en-us-0.15 from https://alphacephei.com/vosk/models, "
            + "unpack it, and set speech.vosk.model-path to the unpacked folder";

    private VoskModelFolder() {
    }

    /**
     * @return {@code folder}, absolute and normalised
     * @throws SpeechException naming the folder, what is wrong and how to get a model
     */
    static Path check(Path folder) {
        Path dir = folder.toAbsolutePath().normalize();
        if (!Files.exists(dir)) {
            throw refuse(dir, "does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw refuse(dir, "is a file, not a model folder");
        }
        if (isEmpty(dir)) {
            throw refuse(dir, "is empty");
        }
        List<String> missing = new ArrayList<>();
        for (String f : List.of("am/final.mdl", "conf/mfcc.conf", "conf/model.conf")) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                missing.add(f);
            }
        }
        boolean hclg = Files.isRegularFile(dir.resolve("graph/HCLG.fst"));
        boolean hclr = Files.isRegularFile(dir.resolve("graph/HCLr.fst")) && Files.isRegularFile(dir.resolve("graph/Gr.fst"));
        if (!hclg && !hclr) {
            missing.add("graph/HCLG.fst (or graph/HCLr.fst with graph/Gr.fst)");
        }
        if (!missing.isEmpty()) {
            throw refuse(dir, "is not a Vosk model folder: missing " + String.join(", ", missing));
        }
        return dir;
    }

    static SpeechException refuse(Path dir, String what) {
        return new SpeechException("Vosk model " + dir + " " + what + "; " + HOW_TO_GET);
    }

    static SpeechException refuse(Path dir, String what, Throwable cause) {
        return new SpeechException("Vosk model " + dir + " " + what + "; " + HOW_TO_GET, cause);
    }

    private static boolean isEmpty(Path dir) {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw refuse(dir, "cannot be read (" + e + ")", e);
        }
    }
}
