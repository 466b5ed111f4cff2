package io.waitless.link;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * A short link texted to a caller: {@code <public-base-url>/l/<code>} redirects to {@link #target()}.
 *
 * @param code        unguessable base-62 code
 * @param deflection  the deflection it belongs to
 * @param flow        the flow id it opens
 * @param target      where it redirects
 * @param expires     after this instant the link no longer works
 */
public record ShortLink(String code, String deflection, String flow, URI target, Instant expires) {
    public ShortLink {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(deflection, "deflection");
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(expires, "expires");
    }

    public URI publicUri(URI publicBaseUrl) {
        String base = publicBaseUrl.toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + "l/" + code);
    }
}
