package io.waitless.testing;

import io.waitless.link.LinkStore;
import io.waitless.link.LinkStoreException;
import io.waitless.link.ShortLink;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The in-memory fake of {@link LinkStore}. */
public final class InMemoryLinkStore implements LinkStore {
    private final Map<String, ShortLink> links = new ConcurrentHashMap<>();
    private volatile boolean down;

    public void goDown() {
        down = true;
    }

    @Override
    public boolean create(ShortLink link) {
        if (down) {
            throw new LinkStoreException("store is down (test)", null);
        }
        return links.putIfAbsent(link.code(), link) == null;
    }

    @Override
    public Optional<ShortLink> find(String code) {
        if (down) {
            throw new LinkStoreException("store is down (test)", null);
        }
        return Optional.ofNullable(links.get(code)).filter(l -> l.expires().isAfter(Instant.now()));
    }

    public Map<String, ShortLink> all() {
        return Map.copyOf(links);
    }
}
