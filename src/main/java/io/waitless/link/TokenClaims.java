package io.waitless.link;

import java.time.Instant;
import java.util.Objects;

/**
 * What a link token says, once its signature and lifetime have been checked.
 *
 * @param id         {@code jti}: 128 random bits, base64url; the single-use key
 * @param caller     {@code sub}: the opaque caller reference (keyed hash of the number, never the number);
 *                   empty when the deflection record could not be read when the token was minted
 * @param deflection {@code dfl}: the deflection id
 * @param flow       {@code flow}: the flow id
 * @param intent     {@code intent}: the caller's intent (the flow id until intents are recognised)
 * @param issued     {@code iat}
 * @param expires    {@code exp}
 */
public record TokenClaims(String id, String caller, String deflection, String flow, String intent,
                          Instant issued, Instant expires) {
    public TokenClaims {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(deflection, "deflection");
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(intent, "intent");
        Objects.requireNonNull(issued, "issued");
        Objects.requireNonNull(expires, "expires");
    }
}
