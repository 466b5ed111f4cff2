package io.waitless.deflect;

import java.net.URI;
import java.util.Objects;

/**
 * A self-service flow a caller can finish online instead of waiting for an agent.
 *
 * @param id      short id used in config and events ({@code pay-bill})
 * @param title   a few words for texts ("pay your bill")
 * @param url     where the short link sends the caller
 * @param channel the id of the {@link DigitalChannel} the flow runs on
 */
public record Flow(String id, String title, URI url, String channel) {
    public Flow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(channel, "channel");
    }
}
