package io.waitless.voice;

import io.waitless.deflect.SpokenIntent;
import io.waitless.intent.Classification;
import io.waitless.intent.IntentClassifier;
import io.waitless.voice.VoiceDialog.Answer;
import io.waitless.voice.VoiceDialog.Question;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * "In a few words, what are you calling about?": asks once, asks again once when nothing usable was heard,
 * then gives up — the caller goes on to the queue either way. The answer is classified; below the
 * classifier's threshold it is {@link SpokenIntent.Outcome#UNCLEAR}, never a guess. Thread-safe.
 */
public final class IntentQuestion {
    public static final String ASK = "ask-intent";
    public static final String ASK_AGAIN = "ask-intent-retry";

    private final VoiceDialog dialog;
    private final IntentClassifier classifier;
    private final List<String> phrases;
    private final PromptAudio prompts;

    /**
     * @param listenFor what the recognizer should expect callers to say: the intents' phrases, synonyms and
     *                  examples (see {@code WaitlessConfig.Intents#vocabulary})
     * @param prompts   where the {@value #ASK} and {@value #ASK_AGAIN} clips come from
     */
    public IntentQuestion(VoiceDialog dialog, IntentClassifier classifier, List<String> listenFor, PromptAudio prompts) {
        this.dialog = Objects.requireNonNull(dialog, "dialog");
        this.classifier = Objects.requireNonNull(classifier, "classifier");
        this.phrases = List.copyOf(listenFor);
        if (phrases.isEmpty()) {
            throw new IllegalArgumentException("no intent phrases to listen for");
        }
        this.prompts = Objects.requireNonNull(prompts, "prompts");
    }

    /**
     * Loads the recognizer for this question's phrases in the background, on the audio of its own prompt (see
     * {@link VoiceDialog#warmUp}); does nothing while the prompt is not built.
     */
    public IntentQuestion warmUp() {
        prompts.clip(io.waitless.prompts.PromptBuilder.LANGUAGE, ASK).ifPresent(audio -> dialog.warmUp(phrases, audio));
        return this;
    }

    /**
     * Asks (in the caller's {@code language}, or the default) and classifies. Never throws for the audio path
     * (see {@link VoiceDialog#ask}); without the prompt clips nobody is asked ({@code no-audio}).
     *
     * @throws VoiceException when AudioSocket could not be run at all (e.g. the caller hung up)
     */
    public SpokenIntent ask(VoiceDialog.AudioSocketExec exec, String language, Duration deadline) {
        long start = System.nanoTime();
        Optional<short[]> ask = prompts.clip(language, ASK);
        Optional<short[]> askAgain = prompts.clip(language, ASK_AGAIN);
        if (ask.isEmpty()) {
            return SpokenIntent.notRecognized(SpokenIntent.Outcome.NO_AUDIO, 0, "", 1, Duration.ZERO);
        }
        List<Question> questions = askAgain.isPresent()
                ? List.of(new Question(ASK, ask.get(), phrases), new Question(ASK_AGAIN, askAgain.get(), phrases))
                : List.of(new Question(ASK, ask.get(), phrases));
        List<Answer> answers = dialog.ask(exec, questions, a -> classifier.classify(a.transcript()).known(), deadline);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        return judge(answers, took);
    }

    /** What the answers amount to: the last spoken one decides; a key, a hang-up or no audio ends it. */
    SpokenIntent judge(List<Answer> answers, Duration took) {
        int attempts = Math.max(1, answers.size());
        Answer last = answers.isEmpty() ? Answer.noAudio("no-answer") : answers.getLast();
        List<Answer> spoken = new ArrayList<>(answers.stream().filter(a -> a.kind() == Answer.Kind.SPOKE).toList());
        if (last.kind() == Answer.Kind.SPOKE || last.kind() == Answer.Kind.SILENT && !spoken.isEmpty()) {
            Answer heard = last.kind() == Answer.Kind.SPOKE ? last : spoken.getLast();
            Classification c = classifier.classify(heard.transcript());
            if (c.known()) {
                String intent = c.intent().orElseThrow();
                return SpokenIntent.recognized(intent, classifier.flowOf(intent), c.score(), heard.transcript(),
                        attempts, took);
            }
            return SpokenIntent.notRecognized(SpokenIntent.Outcome.UNCLEAR, c.score(), heard.transcript(), attempts,
                    took);
        }
        SpokenIntent.Outcome outcome = switch (last.kind()) {
            case DTMF -> SpokenIntent.Outcome.DTMF;
            case HANGUP -> SpokenIntent.Outcome.HANGUP;
            case NO_AUDIO -> SpokenIntent.Outcome.NO_AUDIO;
            default -> SpokenIntent.Outcome.SILENT;
        };
        return SpokenIntent.notRecognized(outcome, 0, "", attempts, took);
    }
}
