package io.waitless.web;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Twilio's request signature ({@code X-Twilio-Signature}): base64 of HMAC-SHA1 under the account's auth
 * token over the full URL Twilio called (scheme, host, path and query) followed by every POST parameter's
 * name and value, sorted by name (values of a repeated name sorted too), with no separators.
 * Immutable and thread-safe.
 */
final class TwilioSignature {
    private final SecretKeySpec key;

    TwilioSignature(String authToken) {
        this.key = new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1");
    }

    String sign(String url, Map<String, List<String>> params) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((name, values) -> values.stream().sorted()
                .forEach(v -> data.append(name).append(v)));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(key);
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }

    /** Constant-time comparison with the header; a missing header never verifies. */
    boolean verify(String url, Map<String, List<String>> params, String header) {
        if (header == null || header.isBlank()) {
            return false;
        }
        return MessageDigest.isEqual(sign(url, params).getBytes(StandardCharsets.US_ASCII),
                header.strip().getBytes(StandardCharsets.US_ASCII));
    }
}
