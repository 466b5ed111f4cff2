package io.waitless.config;

import java.util.Collection;
import java.util.Comparator;

/** "Did you mean" for a mistyped key: the closest allowed key within a small edit distance. */
final class Suggestions {

    private Suggestions() {
    }

    /** {@code " (did you mean timeout?)"}, or empty when no allowed key is close. */
    static String didYouMean(String typed, Collection<String> allowed) {
        return allowed.stream()
                .filter(a -> distance(typed, a) <= Math.max(1, Math.min(3, a.length() / 3)))
                .min(Comparator.comparingInt(a -> distance(typed, a)))
                .map(a -> " (did you mean " + a + "?)")
                .orElse("");
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
