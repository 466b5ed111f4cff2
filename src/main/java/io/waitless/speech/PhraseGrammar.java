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
 * A JSGF grammar over the configured phrases: words lower-cased, punctuation other than
 * apostrophes removed, and words missing from the pronunciation dictionary dropped (reported in
 * {@link #dropped()}). Immutable.
 *
 * <p>Two shapes ({@link EmbeddedSpeechRecognizer.Grammar}): {@code PHRASES} is {@code ( p1 | p2 | ... )}, which forces any
 * speech onto some whole phrase; {@code WORDS} is a loop over the words of the phrases plus
 * {@link #FILLERS}, frequent English words, so an unseen paraphrase comes out as the words heard
 * (for the intent classifier to score) and unrelated speech lands mostly on fillers.
 */
record PhraseGrammar(List<String> phrases, Set<String> dropped) {

    static final String RULE = "phrase";

    /**
     * Frequent English words that are not about any service: where out-of-domain speech lands in
     * the {@code WORDS} shape. General vocabulary (function words, common verbs, nouns, numbers),
     * not chosen from any evaluation set.
     */
    static final List<String> FILLERS = List.of((
            "the a an and or but if of to in on at for with from by about as into over after before "
            + "up out off down than then so not no yes this that these those it its i me my you your "
            + "he him his she her we us our they them their who what when where why how which there here "
            + "is are was were be been am do does did have has had will would can could should may might "
            + "must shall go going went get got make made take took see saw know think want like need "
            + "say said tell told ask give come came look find use work call try feel leave put mean keep "
            + "let begin seem help show hear play run live believe bring happen write sit stand lose pay "
            + "meet include continue set learn change lead understand watch follow stop create speak read "
            + "spend grow open walk win teach offer remember love consider appear buy wait serve die send "
            + "build stay fall cut reach kill raise pass sell decide return explain hope drive eat drink "
            + "time year people way day man woman child world life hand part place case week company "
            + "system program question government number night point home water room mother father area "
            + "money story fact month lot right study book eye job word business issue side kind head "
            + "house friend power hour game line end member law car city name team minute idea kid body "
            + "information back parent face others level office door health person art war history party "
            + "result morning reason research girl guy food moment air teacher force education weather "
            + "rain sun snow tomorrow today yesterday tonight football music movie restaurant pizza doctor "
            + "hospital school bank train bus flight hotel dog cat birthday weekend holiday "
            + "one two three four five six seven eight nine ten hundred first last next new old good "
            + "great little own other big high small large long young important few public bad same able "
            + "hello hi okay well just also very really much many more most some any all every each "
            + "again still even never always often now only please thanks thank sorry").split(" "));

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

    /** The distinct words of the phrases, in order of appearance. */
    List<String> words() {
        Set<String> out = new LinkedHashSet<>();
        for (String p : phrases) {
            out.addAll(List.of(p.split(" ")));
        }
        return List.copyOf(out);
    }

    /**
     * The grammar in {@code shape}; {@code phraseWeight} is the weight of the whole-phrase branch
     * against the word loop's 1 in {@code MIXED}. Fillers missing from {@code dictionary} are left out.
     */
    String jsgf(String grammarName, EmbeddedSpeechRecognizer.Grammar shape, double phraseWeight, Set<String> dictionary) {
        if (shape == EmbeddedSpeechRecognizer.Grammar.PHRASES) {
            return jsgf(grammarName);
        }
        Set<String> vocabulary = new LinkedHashSet<>(words());
        for (String f : FILLERS) {
            if (dictionary.contains(f)) {
                vocabulary.add(f);
            }
        }
        String head = "#JSGF V1.0;\n\ngrammar " + grammarName + ";\n\n";
        String word = "<word> = ( " + String.join(" | ", vocabulary) + " );\n";
        String loop = "<words> = <word>+;\n";
        if (shape == EmbeddedSpeechRecognizer.Grammar.WORDS) {
            return head + "public <" + RULE + "> = <words>;\n\n" + loop + word;
        }
        return head + "public <" + RULE + "> = /" + phraseWeight + "/ <whole> | /1/ <words>;\n\n"
                + "<whole> = ( " + String.join(" | ", phrases) + " );\n" + loop + word;
    }

    String jsgf(String grammarName) {
        return "#JSGF V1.0;\n\ngrammar " + grammarName + ";\n\npublic <" + RULE + "> = ( "
                + String.join(" | ", phrases) + " );\n";
    }

    /** Writes {@code <dir>/<grammarName>.gram} in {@code shape}. */
    void write(Path dir, String grammarName, EmbeddedSpeechRecognizer.Grammar shape, double phraseWeight, Set<String> dictionary) {
        try {
            Files.writeString(dir.resolve(grammarName + ".gram"), jsgf(grammarName, shape, phraseWeight, dictionary));
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
