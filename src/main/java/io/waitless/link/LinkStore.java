package io.waitless.link;

import java.util.Optional;

/**
 * Where short links live between the text and the click; shared by every node.
 * Thread-safe; every call bounded by the store's timeout.
 */
public interface LinkStore {

    /**
     * Stores a new link unless its code is taken.
     *
     * @return {@code false} when the code already exists (the caller draws another)
     * @throws LinkStoreException when the store cannot be reached
     */
    boolean create(ShortLink link);

    /** The live link for a code; empty when unknown or expired. */
    Optional<ShortLink> find(String code);
}
