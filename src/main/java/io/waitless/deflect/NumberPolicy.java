package io.waitless.deflect;

import io.waitless.call.CallInfo;

/** Decides from the caller ID whether a text may be offered. Thread-safe, no I/O. */
public interface NumberPolicy {
    CallerVerdict check(CallInfo call);
}
