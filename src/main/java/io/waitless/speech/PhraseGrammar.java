package io.waitless.speech;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The configured phrases made ready for the recognizer: words lower-cased, punctuation other than
 * apostrophes removed, and words missing from the pronunciation dictionary dropped (reported in
 * {@link #dropped()}). They feed the n-gram model ({@link PhraseLanguageModel}) or, for
 * {@link EmbeddedSpeechRecognizer.Grammar#PHRASES}, the JSGF grammar {@code ( p1 | p2 | ... )}, which forces
 * any speech onto some whole phrase. Immutable.
 */
record PhraseGrammar(List<String> phrases, Set<String> dropped) {

    static final String RULE = "phrase";

    /** Builds the grammar against {@code dictionary}; refuses if no phrase keeps a word. */
    static PhraseGrammar of(List<String> raw, Set<String> dictionary) {
        Set<String> kept = new LinkedHashSet<>();
        Set<String> dropped = new LinkedHashSet<>();
        for (String phrase : raw) {
            List<String> words = new ArrayList<>();
            for (String w : normalise(phrase).split(" ")) {
                if (w.isEmpty()) {
                    continue;
                }
                if (dictionary.contains(w)) {
                    words.add(w);
                } else {
                    dropped.add(w);
                }
            }
            if (!words.isEmpty()) {
                kept.add(String.join(" ", words));
            }
        }
        if (kept.isEmpty()) {
            throw new SpeechException("no phrase has a word in the dictionary: " + raw);
        }
        return new PhraseGrammar(List.copyOf(kept), Set.copyOf(dropped));
    }

    /** Lower case, letters, digits and apostrophes, single spaces. */
    static String normalise(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9' ]", " ").replaceAll("\\s+", " ").strip();
    }

    String jsgf(String grammarName) {
        return "#JSGF V1.0;\n\ngrammar " + grammarName + ";\n\npublic <" + RULE + "> = ( "
                + String.join(" | ", phrases) + " );\n";
    }

    /** Writes {@code <dir>/<grammarName>.gram}, the whole-phrase grammar. */
    void write(Path dir, String grammarName) {
        try {
            Files.writeString(dir.resolve(grammarName + ".gram"), jsgf(grammarName));
        } catch (IOException e) {
            throw new SpeechException("cannot write grammar to " + dir, e);
        }
    }

    /** The words of a CMU dictionary (first column, alternates like {@code read(2)} folded). */
    static Set<String> dictionaryWords(String classpathResource) {
        Set<String> words = new HashSet<>(150_000);
        try (InputStream in = PhraseGrammar.class.getResourceAsStream(classpathResource)) {
            if (in == null) {
                throw new SpeechException("dictionary not on the class path: " + classpathResource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                int space = line.indexOf(' ');
                if (space <= 0) {
                    continue;
                }
                String w = line.substring(0, space);
                int paren = w.indexOf('(');
                words.add(paren > 0 ? w.substring(0, paren) : w);
            }
        } catch (IOException e) {
            throw new SpeechException("cannot read dictionary " + classpathResource, e);
        }
        return words;
    }
}
