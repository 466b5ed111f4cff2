package io.waitless.deflect;

import io.waitless.call.CallInfo;

/** Decides from the caller ID whether a text may be offered. Thread-safe. */
public interface NumberPolicy {

    /**
     * @param queue the queue the caller is in: its region reads numbers given in national format
     * @return the verdict; blocks at most the line-type lookup's timeout when one is configured
     */
    CallerVerdict check(CallInfo call, String queue);
}
