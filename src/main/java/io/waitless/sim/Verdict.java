package io.waitless.sim;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A benchmark's targets, each checked and printed as a {@code PASS}/{@code FAIL} line, then {@code RESULT: PASS} only
 * when every one was met (the command then exits 0, else 1). Not thread-safe.
 */
public final class Verdict {
    private final List<String> lines = new ArrayList<>();
    private boolean ok = true;

    /** Records one target: {@code what} says the figure and the target, e.g. {@code p99 3.1 ms ≤ 20 ms}. */
    public Verdict check(boolean met, String what) {
        lines.add((met ? "PASS  " : "FAIL  ") + what);
        ok &= met;
        return this;
    }

    public boolean ok() {
        return ok;
    }

    /** Prints every target's line and the result; returns the exit code (0 met, 1 missed). */
    public int print(PrintWriter out) {
        lines.forEach(out::println);
        out.println("RESULT: " + (ok ? "PASS" : "FAIL"));
        out.flush();
        return ok ? 0 : 1;
    }
}
