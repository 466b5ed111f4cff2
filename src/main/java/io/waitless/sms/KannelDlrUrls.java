package io.waitless.sms;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;

/**
 * The delivery-report URL Kannel calls back for one text, signed so that nobody else can report on it:
 * {@code <hook>?ref=<deflection id>&sig=<base64url(HMAC-SHA256(secret, ref))>&status=%d}. The sender
 * ({@code KannelSmsGateway}) passes {@link #dlrUrl} as {@code dlr-url} (with {@code dlr-mask=31}); Kannel
 * replaces {@code %d} with the report type; the hook checks {@link #verify}. The signature covers the
 * reference only: the status is filled in by Kannel and cannot be signed in advance.
 * Immutable and thread-safe.
 */
public final class KannelDlrUrls {
    /** The path of the delivery-report hook under the public base URL. */
    public static final String PATH = "/hooks/kannel/dlr";
    /**
     * Report types asked for: 1 delivered to the phone + 2 not delivered + 8 accepted by the SMSC (the only
     * report from operators that send no phone-level receipts) + 16 rejected by the SMSC; 4 (buffered) is noise.
     */
    public static final int DLR_MASK = 1 | 2 | 8 | 16;

    private final String hook;
    private final SecretKeySpec key;

    /**
     * @param publicBaseUrl where Kannel reaches this node ({@code hooks.public-base-url})
     * @param secret        {@code hooks.kannel-secret}; not empty
     */
    public KannelDlrUrls(URI publicBaseUrl, String secret) {
        Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("the Kannel hook secret is empty");
        }
        String base = publicBaseUrl.toString();
        this.hook = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + PATH;
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The dlr-url for a text sent for this deflection (not yet URL-encoded as a sendsms parameter). */
    public String dlrUrl(String ref) {
        return hook + "?ref=" + URLEncoder.encode(ref, StandardCharsets.UTF_8) + "&sig=" + signature(ref) + "&status=%d";
    }

    /** base64url (no padding) of HMAC-SHA256(secret, ref). */
    public String signature(String ref) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(ref.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Whether {@code sig} is the signature of {@code ref}, compared in constant time; null-safe. */
    public boolean verify(String ref, String sig) {
        if (ref == null || ref.isEmpty() || sig == null || sig.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(signature(ref).getBytes(StandardCharsets.US_ASCII),
                sig.getBytes(StandardCharsets.US_ASCII));
    }
}
