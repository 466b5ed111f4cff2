package io.waitless.voice;

import io.waitless.intent.Consent;
import io.waitless.intent.ConsentClassifier;
import io.waitless.voice.VoiceDialog.Answer;
import io.waitless.voice.VoiceDialog.Question;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The spoken offer: the promotion, "press 1 or just say yes", then listening once. A key {@code 1} or a
 * spoken yes accepts; anything else declines (the caller simply goes back to the queue). Thread-safe.
 */
public final class OfferQuestion {
    public static final String PROMPT = "offer-voice";

    /** What callers answer to an offer; the recognizer listens for these (yes, no, asking for a person). */
    public static final List<String> PHRASES = List.of(
            "yes", "yes please", "yeah", "yep", "sure", "okay", "ok", "of course", "go ahead", "text me",
            "send it", "send me the link", "send me a text", "yes text me", "sure text me", "please do",
            "no", "no thanks", "no thank you", "nope", "not now", "i will wait", "i'll wait", "don't text me",
            "agent", "a person", "i want a person", "i want to talk to someone", "representative",
            "let me talk to an agent", "operator");

    /** The caller's answer and how it was given. */
    public record Reply(Consent consent, String via, String transcript, Answer.Kind kind) {
        public boolean accepted() {
            return consent == Consent.YES;
        }

        /** {@code no}, {@code agent}, {@code unclear}, {@code silent}, {@code hangup}, {@code no-audio}, {@code yes}. */
        public String answer() {
            return switch (kind) {
                case HANGUP -> "hangup";
                case NO_AUDIO -> "no-audio";
                case SILENT -> "silent";
                default -> consent == Consent.UNKNOWN ? "unclear" : consent.name().toLowerCase(java.util.Locale.ROOT);
            };
        }
    }

    private final VoiceDialog dialog;
    private final ConsentClassifier classifier;

    public OfferQuestion(VoiceDialog dialog, ConsentClassifier classifier) {
        this.dialog = Objects.requireNonNull(dialog, "dialog");
        this.classifier = Objects.requireNonNull(classifier, "classifier");
    }

    /** Plays {@code prompt} (the promotion and the spoken offer) and waits for the answer. */
    public Reply ask(VoiceDialog.AudioSocketExec exec, short[] prompt, Duration deadline) {
        List<Answer> answers = dialog.ask(exec, List.of(new Question(PROMPT, prompt, PHRASES)), a -> true, deadline);
        Answer a = answers.isEmpty() ? Answer.noAudio("no-answer") : answers.getLast();
        return reply(a);
    }

    Reply reply(Answer a) {
        return switch (a.kind()) {
            case DTMF -> new Reply(a.digit().filter(d -> d == '1').isPresent() ? Consent.YES : Consent.NO, "dtmf",
                    "", a.kind());
            case SPOKE -> new Reply(classifier.classify(a.transcript()), "speech", a.transcript(), a.kind());
            default -> new Reply(Consent.UNKNOWN, "none", "", a.kind());
        };
    }
}
