package io.waitless.link;

import java.time.Instant;

/**
 * Remembers which link tokens were redeemed, so each is redeemed once; shared by every node.
 * Thread-safe; every call bounded by the store's timeout.
 */
public interface TokenLedger {

    /**
     * Marks a token id used, atomically.
     *
     * @param tokenId the token's {@code jti}
     * @param expires the token's expiry; the mark need not outlive it
     * @return {@code true} for the first redemption, {@code false} for every later one
     * @throws TokenLedgerException when the ledger cannot be reached (the caller must refuse: fail closed)
     */
    boolean firstUse(String tokenId, Instant expires);
}
