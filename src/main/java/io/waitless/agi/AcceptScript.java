package io.waitless.agi;

import io.waitless.deflect.Consent;
import io.waitless.deflect.Deflector;
import io.waitless.deflect.Deflector.Acceptance;
import org.asteriskjava.fastagi.AgiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code AGI(…/accept,<queue>,<position>,<entered-epoch>,<promotion>,<WL_OFFER>)}, run when the caller pressed 1 and
 * left the queue through {@code context=}. Checks the number, sends the text while the caller hears
 * "one moment" (only if the gateway is not done within {@link #QUICK}), then confirms or apologises. The
 * dialplan puts the caller back in the queue in the same place whatever happens here.
 *
 * <p>The send runs on its own virtual thread, so a caller who hangs up does not stop a text that is
 * already on its way, and its result is journaled either way.
 */
public final class AcceptScript extends DeflectorScript {
    public static final String NAME = "accept";
    /** If the gateway answers within this, the caller hears the confirmation without a "one moment". */
    static final Duration QUICK = Duration.ofMillis(400);
    private static final Logger log = LoggerFactory.getLogger(AcceptScript.class);

    private final Duration smsTimeout;

    public AcceptScript(Deflector deflector, Duration deadline, Duration smsTimeout) {
        super(NAME, deflector, deadline);
        this.smsTimeout = smsTimeout;
    }

    @Override
    public String run(AgiCall call) throws AgiException {
        String queue = call.arg(1);
        String position = call.arg(2);
        Optional<Instant> entered = epochSeconds(call.arg(3));
        String promotion = call.arg(4);
        boolean offered = !call.arg(5).equals("no"); // empty (an older dialplan): the offer class was playing
        Acceptance acceptance = deflector.accept(call.info(), queue, promotion, entered, position, Consent.Via.DTMF,
                offered);
        return sendAndConfirm(deflector, smsTimeout, call, acceptance);
    }

    /**
     * Tells the caller the outcome of an accepted offer: the apology for a refusal; otherwise sends the text
     * on its own virtual thread ("one moment" when the gateway takes longer than {@link #QUICK}), sets
     * {@code WL_DEFLECTION}, and confirms or apologises. Shared with the spoken offer.
     *
     * @return the script status: {@code no-sms}, {@code sent} or {@code sms-failed}
     */
    static String sendAndConfirm(Deflector deflector, Duration smsTimeout, AgiCall call, Acceptance acceptance)
            throws AgiException {
        if (acceptance instanceof Acceptance.Refused refused) {
            call.play(refused.reason().equals("link-store-unavailable") ? Prompts.SMS_FAILED : Prompts.NO_SMS, "");
            return "no-sms";
        }
        Acceptance.Ready ready = (Acceptance.Ready) acceptance;
        CompletableFuture<Deflector.Sent> sending = new CompletableFuture<>();
        Thread.ofVirtual().name("sms-" + ready.deflection().id()).start(() -> {
            try {
                sending.complete(deflector.send(ready));
            } catch (RuntimeException e) {
                sending.completeExceptionally(e);
            }
        });
        call.set("WL_DEFLECTION", ready.deflection().id());
        Deflector.Sent sent = await(sending, QUICK);
        if (sent == null) {
            call.play(Prompts.SENDING, "");
            sent = await(sending, smsTimeout.plusSeconds(1));
        }
        if (sent != null && sent.ok()) {
            call.play(Prompts.SMS_SENT, "");
            return "sent";
        }
        call.play(Prompts.SMS_FAILED, "");
        return "sms-failed";
    }

    private static Deflector.Sent await(CompletableFuture<Deflector.Sent> f, Duration wait) {
        try {
            return f.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            log.warn("sending the text failed unexpectedly: {}", e.getCause().toString(), e.getCause());
            return new Deflector.Sent(false, e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static Optional<Instant> epochSeconds(String s) {
        if (!s.matches("\\d{1,12}")) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochSecond(Long.parseLong(s)));
    }
}
