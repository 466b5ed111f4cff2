package io.waitless.link;

import io.waitless.WaitlessException;

/** The token ledger could not be reached or answered wrongly; no token can be redeemed meanwhile. */
public class TokenLedgerException extends WaitlessException {
    public TokenLedgerException(String message, Throwable cause) {
        super(message, cause);
    }
}
