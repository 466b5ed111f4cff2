package io.waitless.web;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.waitless.config.WaitlessConfig;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks dashboard passwords against the configured bcrypt hashes ({@code $2a$}, {@code $2b$}, {@code $2y$}).
 * A name nobody has is checked against a configured user's hash (never a match), so the time taken does not tell which
 * names exist. bcrypt reads at most {@value #MAX_BYTES} bytes of a password; longer ones are refused rather than
 * silently cut. Immutable and thread-safe; {@link #check} takes a bcrypt's time (about 0.25 s at cost 12).
 */
public final class Passwords {
    /** The cost {@code waitless dashboard hash-password} uses. */
    public static final int COST = 12;
    /** The longest password bcrypt reads in full. */
    public static final int MAX_BYTES = 71;

    private final Map<String, String> hashes;
    private final String dummy;

    Passwords(List<WaitlessConfig.Dashboard.User> users) {
        this.hashes = users.stream().collect(Collectors.toUnmodifiableMap(WaitlessConfig.Dashboard.User::name,
                WaitlessConfig.Dashboard.User::passwordHash));
        // an unknown name is checked against a configured user's hash, so it takes a bcrypt's time all the same
        // (and never matches: see check); hashing a dummy here cost a bcrypt (~0.25 s) on every start-up
        this.dummy = users.isEmpty() ? BCrypt.withDefaults().hashToString(4, "no user has this password".toCharArray())
                : users.getFirst().passwordHash();
    }

    /** Whether {@code name} is a configured user; says nothing about the password. */
    boolean known(String name) {
        return name != null && hashes.containsKey(name);
    }

    /** Whether {@code password} is {@code name}'s; false for an unknown name, a null or an over-long password. */
    boolean check(String name, String password) {
        String hash = name == null ? null : hashes.get(name);
        char[] presented = password == null || password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES
                ? new char[0] : password.toCharArray();
        try {
            boolean ok = BCrypt.verifyer().verify(presented, (hash == null ? dummy : hash).toCharArray()).verified;
            return ok && hash != null && presented.length > 0;
        } catch (IllegalArgumentException e) {
            return false; // bcrypt refuses the input (e.g. an empty password): not a match, nothing to report
        } finally {
            Arrays.fill(presented, '\0');
        }
    }

    /**
     * A bcrypt hash of {@code password} at {@link #COST}, for the config.
     *
     * @throws IllegalArgumentException when the password is empty or longer than {@link #MAX_BYTES} bytes
     */
    public static String hash(char[] password) {
        int bytes = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password)).remaining();
        if (password.length == 0 || bytes > MAX_BYTES) {
            throw new IllegalArgumentException(password.length == 0 ? "the password is empty"
                    : "the password is " + bytes + " bytes; bcrypt reads at most " + MAX_BYTES);
        }
        return BCrypt.withDefaults().hashToString(COST, password);
    }
}
