package io.waitless;

import io.waitless.call.CallEvent;
import io.waitless.call.EventType;
import io.waitless.config.ConfigLoader;
import io.waitless.config.WaitlessConfig;
import io.waitless.prompts.FreeTtsSynthesizer;
import io.waitless.prompts.PromptBuilder;
import io.waitless.prompts.Wav;
import io.waitless.sim.AgiEnvironment;
import io.waitless.sim.SimulatedAudioCaller;
import io.waitless.sim.SimulatedAudioCaller.Reply;
import io.waitless.sim.SimulatedChannel;
import io.waitless.testing.RedisServer;
import io.waitless.testing.TestConfigs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The spoken-intent path end to end, with nothing faked but Asterisk: a node with the shipped intents and
 * promotions; a scripted Asterisk runs {@code arrive}, answers the node's {@code EXEC AudioSocket} by
 * connecting to its AudioSocket server and speaking FreeTTS audio (8 kHz, framed and paced as Asterisk does)
 * after each prompt; the embedded recognizer and the classifier pick the intent; the events land in Redis.
 */
class SpokenIntentIT {
    private static final String QUEUE = "support";
    private static final String NUMBER = "+972502345678";
    private static final AtomicLong UNIQUE = new AtomicLong(1795600000L);

    private static RedisServer redis;
    private static FreeTtsSynthesizer tts;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start();
        tts = FreeTtsSynthesizer.open("kevin", 150, 100);
    }

    @AfterAll
    static void stop() throws Exception {
        if (tts != null) {
            tts.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void a_caller_who_says_they_are_moving_hears_the_moving_promotion_and_the_intent_is_journaled() throws Exception {
        try (App app = App.start(config(), Clock.systemUTC())) {
            String id = nextId();
            SimulatedAudioCaller caller = new SimulatedAudioCaller(
                    List.of(new Reply.Say(speech("we are moving to a new apartment next month"))), Duration.ofSeconds(30));

            SimulatedChannel.Session s = arrive(app, id, caller);

            assertThat(s.status()).isEqualTo("ok");
            assertThat(s.commands()).anyMatch(c -> c.matches("EXEC \"?AudioSocket\"? \"?[0-9a-f-]{36},127\\.0\\.0\\.1:\\d+\"?"));
            assertThat(s.variables()).containsEntry("WL_INTENT", "moving").containsEntry("WL_PROMO", "moving-online")
                    .containsEntry("CHANNEL(musicclass)", "waitless-moving-online");
            List<CallEvent> events = events(app, id);
            assertThat(events).extracting(e -> e.type().wireName()).containsSubsequence("call.arrived", "intent.recognized");
            assertThat(events).filteredOn(e -> e.type() == EventType.CALL_ARRIVED).singleElement()
                    .satisfies(e -> assertThat(e.attribute("intent")).isEqualTo("moving"));
            assertThat(events).filteredOn(e -> e.type() == EventType.INTENT_RECOGNIZED).singleElement()
                    .satisfies(e -> {
                        assertThat(e.attribute("intent")).isEqualTo("moving");
                        assertThat(e.attribute("flow")).isEqualTo("moving");
                        assertThat(e.attribute("transcript")).isNotBlank();
                        assertThat(Double.parseDouble(e.attribute("score"))).isGreaterThanOrEqualTo(0.48);
                        assertThat(e.attribute("attempts")).isEqualTo("1");
                    });
        }
    }

    @Test
    void a_caller_with_an_outage_is_recognised_from_audio_with_noise_at_20_db_snr() throws Exception {
        try (App app = App.start(config(), Clock.systemUTC())) {
            String id = nextId();
            short[] noisy = withNoise(speech("my internet keeps dropping"), 20, 11);
            SimulatedChannel.Session s = arrive(app, id,
                    new SimulatedAudioCaller(List.of(new Reply.Say(noisy)), Duration.ofSeconds(30)));

            assertThat(s.variables()).as("%s", events(app, id)).containsEntry("WL_INTENT", "outage")
                    .containsEntry("WL_PROMO", "outage-online");
            assertThat(events(app, id)).filteredOn(e -> e.type() == EventType.INTENT_RECOGNIZED).singleElement()
                    .satisfies(e -> assertThat(e.attribute("intent")).isEqualTo("outage"));
        }
    }

    @Test
    void a_silent_caller_is_asked_twice_then_goes_to_the_queue_without_an_intent() throws Exception {
        try (App app = App.start(config(), Clock.systemUTC())) {
            String id = nextId();
            SimulatedAudioCaller caller = new SimulatedAudioCaller(List.of(), Duration.ofSeconds(30));

            SimulatedChannel.Session s = arrive(app, id, caller);

            assertThat(s.status()).isEqualTo("ok");
            assertThat(s.variables()).doesNotContainKey("WL_INTENT").containsKey("WL_PROMO");
            assertThat(s.took()).isLessThan(Duration.ofSeconds(18));
            assertThat(events(app, id)).filteredOn(e -> e.type() == EventType.INTENT_UNKNOWN).singleElement()
                    .satisfies(e -> {
                        assertThat(e.attribute("outcome")).isEqualTo("silent");
                        assertThat(e.attribute("attempts")).isEqualTo("2");
                    });
        }
    }

    @Test
    void a_caller_heard_only_on_the_second_try_is_recognised_then() throws Exception {
        try (App app = App.start(config(), Clock.systemUTC())) {
            String id = nextId();
            SimulatedAudioCaller caller = new SimulatedAudioCaller(
                    List.of(new Reply.Silence(), new Reply.Say(speech("I want to pay my bill"))), Duration.ofSeconds(30));

            SimulatedChannel.Session s = arrive(app, id, caller);

            assertThat(s.variables()).containsEntry("WL_INTENT", "billing").containsEntry("WL_PROMO", "pay-in-app");
            assertThat(events(app, id)).filteredOn(e -> e.type() == EventType.INTENT_RECOGNIZED).singleElement()
                    .satisfies(e -> assertThat(e.attribute("attempts")).isEqualTo("2"));
        }
    }

    @Test
    void when_asterisk_cannot_open_the_audiosocket_the_caller_goes_on_at_once() throws Exception {
        try (App app = App.start(config(), Clock.systemUTC())) {
            String id = nextId();
            SimulatedChannel.Session s = SimulatedChannel.live().readTimeout(Duration.ofSeconds(20))
                    .audio((uuid, hostPort) -> -1) // e.g. the channel was not answered
                    .run("127.0.0.1", app.agiPort(), env(app, id));

            assertThat(s.status()).isEqualTo("ok");
            assertThat(s.variables()).containsKey("WL_PROMO");
            assertThat(s.took()).isLessThan(Duration.ofSeconds(4));
            assertThat(events(app, id)).filteredOn(e -> e.type() == EventType.INTENT_UNKNOWN).singleElement()
                    .satisfies(e -> assertThat(e.attribute("outcome")).isEqualTo("no-audio"));
        }
    }

    @Test
    void a_caller_who_presses_a_key_instead_of_speaking_is_not_asked_again() throws Exception {
        try (App app = App.start(config(), Clock.systemUTC())) {
            String id = nextId();
            SimulatedAudioCaller caller = new SimulatedAudioCaller(List.of(new Reply.Press('0')), Duration.ofSeconds(30));

            SimulatedChannel.Session s = arrive(app, id, caller);

            assertThat(s.status()).isEqualTo("ok");
            assertThat(caller.unused()).isEmpty();
            assertThat(events(app, id)).filteredOn(e -> e.type() == EventType.INTENT_UNKNOWN).singleElement()
                    .satisfies(e -> {
                        assertThat(e.attribute("outcome")).isEqualTo("dtmf");
                        assertThat(e.attribute("attempts")).isEqualTo("1");
                    });
        }
    }

    @Test
    void a_spoken_yes_to_a_timed_offer_sends_the_text_with_consent_by_speech() throws Exception {
        try (App app = App.start(config(), Clock.systemUTC())) {
            String id = nextId();
            SimulatedAudioCaller caller = new SimulatedAudioCaller(
                    List.of(new Reply.Say(speech("yes please text me"))), Duration.ofSeconds(30));

            SimulatedChannel.Session s = offer(app, id, caller);

            assertThat(s.status()).as("%s", events(app, id)).isEqualTo("sent");
            assertThat(s.variables()).containsKey("WL_DEFLECTION");
            assertThat(s.commands()).anyMatch(c -> c.contains("waitless/sms-sent"));
            List<CallEvent> events = events(app, id);
            assertThat(events).extracting(e -> e.type().wireName())
                    .containsSubsequence("offer.made", "offer.accepted", "sms.sent");
            // the hold audio of the stint before is counted as estimated offers; the spoken one exactly once
            assertThat(events).filteredOn(e -> e.type() == EventType.OFFER_MADE)
                    .filteredOn(e -> "true".equals(e.attribute("spoken"))).singleElement()
                    .satisfies(e -> assertThat(e.attribute("estimated")).isEqualTo("false"));
            assertThat(events).filteredOn(e -> e.type() == EventType.OFFER_ACCEPTED).singleElement()
                    .satisfies(e -> assertThat(e.attribute("via")).isEqualTo("speech"));
        }
    }

    @Test
    void a_spoken_no_thanks_declines_and_nothing_is_sent() throws Exception {
        try (App app = App.start(config(), Clock.systemUTC())) {
            String id = nextId();
            SimulatedAudioCaller caller = new SimulatedAudioCaller(
                    List.of(new Reply.Say(speech("no thanks"))), Duration.ofSeconds(30));

            // another caller than the other tests': a no is remembered (do-not-re-offer) across calls
            SimulatedChannel.Session s = offer(app, id, caller, "+972502345699");

            assertThat(s.status()).isEqualTo("declined");
            assertThat(s.variables()).doesNotContainKey("WL_DEFLECTION");
            List<CallEvent> events = events(app, id);
            assertThat(events).filteredOn(e -> e.type() == EventType.OFFER_DECLINED).singleElement()
                    .satisfies(e -> {
                        assertThat(e.attribute("answer")).isEqualTo("no");
                        assertThat(e.attribute("via")).isEqualTo("speech");
                    });
            assertThat(events).noneMatch(e -> e.type() == EventType.SMS_SENT || e.type() == EventType.OFFER_ACCEPTED);
            try (var redis = io.waitless.journal.RedisConnector.connect(app.config().redis())) {
                String key = app.config().redis().keyPrefix() + "declined:"
                        + App.numberPolicy(app.config(), Clock.systemUTC()).reference("+972502345699");
                assertThat(redis.hgetAll(key)).as("the no is remembered for 7 days").containsOnlyKeys("pay-in-app");
            }
        }
    }

    @Test
    void key_1_during_the_spoken_offer_accepts_as_dtmf() throws Exception {
        try (App app = App.start(config(), Clock.systemUTC())) {
            String id = nextId();
            SimulatedChannel.Session s = offer(app, id,
                    new SimulatedAudioCaller(List.of(new Reply.Press('1')), Duration.ofSeconds(30)));

            assertThat(s.status()).isEqualTo("sent");
            assertThat(events(app, id)).filteredOn(e -> e.type() == EventType.OFFER_ACCEPTED).singleElement()
                    .satisfies(e -> assertThat(e.attribute("via")).isEqualTo("dtmf"));
        }
    }

    private SimulatedChannel.Session offer(App app, String id, SimulatedAudioCaller caller) throws IOException {
        return offer(app, id, caller, NUMBER);
    }

    private SimulatedChannel.Session offer(App app, String id, SimulatedAudioCaller caller, String number)
            throws IOException {
        AgiEnvironment env = env(app, id, number).withScript("offer", List.of(QUEUE, "3",
                Long.toString(java.time.Instant.now().minusSeconds(95).getEpochSecond()), "pay-in-app", "yes", "1"),
                "waitless-timed-loop", "s", 7);
        return SimulatedChannel.live().readTimeout(Duration.ofSeconds(40)).audio(caller)
                .run("127.0.0.1", app.agiPort(), env);
    }

    private SimulatedChannel.Session arrive(App app, String id, SimulatedAudioCaller caller) throws IOException {
        return SimulatedChannel.live().readTimeout(Duration.ofSeconds(40)).audio(caller)
                .run("127.0.0.1", app.agiPort(), env(app, id));
    }

    private static AgiEnvironment env(App app, String id) {
        return env(app, id, NUMBER);
    }

    private static AgiEnvironment env(App app, String id, String number) {
        return new AgiEnvironment("127.0.0.1", app.agiPort(), "arrive", List.of(QUEUE), "PJSIP/trunk-" + id, id,
                number, "Dana", 0, "en", "waitless-in", QUEUE, 11);
    }

    private static List<CallEvent> events(App app, String id) {
        // recent() is oldest first, in stream order; events of the same millisecond keep that order
        return app.journal().recent(500).stream().filter(e -> e.callId().equals(id)).toList();
    }

    private static String nextId() {
        return UNIQUE.incrementAndGet() + ".1";
    }

    private short[] speech(String text) {
        short[] s = tts.speak(text);
        short[] padded = new short[s.length + 4000];
        System.arraycopy(s, 0, padded, 1600, s.length);
        return padded;
    }

    private static short[] withNoise(short[] speech, double snrDb, long seed) {
        java.util.Random rnd = new java.util.Random(seed);
        double power = Arrays.stream(toInts(speech)).mapToDouble(v -> (double) v * v).average().orElse(0);
        double noiseRms = Math.sqrt(power / Math.pow(10, snrDb / 10));
        short[] out = new short[speech.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, speech[i] + rnd.nextGaussian() * noiseRms));
        }
        return out;
    }

    private static int[] toInts(short[] s) {
        int[] out = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = s[i];
        }
        return out;
    }

    /** The shipped intents, flows and promotions on a test node, asking in every queue; the two clips built. */
    private WaitlessConfig config() throws IOException {
        WaitlessConfig shipped = new ConfigLoader().load(Path.of("config/waitless.yaml"));
        WaitlessConfig base = TestConfigs.config(dir, redis.uri());
        Path prompts = dir.resolve("prompts");
        Path clips = Files.createDirectories(PromptBuilder.clipDirectory(prompts, PromptBuilder.LANGUAGE));
        Map<String, String> texts = shipped.prompts().texts();
        for (String id : List.of("ask-intent", "ask-intent-retry", "offer-voice")) {
            Wav.write(clips.resolve(id + ".wav"), tts.speak(texts.get(id)));
        }
        Wav.write(clips.resolve("promo-pay-in-app.wav"), tts.speak("Pay your bill in the app, no fee."));
        WaitlessConfig.Prompts p = shipped.prompts();
        WaitlessConfig.Speech speech = new WaitlessConfig.Speech(WaitlessConfig.Speech.Engine.EMBEDDED,
                java.util.Optional.empty(), 2, true, List.of(), InetAddress.getLoopbackAddress(), 0, "",
                Duration.ofMillis(1500), Duration.ofMillis(700), Duration.ofSeconds(8), shipped.speech().adaptation(),
                shipped.speech().search(), base.agi().allow());
        return new WaitlessConfig(base.source(), base.company(),
                new WaitlessConfig.Agi(base.agi().bind(), 0, base.agi().allow(), Duration.ofSeconds(30),
                        base.agi().hangupDeadline()),
                base.http(), base.redis(), base.callers(), base.sms(), base.links(),
                new WaitlessConfig.Prompts(prompts, p.voice(), texts, p.holdMusic(), dir.resolve("moh"),
                        p.asteriskMohDirectory(), p.musicBetween(), p.rate(), p.pitch()),
                shipped.channels(), shipped.flows(), shipped.promotions(), shipped.queues(), base.budgets(),
                base.api(), base.hooks(), base.smsIn(), shipped.intents(), speech, WaitlessConfig.Timed.NONE);
    }
}
