package io.waitless.link;

import java.util.Locale;
import java.util.Objects;

/** The verdict on a link token: {@link Valid} with its claims, or {@link Refused} with the reason. */
public sealed interface TokenCheck {

    record Valid(TokenClaims claims) implements TokenCheck {
        public Valid {
            Objects.requireNonNull(claims, "claims");
        }
    }

    record Refused(Reason reason) implements TokenCheck {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Why a token was refused. */
    enum Reason {
        /** Past {@code exp} (beyond the allowed clock skew). */
        EXPIRED,
        /** The signature does not match, or the token is not HS256. */
        BAD_SIGNATURE,
        /** Not a JWT, or a claim is missing or has the wrong type or issuer. */
        MALFORMED,
        /** Its {@code kid} names no configured key (e.g. a key that was removed). */
        UNKNOWN_KEY,
        /** Already redeemed once. */
        REUSED;

        /** {@code bad-signature}, as the API and the events name it. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
