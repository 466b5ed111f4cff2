package io.waitless.config;

import io.waitless.deflect.QueueSettings;
import io.waitless.config.WaitlessConfig.Speech;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the {@code speech} section: which engine recognises callers, the AudioSocket server Asterisk streams
 * their audio to, whether and where {@code arrive} asks "what are you calling about?", and the listening
 * windows. Absent: {@link Speech#defaults()} (embedded engine, asking off).
 */
final class SpeechReader {

    private SpeechReader() {
    }

    /**
     * @param agiAllow the FastAGI allowlist: the same Asterisk servers stream audio, so it is also the
     *                 AudioSocket allowlist unless {@code speech.audiosocket.allow} says otherwise
     */
    static Speech read(Section s, List<QueueSettings> queues, boolean intentsConfigured, List<Cidr> agiAllow) {
        Speech d = Speech.defaults().withAllow(agiAllow);
        if (!s.present()) {
            return d;
        }
        Speech.Engine engine = s.has("engine") ? Values.choice(s, "engine", Speech.Engine.class).orElse(d.engine())
                : d.engine();
        Optional<Path> model = s.scalar("vosk-model-path").filter(v -> !v.value().isBlank()).map(v -> Path.of(v.value()));
        if (engine == Speech.Engine.VOSK && model.isEmpty()) {
            s.problems().error(s.lineOf("engine"), s.key("engine"), "is vosk, so speech.vosk-model-path must name an"
                    + " unpacked Vosk model folder (e.g. vosk-model-small-en-us-0.15 from https://alphacephei.com/vosk/models)");
        }
        int engines = Values.integer(s, "engines", d.engines(), 1, 64);
        boolean ask = Values.bool(s, "ask-intent", d.askIntent());
        Set<String> known = queues.stream().map(QueueSettings::name).collect(Collectors.toCollection(java.util.TreeSet::new));
        List<String> askIn = s.scalars("ask-intent-queues").stream().map(q -> {
            if (!known.isEmpty() && !known.contains(q.value())) {
                s.problems().error(q.line(), q.key(), "names queue \"" + q.value() + "\", which is not configured"
                        + Suggestions.didYouMean(q.value(), known) + " (queues: " + String.join(", ", known) + ")");
            }
            return q.value();
        }).toList();
        if (ask && !intentsConfigured) {
            s.problems().error(s.lineOf("ask-intent"), s.key("ask-intent"),
                    "is true, but there is no intents section: give the intents callers may name");
        }
        Section a = s.section("audiosocket");
        InetAddress bind = a.scalar("bind").flatMap(v -> Values.convert(a.problems(), v, Values::address))
                .orElse(d.bind());
        int port = Values.integer(a, "port", d.port(), 0, 65_535);
        String address = a.scalar("address").filter(v -> !v.value().isBlank()).flatMap(v ->
                Values.convert(a.problems(), v, SpeechReader::hostPort)).orElse("");
        List<Cidr> allow = ConfigLoader.allow(a, d.allow());
        if (bind.isAnyLocalAddress() && address.isEmpty()) {
            a.problems().error(a.lineOf("bind"), a.key("bind"), "listens on every address, so speech.audiosocket.address"
                    + " must say which host:port Asterisk connects to");
        }
        Duration noSpeech = Values.duration(s, "no-speech", d.noSpeech(), Duration.ofMillis(500), Duration.ofSeconds(20));
        Duration endSilence = Values.duration(s, "end-silence", d.endSilence(), Duration.ofMillis(200), Duration.ofSeconds(5));
        Duration maxUtterance = Values.duration(s, "max-utterance", d.maxUtterance(), Duration.ofSeconds(1), Duration.ofSeconds(30));
        Optional<Path> adaptation = s.scalar("adaptation").filter(v -> !v.value().isBlank()).flatMap(v -> {
            Path p = Path.of(v.value());
            if (!Files.isRegularFile(p)) {
                s.problems().error(v.line(), v.key(), "names " + p + ", which is not a file (relative paths start at the"
                        + " working directory " + Path.of("").toAbsolutePath() + "; make one with 'waitless speech adapt')");
                return Optional.empty();
            }
            if (engine == Speech.Engine.VOSK) {
                s.problems().error(v.line(), v.key(), "adapts the embedded engine only; the vosk engine does not use it");
            }
            return Optional.of(p);
        });
        Speech.Search search = s.has("search") ? Values.choice(s, "search", Speech.Search.class).orElse(d.search())
                : d.search();
        return new Speech(engine, model, engines, ask, askIn, bind, port, address, noSpeech, endSilence, maxUtterance,
                adaptation, search, allow);
    }

    private static String hostPort(String v) {
        if (!v.matches("[A-Za-z0-9.\\-]+:\\d{1,5}|\\[[0-9a-fA-F:]+]:\\d{1,5}")
                || Integer.parseInt(v.substring(v.lastIndexOf(':') + 1)) > 65_535) {
            throw new IllegalArgumentException("is not host:port (what Asterisk connects to, e.g. 10.0.0.5:9092)");
        }
        return v;
    }
}
