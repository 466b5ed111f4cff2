package io.waitless.followup;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Keeps a phone number for a later text only encrypted: AES-256-GCM with a key derived (SHA-256) from
 * {@code followup.key}, a fresh 96-bit nonce per number, and the follow-up's id as associated data, so a
 * ciphertext copied onto another item does not open. Stored as {@code v1:<base64(nonce ‖ ciphertext ‖ tag)>}.
 * Thread-safe.
 */
public final class NumberVault {
    /** The payload field that holds the encrypted number (never listed or logged). */
    public static final String FIELD = "number";
    private static final String VERSION = "v1:";
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    /** @param secret the configured key; at least 16 characters (the config reader asks for 32) */
    public NumberVault(String secret) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("followup.key must be at least 16 characters");
        }
        try {
            byte[] k = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            this.key = new SecretKeySpec(k, "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Encrypts {@code e164} bound to {@code context} (the follow-up id). */
    public String seal(String e164, String context) {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(e164.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE);
            System.arraycopy(sealed, 0, out, NONCE, sealed.length);
            return VERSION + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JDK", e);
        }
    }

    /** The number, or empty when the text was not sealed with this key for this context (or is damaged). */
    public Optional<String> open(String sealed, String context) {
        if (sealed == null || !sealed.startsWith(VERSION)) {
            return Optional.empty();
        }
        try {
            byte[] all = Base64.getDecoder().decode(sealed.substring(VERSION.length()));
            if (all.length <= NONCE) {
                return Optional.empty();
            }
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return Optional.of(new String(c.doFinal(all, NONCE, all.length - NONCE), StandardCharsets.UTF_8));
        } catch (AEADBadTagException | IllegalArgumentException e) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }
}
