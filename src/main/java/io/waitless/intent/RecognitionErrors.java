package io.waitless.intent;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Simulates speech-recognition errors, deterministically for a seed: in each utterance of three words or more
 * one word may be dropped, and words of four letters or more may lose, double or swap a letter, or lose
 * their ending ("dropping" → "droppin", "bill" → "bil"). Not thread-safe (holds a {@link Random}).
 */
public final class RecognitionErrors {

    private final Random random;
    private final double wordErrorRate;

    /**
     * @param seed          the same seed gives the same errors
     * @param wordErrorRate chance (0..1) that a word is misspelt, and that an utterance loses a word
     */
    public RecognitionErrors(long seed, double wordErrorRate) {
        this.random = new Random(seed);
        this.wordErrorRate = wordErrorRate;
    }

    /** The examples with their texts garbled; labels unchanged. */
    public List<Evaluation.Example> apply(List<Evaluation.Example> examples) {
        return examples.stream().map(e -> new Evaluation.Example(garble(e.text()), e.label())).toList();
    }

    /** One utterance as a recogniser might have heard it. */
    public String garble(String text) {
        List<String> words = new ArrayList<>(List.of(text.strip().split("\\s+")));
        if (words.size() >= 3 && random.nextDouble() < wordErrorRate) {
            words.remove(random.nextInt(words.size()));
        }
        List<String> out = new ArrayList<>();
        for (String w : words) {
            out.add(w.length() >= 4 && random.nextDouble() < wordErrorRate ? misspell(w) : w);
        }
        return String.join(" ", out);
    }

    private String misspell(String w) {
        int at = 1 + random.nextInt(w.length() - 2);
        return switch (random.nextInt(4)) {
            case 0 -> w.substring(0, at) + w.substring(at + 1);
            case 1 -> w.substring(0, at) + w.charAt(at) + w.substring(at);
            case 2 -> w.substring(0, at) + w.charAt(at + 1) + w.charAt(at) + w.substring(at + 2);
            default -> w.substring(0, w.length() - 1);
        };
    }
}
