package io.waitless.agi;

import io.waitless.deflect.Deflector;

import java.time.Duration;
import java.util.Objects;

/** What the three call-flow scripts share: a name from the dialplan, a deadline, and the deflector they ask. */
abstract class DeflectorScript implements WaitlessScript {
    protected final Deflector deflector;
    private final String name;
    private final Duration deadline;

    DeflectorScript(String name, Deflector deflector, Duration deadline) {
        this.name = name;
        this.deflector = Objects.requireNonNull(deflector, "deflector");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Duration deadline() {
        return deadline;
    }
}
