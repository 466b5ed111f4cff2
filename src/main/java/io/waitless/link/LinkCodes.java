package io.waitless.link;

import java.security.SecureRandom;

/**
 * Draws unguessable short-link codes: {@code length} base-62 characters from a {@link SecureRandom}
 * (12 characters ≈ 71 bits). Thread-safe.
 */
public final class LinkCodes {
    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private final SecureRandom random = new SecureRandom();
    private final int length;

    public LinkCodes(int length) {
        if (length < 8 || length > 32) {
            throw new IllegalArgumentException("code length must be 8..32, was " + length);
        }
        this.length = length;
    }

    public String next() {
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            c[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(c);
    }

    /** Whether a string could be a code at all (checked before any store lookup). */
    public static boolean wellFormed(String code) {
        return code != null && code.length() >= 8 && code.length() <= 32 && code.chars().allMatch(
                ch -> (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z'));
    }
}
