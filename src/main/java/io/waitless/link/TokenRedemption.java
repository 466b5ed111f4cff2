package io.waitless.link;

import java.util.Optional;

/**
 * Redeems a link token once: verifies it with {@link LinkTokens}, then marks its id in the
 * {@link TokenLedger}; a second redemption is {@link TokenCheck.Reason#REUSED}. Fails closed: when the
 * ledger is down no token is valid. Thread-safe; blocks at most the ledger's timeout.
 */
public final class TokenRedemption {
    private final LinkTokens tokens;
    private final TokenLedger ledger;

    /** The deflection a token names when its signature holds (even if expired or used), for logging a refusal. */
    public Optional<String> deflectionOf(String token) {
        return tokens.deflectionOf(token);
    }

    public TokenRedemption(LinkTokens tokens, TokenLedger ledger) {
        this.tokens = tokens;
        this.ledger = ledger;
    }

    /** @throws TokenLedgerException when the ledger cannot be reached (answer 503; nothing was redeemed) */
    public TokenCheck redeem(String token) {
        TokenCheck check = tokens.verify(token);
        if (check instanceof TokenCheck.Valid valid
                && !ledger.firstUse(valid.claims().id(), valid.claims().expires())) {
            return new TokenCheck.Refused(TokenCheck.Reason.REUSED);
        }
        return check;
    }
}
