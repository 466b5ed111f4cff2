package io.waitless.agi;

import io.waitless.deflect.Deflector;
import io.waitless.deflect.Promotion;
import org.asteriskjava.fastagi.AgiException;

import java.time.Duration;

/**
 * {@code AGI(…/arrive,<queue>)}, before the caller first enters the queue: registers the call and sets the
 * caller's hold-audio class ({@code CHANNEL(musicclass)}) to their promotion — its offer class, or its
 * no-offer class when this caller cannot get a text — and {@code WL_PROMO} and {@code WL_OFFER} (yes/no).
 */
public final class ArriveScript extends DeflectorScript {
    public static final String NAME = "arrive";


    public ArriveScript(Deflector deflector, Duration deadline) {
        super(NAME, deflector, deadline);
    }

    @Override
    public String run(AgiCall call) throws AgiException {
        String queue = call.arg(1);
        if (queue.isEmpty()) {
            return "bad-arguments";
        }
        Deflector.Arrival arrival = deflector.arrive(call.info(), queue);
        if (arrival.promotion().isEmpty()) {
            return "no-promotion";
        }
        Promotion p = arrival.promotion().get();
        call.set("CHANNEL(musicclass)", arrival.holdAudioClass().orElseThrow());
        call.set("WL_PROMO", p.id());
        call.set("WL_OFFER", arrival.offerable() ? "yes" : "no");
        return "ok";
    }
}
