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
 * {@code AGI(…/accept,<queue>,<position>,<entered-epoch>,<promotion>,<WL_OFFER>,<WL_HEARD>,<WL_INTENT>)}, run when the
 * caller pressed 1 and left the queue through {@code context=}. Checks the number, sends the text while the
 * caller hears "one moment" (only if the gateway is not done within {@link #QUICK}), then confirms or
 * apologises, and moves the caller's hold audio on to a promotion they have not heard, without "press 1"
 * ({@link #moveOn}). The dialplan puts the caller back in the queue in the same place whatever happens here.
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
                offered, call.arg(7).isBlank() ? Optional.empty() : Optional.of(call.arg(7).strip()));
        String status = sendAndConfirm(deflector, smsTimeout, call, acceptance);
        moveOn(deflector, call, queue, promotion, call.arg(6), call.arg(7), false);
        return status;
    }

    /**
     * After an offer was taken up or turned down, the caller goes back to the queue hearing something new: the
     * next promotion that suits them and that they have not heard in this call ({@code WL_HEARD}) nor declined
     * recently. Without a text offer ({@code offerClass} false, after they took or tried a text): its no-offer
     * class, or the no-offer class of the promotion they had when none is left, so "press 1" is not repeated.
     * With {@code offerClass} (they said no to one offer): its offer class; none left, the hold audio stays.
     * Sets {@code CHANNEL(musicclass)}, {@code WL_PROMO}, {@code WL_OFFER} and {@code WL_HEARD}.
     *
     * @param heardArg  {@code WL_HEARD}: promotion ids heard so far, comma-separated (empty from an older dialplan)
     * @param intentArg {@code WL_INTENT}: the caller's spoken intent, or empty
     */
    static void moveOn(Deflector deflector, AgiCall call, String queue, String promotion, String heardArg,
                       String intentArg, boolean offerClass) throws AgiException {
        if (call.hungUp() || queue.isEmpty()) {
            return;
        }
        java.util.Set<String> heard = new java.util.LinkedHashSet<>();
        for (String id : heardArg.split(",")) {
            if (!id.isBlank()) {
                heard.add(id.strip());
            }
        }
        if (!promotion.isEmpty()) {
            heard.add(promotion);
        }
        Optional<io.waitless.deflect.Promotion> next = deflector.next(call.info(), queue, heard,
                intentArg.isBlank() ? Optional.empty() : Optional.of(intentArg.strip()));
        if (next.isPresent()) {
            io.waitless.deflect.Promotion p = next.get();
            heard.add(p.id());
            call.set("CHANNEL(musicclass)", offerClass ? p.mohClass() : p.noOfferMohClass());
            call.set("WL_PROMO", p.id());
            call.set("WL_HEARD", String.join(",", heard));
            if (!offerClass) {
                call.set("WL_OFFER", "no");
            }
        } else if (!offerClass && !promotion.isEmpty()) {
            call.set("CHANNEL(musicclass)", io.waitless.deflect.Promotion.noOfferMohClass(promotion));
            call.set("WL_OFFER", "no");
        }
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
