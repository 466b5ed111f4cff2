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

    /** Edit distance where swapping two neighbouring letters counts as one edit ("prot" is 1 from "port"). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
