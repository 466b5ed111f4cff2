package io.waitless.link;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One HMAC key for link tokens.
 *
 * @param id     the {@code kid} written into each token's header; names the key, never the secret
 * @param secret at least {@link #MIN_BYTES} bytes (UTF-8), from the environment
 */
public record SigningKey(String id, String secret) {
    /** HS256 needs a key of at least 256 bits. */
    public static final int MIN_BYTES = 32;

    public SigningKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(secret, "secret");
        if (id.isBlank()) {
            throw new IllegalArgumentException("a signing key needs an id");
        }
        if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_BYTES) {
            throw new IllegalArgumentException("signing key " + id + " is shorter than " + MIN_BYTES + " bytes");
        }
    }

    byte[] bytes() {
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "SigningKey[" + id + "]";
    }
}
