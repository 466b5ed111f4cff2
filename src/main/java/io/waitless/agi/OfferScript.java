package io.waitless.agi;

import io.waitless.deflect.Consent;
import io.waitless.deflect.Deflector;
import io.waitless.voice.OfferQuestion;
import io.waitless.voice.PromptAudio;
import io.waitless.voice.VoiceDialog;
import io.waitless.voice.VoiceException;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiHangupException;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code AGI(…/offer,<queue>,<position>,<entered-epoch>,<promotion>,<WL_OFFER>,<offers so far>,<WL_HEARD>,<WL_INTENT>)}:
 * the spoken
 * offer of timed-offer mode, run after the node took the caller out of the queue (AMI
 * {@code QueueWithdrawCaller}). Plays the caller's promotion and "press 1 or just say yes" over AudioSocket and
 * listens once; a spoken yes or key 1 accepts, and the text goes out as in {@code accept}. Anything else —
 * no, a request for an agent, silence, a failing audio path — is logged as {@code offer.declined}, and the
 * dialplan puts the caller back in the queue in the same place whatever happens here. After a yes the next
 * offer is of another promotion, without "press 1"; after a no, of another promotion
 * ({@link AcceptScript#moveOn}), and the no is remembered for that promotion's {@code do-not-re-offer} rest.
 *
 * <p>Without speech (no recognizer, or the clips not built) the promotion clip is played with key 1 as the
 * only way to accept. A caller who cannot get a text ({@code WL_OFFER=no}) hears the no-offer clip.
 */
public final class OfferScript extends DeflectorScript {
    public static final String NAME = "offer";
    /** How long a caller who heard the clip without speech has to press 1. */
    static final Duration KEY_WAIT = Duration.ofSeconds(4);
    /** Time kept back for the confirmation after listening. */
    static final Duration AFTER_LISTENING = Duration.ofSeconds(3);

    /** Asking by voice: the question and where its clips come from. */
    public record Speaking(OfferQuestion question, PromptAudio prompts) {
        public Speaking {
            Objects.requireNonNull(question, "question");
            Objects.requireNonNull(prompts, "prompts");
        }
    }

    private final Duration smsTimeout;
    private final Optional<Speaking> speaking;

    public OfferScript(Deflector deflector, Duration deadline, Duration smsTimeout, Optional<Speaking> speaking) {
        super(NAME, deflector, deadline);
        this.smsTimeout = Objects.requireNonNull(smsTimeout, "smsTimeout");
        this.speaking = Objects.requireNonNull(speaking, "speaking");
    }

    @Override
    public String run(AgiCall call) throws AgiException {
        String queue = call.arg(1);
        String position = call.arg(2);
        Optional<Instant> entered = AcceptScript.epochSeconds(call.arg(3));
        String promotion = call.arg(4);
        if (queue.isEmpty() || promotion.isEmpty()) {
            return "bad-arguments";
        }
        if (call.arg(5).equals("no")) {
            call.play("waitless/promo-" + promotion + "-nooffer", "");
            return "no-offer";
        }
        deflector.offering(call.info(), queue, promotion, entered, call.arg(6));
        Optional<OfferQuestion.Reply> heard = spoken(call, promotion);
        OfferQuestion.Reply reply = heard.isPresent() ? heard.get() : byKeys(call, promotion);
        if (reply.accepted()) {
            Consent.Via via = reply.via().equals("speech") ? Consent.Via.SPEECH : Consent.Via.DTMF;
            String status = AcceptScript.sendAndConfirm(deflector, smsTimeout, call,
                    deflector.acceptSpoken(call.info(), queue, promotion, position, via,
                            call.arg(8).isBlank() ? Optional.empty() : Optional.of(call.arg(8).strip())));
            AcceptScript.moveOn(deflector, call, queue, promotion, call.arg(7), call.arg(8), false);
            return status;
        }
        deflector.declined(call.info(), queue, promotion, reply.answer(), reply.via(), reply.transcript());
        if (reply.kind() == VoiceDialog.Answer.Kind.HANGUP) {
            throw new AgiHangupException();
        }
        if (reply.answer().equals("no")) {
            AcceptScript.moveOn(deflector, call, queue, promotion, call.arg(7), call.arg(8), true);
        }
        return "declined";
    }

    /** The offer by voice; empty when it cannot be made that way (then keys are the fallback). */
    private Optional<OfferQuestion.Reply> spoken(AgiCall call, String promotion) throws AgiException {
        if (speaking.isEmpty()) {
            return Optional.empty();
        }
        String language = call.info().language();
        Optional<short[]> clip = speaking.get().prompts().clip(language, "promo-" + promotion);
        Optional<short[]> ask = speaking.get().prompts().clip(language, OfferQuestion.PROMPT);
        if (clip.isEmpty() || ask.isEmpty()) {
            return Optional.empty();
        }
        Duration budget = deadline().minus(smsTimeout).minus(AFTER_LISTENING);
        if (budget.compareTo(Duration.ofSeconds(2)) < 0) {
            budget = Duration.ofSeconds(2);
        }
        try {
            OfferQuestion.Reply reply = speaking.get().question().ask(call::audioSocket, concat(clip.get(), ask.get()),
                    budget);
            return reply.kind() == VoiceDialog.Answer.Kind.NO_AUDIO ? Optional.empty() : Optional.of(reply);
        } catch (VoiceException e) {
            if (e.getCause() instanceof AgiHangupException hangup) {
                throw hangup;
            }
            return Optional.empty();
        }
    }

    private static OfferQuestion.Reply byKeys(AgiCall call, String promotion) throws AgiException {
        Optional<Character> key = call.play("waitless/promo-" + promotion, "1");
        if (key.isEmpty()) {
            key = call.waitForDigit(KEY_WAIT);
        }
        return key.map(k -> new OfferQuestion.Reply(k == '1' ? io.waitless.intent.Consent.YES : io.waitless.intent.Consent.NO,
                        "dtmf", "", VoiceDialog.Answer.Kind.DTMF))
                .orElseGet(() -> new OfferQuestion.Reply(io.waitless.intent.Consent.UNKNOWN, "none", "",
                        VoiceDialog.Answer.Kind.SILENT));
    }

    private static short[] concat(short[] a, short[] b) {
        short[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
