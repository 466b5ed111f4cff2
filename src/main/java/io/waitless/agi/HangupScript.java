package io.waitless.agi;

import io.waitless.deflect.Deflector;

import java.time.Duration;

/**
 * {@code AGI(…/hangup,<queue>,<WL_STATE>,<ANSWEREDTIME>,<WL_ENTERED>,<WL_PROMO>,<WL_DEFLECTION>,<HANGUPCAUSE>,<WL_OFFER>)}
 * from the hangup handler. The channel is dead: only variable, verbose, noop and exec commands work, so
 * this script only journals the outcome from its arguments (passing them beats {@code GET VARIABLE}).
 */
public final class HangupScript extends DeflectorScript {
    public static final String NAME = "hangup";


    public HangupScript(Deflector deflector, Duration deadline) {
        super(NAME, deflector, deadline);
    }

    @Override
    public String run(AgiCall call) {
        long answered = call.arg(3).matches("\\d{1,9}") ? Long.parseLong(call.arg(3)) : 0;
        Deflector.Ending end = new Deflector.Ending(call.arg(1), call.arg(2), answered,
                AcceptScript.epochSeconds(call.arg(4)), call.arg(5), call.arg(6), call.arg(7),
                !call.arg(8).equals("no")); // empty (an older dialplan): the caller heard the offer class
        return deflector.ended(call.info(), end).wireName();
    }
}
