package io.waitless.testing;

import io.waitless.link.TokenLedger;
import io.waitless.link.TokenLedgerException;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The in-memory fake of {@link TokenLedger}. */
public final class InMemoryTokenLedger implements TokenLedger {
    private final Map<String, Instant> used = new ConcurrentHashMap<>();
    private volatile boolean down;

    public void goDown() {
        down = true;
    }

    @Override
    public boolean firstUse(String tokenId, Instant expires) {
        if (down) {
            throw new TokenLedgerException("ledger is down (test)", null);
        }
        return used.putIfAbsent(tokenId, expires) == null;
    }
}
