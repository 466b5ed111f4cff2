package io.waitless.voice;

import io.waitless.audiosocket.AudioSocketRegistry;
import io.waitless.audiosocket.AudioSocketServer;
import io.waitless.audiosocket.AudioSocketSettings;
import io.waitless.audiosocket.Frame;
import io.waitless.audiosocket.FrameDecoder;
import io.waitless.audiosocket.FrameEncoder;
import io.waitless.sim.SimulatedAudioCaller;
import io.waitless.sim.SimulatedAudioCaller.Reply;
import io.waitless.speech.SpeechException;
import io.waitless.speech.SpeechListener;
import io.waitless.speech.SpeechRecognizer;
import io.waitless.speech.SpeechSession;
import io.waitless.speech.Transcript;
import io.waitless.voice.VoiceDialog.Answer;
import io.waitless.voice.VoiceDialog.Question;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The listening window over a real AudioSocket server on loopback, with a recognizer that reports how much
 * audio it was given (the recognition itself is tested in the speech package and end to end in SpokenIntentIT).
 */
class VoiceDialogTest {
    private static final short[] PROMPT = tone(8000 / 2, 3000); // 0.5 s
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final AudioSocketRegistry registry = new AudioSocketRegistry();
    private final CountingRecognizer recognizer = new CountingRecognizer();
    private AudioSocketServer server;
    private VoiceDialog dialog;

    @BeforeEach
    void start() throws IOException {
        server = new AudioSocketServer(AudioSocketSettings.loopback(0), registry).start();
        dialog = new VoiceDialog(registry, recognizer, new VoiceDialog.Settings("127.0.0.1:" + server.port(),
                Duration.ofMillis(800), Duration.ofMillis(400), Duration.ofSeconds(3), Duration.ofSeconds(2)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void speech_after_the_prompt_is_the_answer_and_ends_after_the_quiet() {
        short[] said = tone(8000, 4000); // 1 s of "speech"
        List<Answer> answers = dialog.ask(caller(new Reply.Say(said)), List.of(question()), a -> true, DEADLINE);

        assertThat(answers).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(Answer.Kind.SPOKE);
            assertThat(a.transcript()).isEqualTo("heard");
            assertThat(a.took()).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(4));
        });
        // a 440 Hz sine of amplitude 4000 is above 1000 in about 84 % of its samples: all of it was fed
        assertThat(recognizer.loudSamples.get()).isGreaterThanOrEqualTo(6500);
    }

    @Test
    void a_key_press_is_the_answer_at_once() {
        List<Answer> answers = dialog.ask(caller(new Reply.Press('1')), List.of(question(), question()), a -> false,
                DEADLINE);

        assertThat(answers).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(Answer.Kind.DTMF);
            assertThat(a.digit()).contains('1');
        });
    }

    @Test
    void a_silent_caller_is_asked_each_question_and_each_ends_after_the_no_speech_window() {
        long t0 = System.nanoTime();
        List<Answer> answers = dialog.ask(caller(), List.of(question(), question()), a -> false, DEADLINE);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(answers).extracting(Answer::kind).containsExactly(Answer.Kind.SILENT, Answer.Kind.SILENT);
        // two prompts of 0.5 s and two windows of 0.8 s, and not much more
        assertThat(took).isBetween(Duration.ofMillis(2600), Duration.ofMillis(4500));
    }

    @Test
    void when_asterisk_never_connects_the_answer_is_no_audio_without_waiting_for_the_windows() {
        long t0 = System.nanoTime();
        List<Answer> answers = dialog.ask((id, address) -> -1, List.of(question()), a -> true, DEADLINE);

        assertThat(answers).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(Answer.Kind.NO_AUDIO);
            assertThat(a.detail()).isEqualTo("audiosocket-failed");
        });
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(2500));
        assertThat(registry.find(java.util.UUID.randomUUID())).isEmpty();
    }

    @Test
    void a_recognizer_that_cannot_open_gives_no_audio_and_the_call_goes_on() {
        recognizer.failOpen = true;
        List<Answer> answers = dialog.ask(caller(new Reply.Say(tone(4000, 4000))), List.of(question()), a -> true,
                DEADLINE);

        assertThat(answers).singleElement().satisfies(a -> assertThat(a.kind()).isEqualTo(Answer.Kind.NO_AUDIO));
    }

    @Test
    void a_caller_who_hangs_up_ends_the_dialogue() {
        List<Answer> answers = dialog.ask((id, address) -> {
            try (Socket s = connect(address)) {
                s.getOutputStream().write(FrameEncoder.encode(new Frame.Uuid(id)));
                Thread.sleep(200);
            }
            return -1;
        }, List.of(question(), question()), a -> false, DEADLINE);

        assertThat(answers).singleElement().satisfies(a -> assertThat(a.kind()).isEqualTo(Answer.Kind.HANGUP));
    }

    @Test
    void speech_during_the_prompt_stops_it() {
        AtomicLong loudFromServerAfterSpeech = new AtomicLong();
        short[] longPrompt = tone(8000 * 3, 3000); // 3 s
        List<Answer> answers = dialog.ask((id, address) -> {
            try (Socket s = connect(address)) {
                s.getOutputStream().write(FrameEncoder.encode(new Frame.Uuid(id)));
                FrameDecoder in = new FrameDecoder(s.getInputStream());
                long speakingSince = 0;
                int sent = 0;
                while (true) {
                    Frame f = in.read();
                    if (f == null || f instanceof Frame.Hangup) {
                        return 0;
                    }
                    if (f instanceof Frame.Audio a) {
                        sent++;
                        if (sent == 10) { // 200 ms into the prompt the caller starts talking for 1 s
                            speakingSince = System.nanoTime();
                        }
                        boolean talking = speakingSince > 0 && System.nanoTime() - speakingSince < 1_000_000_000L;
                        s.getOutputStream().write(FrameEncoder.encode(Frame.Audio.of(talking ? tone(160, 4000)
                                : new short[160])));
                        if (speakingSince > 0 && System.nanoTime() - speakingSince > 300_000_000L
                                && Arrays.stream(toInts(a.samples())).anyMatch(v -> Math.abs(v) > 100)) {
                            loudFromServerAfterSpeech.incrementAndGet();
                        }
                    }
                }
            }
        }, List.of(new Question("long", longPrompt, List.of("yes"))), a -> true, DEADLINE);

        assertThat(answers).singleElement().satisfies(a -> assertThat(a.kind()).isEqualTo(Answer.Kind.SPOKE));
        assertThat(loudFromServerAfterSpeech.get()).as("prompt frames sent 300 ms after the caller began").isZero();
    }

    private static Question question() {
        return new Question("q", PROMPT, List.of("yes", "no"));
    }

    private static VoiceDialog.AudioSocketExec caller(Reply... replies) {
        return new SimulatedAudioCaller(List.of(replies), Duration.ofSeconds(15))::run;
    }

    private static Socket connect(String address) throws IOException {
        int colon = address.lastIndexOf(':');
        return new Socket(InetAddress.getByName(address.substring(0, colon)), Integer.parseInt(address.substring(colon + 1)));
    }

    private static short[] tone(int samples, int amplitude) {
        short[] s = new short[samples];
        for (int i = 0; i < samples; i++) {
            s[i] = (short) (amplitude * Math.sin(2 * Math.PI * 440 * i / 8000.0));
        }
        return s;
    }

    private static int[] toInts(short[] s) {
        int[] out = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = s[i];
        }
        return out;
    }

    /** Counts the loud samples it was fed; says "heard" when there were any. */
    private static final class CountingRecognizer implements SpeechRecognizer {
        final AtomicInteger loudSamples = new AtomicInteger();
        volatile boolean failOpen;

        @Override
        public SpeechSession open(List<String> phrases, SpeechListener listener) {
            if (failOpen) {
                throw new SpeechException("no engine free within 10 s");
            }
            return new SpeechSession() {
                int total;
                int loud;

                @Override
                public void accept(short[] slin8k) {
                    total += slin8k.length;
                    for (short v : slin8k) {
                        if (Math.abs(v) > 1000) {
                            loud++;
                        }
                    }
                }

                @Override
                public Transcript end() {
                    loudSamples.addAndGet(loud);
                    return new Transcript(loud > 0 ? "heard" : "", loud > 0 ? 0.9 : 0,
                            Duration.ofMillis(total / 8), Duration.ZERO);
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public void close() {
        }
    }
}
