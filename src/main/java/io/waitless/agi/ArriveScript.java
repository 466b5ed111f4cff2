package io.waitless.agi;

import io.waitless.deflect.Deflector;
import io.waitless.deflect.Promotion;
import io.waitless.deflect.SpokenIntent;
import io.waitless.voice.IntentQuestion;
import io.waitless.voice.VoiceException;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiHangupException;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@code AGI(…/arrive,<queue>)}, before the caller first enters the queue: registers the call and sets the
 * caller's hold-audio class ({@code CHANNEL(musicclass)}) to their promotion — its offer class, or its
 * no-offer class when this caller cannot get a text — and {@code WL_PROMO} and {@code WL_OFFER} (yes/no).
 *
 * <p>With {@link Asking} for the caller's queue it first asks "in a few words, what are you calling about?"
 * over AudioSocket (once, again once if the answer was silent or unclear); a recognised intent picks the
 * promotion of its flow and is set in {@code WL_INTENT}. Whatever happens there — silence, no audio path, a
 * failing recognizer — the caller goes on to the queue as usual.
 */
public final class ArriveScript extends DeflectorScript {
    public static final String NAME = "arrive";
    /** Time left for the rest of the script after asking (the deflector, the variables). */
    static final Duration AFTER_ASKING = Duration.ofSeconds(3);

    /** Asking callers why they call: the question and the queues it is asked in. */
    public record Asking(IntentQuestion question, Predicate<String> queues) {
        public Asking {
            Objects.requireNonNull(question, "question");
            Objects.requireNonNull(queues, "queues");
        }
    }

    private final Optional<Asking> asking;

    public ArriveScript(Deflector deflector, Duration deadline) {
        this(deflector, deadline, Optional.empty());
    }

    public ArriveScript(Deflector deflector, Duration deadline, Optional<Asking> asking) {
        super(NAME, deflector, deadline);
        this.asking = Objects.requireNonNull(asking, "asking");
    }

    @Override
    public String run(AgiCall call) throws AgiException {
        String queue = call.arg(1);
        if (queue.isEmpty()) {
            return "bad-arguments";
        }
        Optional<SpokenIntent> said = Optional.empty();
        if (asking.isPresent() && asking.get().queues().test(queue)) {
            said = Optional.of(ask(call, asking.get().question()));
        }
        Deflector.Arrival arrival = deflector.arrive(call.info(), queue, said);
        if (!arrival.language().equals(call.info().language())) {
            // Asterisk then plays waitless/<id> (and its own queue announcements) from sounds/<language>/
            call.set("CHANNEL(language)", arrival.language());
        }
        Optional<String> intent = said.flatMap(SpokenIntent::intent);
        if (intent.isPresent()) {
            call.set("WL_INTENT", intent.get());
        }
        if (arrival.promotion().isEmpty()) {
            return "no-promotion";
        }
        Promotion p = arrival.promotion().get();
        call.set("CHANNEL(musicclass)", arrival.holdAudioClass().orElseThrow());
        call.set("WL_PROMO", p.id());
        call.set("WL_OFFER", arrival.offerable() ? "yes" : "no");
        return "ok";
    }

    private SpokenIntent ask(AgiCall call, IntentQuestion question) throws AgiException {
        Duration budget = deadline().minus(AFTER_ASKING);
        if (budget.compareTo(Duration.ofSeconds(1)) < 0) {
            budget = Duration.ofSeconds(1);
        }
        try {
            return question.ask(call::audioSocket, call.info().language(), budget);
        } catch (VoiceException e) {
            if (e.getCause() instanceof AgiHangupException hangup) {
                throw hangup;
            }
            return SpokenIntent.notRecognized(SpokenIntent.Outcome.NO_AUDIO, 0, "", 1, Duration.ZERO);
        }
    }
}
