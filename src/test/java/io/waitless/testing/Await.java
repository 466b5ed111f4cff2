package io.waitless.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds, failing the test with what was awaited once the deadline passes. */
public final class Await {
    private Await() {
    }

    /** Checks {@code done} every 50 ms; throws an {@link AssertionError} naming {@code what} after {@code max}. */
    public static void until(BooleanSupplier done, Duration max, String what) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("waited " + max.toSeconds() + " s for " + what);
            }
            Thread.sleep(50);
        }
    }
}
