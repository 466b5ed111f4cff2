package io.waitless;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.waitless.ami.TimedOffers;
import io.waitless.agi.AcceptScript;
import io.waitless.agi.AgiNode;
import io.waitless.agi.ArriveScript;
import io.waitless.agi.HangupScript;
import io.waitless.agi.OfferScript;
import io.waitless.audiosocket.AudioSocketRegistry;
import io.waitless.audiosocket.AudioSocketServer;
import io.waitless.audiosocket.AudioSocketSettings;
import io.waitless.audiosocket.FrameDecoder;
import io.waitless.intent.ConsentClassifier;
import io.waitless.speech.EmbeddedSpeechRecognizer;
import io.waitless.speech.SpeechRecognizer;
import io.waitless.speech.VoskSpeechRecognizer;
import io.waitless.voice.IntentQuestion;
import io.waitless.voice.OfferQuestion;
import io.waitless.voice.PromptAudio;
import io.waitless.voice.VoiceDialog;
import io.waitless.config.WaitlessConfig;
import io.waitless.config.ConfigLoader;
import io.waitless.reload.ConfigReloader;
import io.waitless.journal.RedisReloadBoard;
import io.waitless.journal.RedisDeclines;
import io.waitless.deflect.DeflectionSettings;
import io.waitless.deflect.Deflector;
import io.waitless.deflect.HoldSchedule;
import io.waitless.deflect.Promotion;
import io.waitless.deflect.QueueSettings;
import io.waitless.journal.RedisConnector;
import io.waitless.journal.RedisJournal;
import io.waitless.journal.RedisOptOuts;
import io.waitless.journal.RedisSmsBudget;
import io.waitless.link.LinkCodes;
import io.waitless.link.LinkTokens;
import io.waitless.link.RedisTokenLedger;
import io.waitless.link.RedisLinkStore;
import io.waitless.phone.HttpLineTypes;
import io.waitless.phone.LineTypes;
import io.waitless.phone.PhoneNumberPolicy;
import io.waitless.prompts.ClipSchedule;
import io.waitless.prompts.HoldAudioLayout;
import io.waitless.prompts.Manifest;
import io.waitless.prompts.PromptBuilder;
import io.waitless.deflect.Deliveries;
import io.waitless.followup.FollowUpNode;
import io.waitless.health.ChannelMonitor;
import io.waitless.journal.RedisChannelBoard;
import io.waitless.sms.SmsGateway;
import io.waitless.sms.SmsGateways;
import io.waitless.web.RedisReplayGuard;
import io.waitless.web.WebServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The composition root: builds every part of a node from the configuration, by hand, and starts them in
 * order (metrics, Redis, SMS gateway, HTTP, follow-ups, FastAGI last, so Asterisk is served only when all is ready).
 * {@link #close()} stops them in reverse.
 */
public final class App implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(App.class);
    /**
     * Approximate cap on the event stream, a guard beside the retention by age ({@code journal.retention}): about
     * 3 GB of Redis memory at the most.
     */
    public static final long STREAM_MAX_LENGTH = 50_000_000L;
    /** How soon a manual channel override ({@code waitless channel down|up}) reaches a running node. */
    public static final Duration CHANNEL_OVERRIDE_REFRESH = Duration.ofSeconds(1);
    /** How often the config file is looked at, and how long it must stay unchanged before it is read. */
    public static final Duration RELOAD_POLL = Duration.ofMillis(250);
    public static final Duration RELOAD_QUIET = Duration.ofSeconds(1);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    /** The config in force: replaced by a reload. */
    private final java.util.concurrent.atomic.AtomicReference<WaitlessConfig> live;
    /** Watches the config file when there is one. */
    private ConfigReloader reloader;
    private final PrometheusMeterRegistry metrics;
    private final RedisJournal journal;
    private final AgiNode agi;
    private final WebServer web;
    /** The open-answer recognizer, once the audio path is on. */
    private SpeechRecognizer recognizer;

    private App(WaitlessConfig cfg, Clock clock) {
        this.live = new java.util.concurrent.atomic.AtomicReference<>(cfg);
        try {
            this.metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            Parts parts = build(cfg, clock);
            this.journal = parts.journal;
            this.web = parts.web;
            this.agi = parts.agi;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private record Parts(RedisJournal journal, WebServer web, AgiNode agi) {}

    private Parts build(WaitlessConfig cfg, Clock clock) {
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        started.push(metrics::close);

        UnifiedJedis redis = RedisConnector.connect(cfg.redis());
        started.push(redis);
        checkRedis(redis);
        RedisJournal journal = new RedisJournal(redis, cfg.redis().keyPrefix(), STREAM_MAX_LENGTH,
                cfg.company().timezone(), cfg.journal(), cfg.redis().timeout(), metrics);
        started.push(journal);
        started.push(new io.waitless.journal.Retention(redis, cfg.redis().keyPrefix(), cfg.journal().retention(), clock)
                .start());
        RedisLinkStore links = new RedisLinkStore(redis, cfg.redis().keyPrefix());

        SmsGateway gateway = SmsGateways.create(cfg, metrics, new Deliveries(journal, clock));
        started.push(gateway);

        Map<String, HoldSchedule> schedules = holdSchedules(cfg);
        HoldSchedule fallback = schedules.values().stream().findFirst().orElseThrow();
        PhoneNumberPolicy phones = numberPolicy(cfg, clock);
        RedisOptOuts optOuts = new RedisOptOuts(redis, cfg.redis().keyPrefix());
        ChannelMonitor channels = new ChannelMonitor(cfg.channels(), new RedisChannelBoard(redis, cfg.redis().keyPrefix()),
                journal, metrics, clock, CHANNEL_OVERRIDE_REFRESH).start();
        started.push(channels);
        io.waitless.journal.RedisAnalytics analytics = analytics(live::get, redis, clock, phones);
        Optional<FollowUpNode> followUps = cfg.followUp().enabled()
                ? Optional.of(new FollowUpNode(cfg, redis, gateway, journal, optOuts, clock,
                        FollowUpNode.defaultNodeName(), Optional.of(analytics), metrics))
                : Optional.empty();
        Deflector deflector = new Deflector(settings(cfg), phones,
                id -> schedules.getOrDefault(id, fallback), journal, links,
                new LinkCodes(cfg.links().codeLength()), gateway, optOuts,
                new RedisSmsBudget(redis, cfg.redis().keyPrefix(), cfg.budgets(), metrics), channels,
                new RedisDeclines(redis, cfg.redis().keyPrefix(), clock),
                followUps.map(FollowUpNode::planner).orElse(io.waitless.deflect.FollowUps.NONE), clock);

        WaitlessConfig.Signing signing = cfg.links().signing();
        WebServer.Parts webParts = new WebServer.Parts(links, journal,
                new LinkTokens(signing.keys(), signing.issuer(), signing.tokenTtl(), clock),
                new RedisTokenLedger(redis, cfg.redis().keyPrefix(), clock),
                new RedisReplayGuard(redis, cfg.redis().keyPrefix()),
                optOuts, phones, channels).withAnalytics(analytics);
        if (followUps.isPresent()) {
            webParts = webParts.withFollowUps(followUps.get());
        }
        WebServer web = new WebServer(live::get, webParts, metrics, clock).start();
        started.push(web);
        // after HTTP, before FastAGI: a due survey may go out as soon as the node is up; stopped before HTTP
        followUps.ifPresent(f -> started.push(f.start()));

        Optional<VoiceDialog> voice = voice(cfg);
        PromptAudio clips = new PromptAudio(cfg.prompts().directory());
        Optional<ArriveScript.Asking> asking = voice.filter(v -> cfg.speech().askIntent()).map(v ->
                new ArriveScript.Asking(new IntentQuestion(v, cfg.intents().classifier(), cfg.intents().vocabulary(), clips)
                        .warmUp(), cfg.speech()::asksIn));
        Optional<OfferScript.Speaking> speaking = voice.map(v ->
                new OfferScript.Speaking(new OfferQuestion(v.withRecognizer(answers(cfg.speech(), v)),
                        new ConsentClassifier()), clips));
        AgiNode agi = new AgiNode(cfg.agi(), List.of(
                new ArriveScript(deflector, cfg.agi().scriptDeadline(), asking),
                new AcceptScript(deflector, cfg.agi().scriptDeadline(), cfg.sms().timeout()),
                new OfferScript(deflector, cfg.agi().scriptDeadline(), cfg.sms().timeout(), speaking),
                new HangupScript(deflector, cfg.agi().hangupDeadline())), metrics).start();
        started.push(agi);
        // after the AGI node, so a caller withdrawn for an offer finds the offer script listening
        started.push(TimedOffers.start(cfg.timed(), redis, cfg.redis().keyPrefix(), metrics));
        watch(cfg, redis, clock, hostPort(cfg.agi().bind(), agi.port()), next -> {
            // everything that can fail first; the swaps last
            DeflectionSettings nextSettings = settings(next);
            Map<String, HoldSchedule> nextSchedules = holdSchedules(next);
            HoldSchedule nextFallback = nextSchedules.values().stream().findFirst().orElseThrow();
            channels.reconfigure(next.channels());
            deflector.reload(nextSettings, id -> nextSchedules.getOrDefault(id, nextFallback));
            live.set(next);
        });
        web.markReady();
        return new Parts(journal, web, agi);
    }

    /**
     * Starts watching the config file for a reload, when the config came from one ({@link ConfigReloader});
     * the node's name on the reload board is {@code <host>:<agi port>}.
     */
    private void watch(WaitlessConfig cfg, UnifiedJedis redis, Clock clock, String agiAddress,
                       java.util.function.Consumer<WaitlessConfig> apply) {
        Path file = cfg.source();
        if (file == null || !Files.isRegularFile(file)) {
            return;
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            log.warn("config {} cannot be read again to watch it ({}); reloads are off", file, e.toString());
            return;
        }
        String node;
        try {
            node = InetAddress.getLocalHost().getHostName() + ":" + agiAddress.substring(agiAddress.lastIndexOf(':') + 1);
        } catch (IOException e) {
            node = agiAddress;
        }
        reloader = new ConfigReloader(file, cfg, text, new ConfigLoader(), apply,
                new RedisReloadBoard(redis, cfg.redis().keyPrefix()), node, metrics, clock, RELOAD_POLL, RELOAD_QUIET)
                .start();
        started.push(reloader);
    }

    /**
     * The audio path, when anything asks callers by voice ({@code speech.ask-intent}, or a queue in timed-offer
     * mode): the recognizer and the AudioSocket server Asterisk streams to. Empty otherwise.
     */
    private Optional<VoiceDialog> voice(WaitlessConfig cfg) {
        WaitlessConfig.Speech sp = cfg.speech();
        if (!sp.askIntent() && !cfg.timed().enabled()) {
            return Optional.empty();
        }
        SpeechRecognizer recognizer = recognizer(sp);
        started.push(recognizer);
        this.recognizer = recognizer;
        AudioSocketRegistry registry = new AudioSocketRegistry();
        AudioSocketServer audio = new AudioSocketServer(new AudioSocketSettings(sp.bind(), sp.port(),
                Duration.ofSeconds(2), Duration.ofSeconds(60), FrameDecoder.DEFAULT_MAX_AUDIO_PAYLOAD, sp.allow()),
                registry);
        started.push(audio);
        FunctionCounter.builder("waitless.audiosocket.refused", audio, AudioSocketServer::refused)
                .description("AudioSocket connections refused by speech.audiosocket.allow").register(metrics);
        try {
            audio.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for AudioSocket on " + sp.bind().getHostAddress() + ":"
                    + sp.port() + " (speech.audiosocket): " + e.getMessage(), e);
        }
        String address = sp.address().isEmpty() ? hostPort(sp.bind(), audio.port()) : sp.address();
        log.info("speech: {} engine, AudioSocket on {}", sp.engine().name().toLowerCase(java.util.Locale.ROOT), address);
        return Optional.of(new VoiceDialog(registry, recognizer, new VoiceDialog.Settings(address, sp.noSpeech(),
                sp.endSilence(), sp.maxUtterance(), Duration.ofSeconds(2))));
    }

    /**
     * The recognizer for short closed answers (yes / no / agent). The embedded engine's default n-gram search
     * garbles them ("yes please text me" was heard as "yes wait art me", a no); its whole-phrase grammar is
     * exact on them (5/5, also at 15 dB SNR). Vosk's grammar with [unk] serves both.
     */
    private SpeechRecognizer answers(WaitlessConfig.Speech sp, VoiceDialog v) {
        if (sp.engine() == WaitlessConfig.Speech.Engine.VOSK) {
            return recognizer;
        }
        SpeechRecognizer phrases = new EmbeddedSpeechRecognizer(EmbeddedSpeechRecognizer.Settings.defaults()
                .withEngines(sp.engines()).withGrammar(EmbeddedSpeechRecognizer.Grammar.PHRASES)
                .withAdaptation(sp.adaptation()));
        started.push(phrases);
        return phrases;
    }

    /**
     * The configured engine. Vosk loads its model now, so a missing or broken model stops start-up with a
     * message naming the folder; the embedded engine allocates its decoders on first need.
     */
    static SpeechRecognizer recognizer(WaitlessConfig.Speech sp) {
        return switch (sp.engine()) {
            case VOSK -> VoskSpeechRecognizer.load(VoskSpeechRecognizer.Settings.of(sp.voskModelPath().orElseThrow()));
            case EMBEDDED -> new EmbeddedSpeechRecognizer(EmbeddedSpeechRecognizer.Settings.defaults()
                    .withEngines(sp.engines()).withAdaptation(sp.adaptation())
                    .withSearch(EmbeddedSpeechRecognizer.Search.valueOf(sp.search().name())));
        };
    }

    private static String hostPort(InetAddress host, int port) {
        String h = host.getHostAddress();
        return (h.contains(":") ? "[" + h + "]" : h) + ":" + port;
    }

    /** What the deflector needs from the config; the prompt versions are computed here, once. */
    public static DeflectionSettings settings(WaitlessConfig cfg) {
        Map<String, String> byQueue = new HashMap<>();
        cfg.queues().forEach(q -> byQueue.put(q.name(), q.language()));
        return new DeflectionSettings(cfg.company().name(), cfg.sms().sender(), cfg.links().publicBaseUrl(),
                cfg.links().ttl(), cfg.sms().templates(), cfg.sms().flowTemplates(), cfg.flows(), cfg.promotions(),
                cfg.prompts().texts().getOrDefault("offer", ""))
                .withLanguages(new io.waitless.deflect.Languages(cfg.prompts().languages(), byQueue),
                        HoldAudioLayout.localizedClasses(cfg));
    }

    /** The caller-number rules, with the HTTP line-type lookup when one is configured. */
    public static PhoneNumberPolicy numberPolicy(WaitlessConfig cfg, Clock clock) {
        LineTypes lineTypes = cfg.callers().lineTypeLookup()
                .<LineTypes>map(l -> new HttpLineTypes(l, clock)).orElse(LineTypes.NONE);
        return new PhoneNumberPolicy(cfg.callers(), cfg.queues(), lineTypes);
    }

    /** Starts a node; on failure, whatever had started is stopped again before the exception leaves. */
    public static App start(WaitlessConfig cfg, Clock clock) {
        return new App(cfg, clock);
    }

    private static void checkRedis(UnifiedJedis redis) {
        try {
            redis.ping();
        } catch (RuntimeException e) {
            log.warn("Redis is not reachable now ({}); calls go on without the journal until it is", e.toString());
        }
    }

    /**
     * How long each promotion's hold-audio loop and the periodic announcement last, from the built prompt
     * files; estimated from the texts (with a warning) when {@code prompts build} has not run.
     */
    static Map<String, HoldSchedule> holdSchedules(WaitlessConfig cfg) {
        Optional<Manifest> manifest = Manifest.loadIfPresent(cfg.prompts().directory(), PromptBuilder.LANGUAGE);
        Duration announce = manifest.flatMap(m -> m.duration("reminder"))
                .orElseGet(() -> estimate(cfg.prompts().texts().getOrDefault("reminder", "")));
        Duration every = cfg.queues().stream().map(QueueSettings::periodicAnnounceEvery).findFirst()
                .orElse(Duration.ofSeconds(60));
        Map<String, HoldSchedule> out = new HashMap<>();
        for (Promotion p : cfg.promotions()) {
            ClipSchedule clip;
            try {
                clip = HoldAudioLayout.schedule(cfg.prompts().mohDirectory().resolve(p.mohClass()), p.mohClass());
            } catch (RuntimeException e) {
                log.warn("hold audio for {} not built yet ({}); offer counts use estimated clip lengths — run "
                        + "'waitless prompts build'", p.id(), e.getMessage());
                clip = new ClipSchedule(p.mohClass(), cfg.prompts().musicBetween(),
                        estimate(p.spokenText() + " " + cfg.prompts().texts().getOrDefault("offer", "")));
            }
            out.put(p.id(), new HoldSchedule(clip.music(), clip.promo(), every, announce));
        }
        return out;
    }

    /** About 2.5 spoken words a second. */
    private static Duration estimate(String text) {
        long words = text.isBlank() ? 0 : text.strip().split("\\s+").length;
        return Duration.ofMillis(Math.max(1000, words * 400));
    }

    public int agiPort() {
        return agi.port();
    }

    public int httpPort() {
        return web.port();
    }

    public RedisJournal journal() {
        return journal;
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    /** The config in force (the latest one a reload applied). */
    public WaitlessConfig config() {
        return live.get();
    }

    /** The config watcher, when the config came from a file. */
    public Optional<ConfigReloader> reloader() {
        return Optional.ofNullable(reloader);
    }

    /**
     * What analysts read, from Redis: the rollups, journeys (a phone number typed in is turned into its caller
     * reference with {@code callers.reference-key}) and live counters; experiment order and zone from the live
     * config.
     */
    public static io.waitless.journal.RedisAnalytics analytics(java.util.function.Supplier<WaitlessConfig> live,
                                                               UnifiedJedis redis, Clock clock) {
        return analytics(live, redis, clock, new PhoneNumberPolicy(live.get().callers()));
    }

    /** {@link #analytics(java.util.function.Supplier, UnifiedJedis, Clock)} with the node's own number policy. */
    static io.waitless.journal.RedisAnalytics analytics(java.util.function.Supplier<WaitlessConfig> live,
                                                        UnifiedJedis redis, Clock clock, PhoneNumberPolicy phones) {
        WaitlessConfig cfg = live.get();
        return new io.waitless.journal.RedisAnalytics(redis, cfg.redis().keyPrefix(), cfg.company().timezone(),
                cfg.journal(), clock, () -> io.waitless.report.ExperimentReport.configured(live.get().promotions()),
                typed -> phones.normalize(typed).map(phones::reference));
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable c = started.pop();
            try {
                c.close();
            } catch (Exception e) {
                log.warn("stopping {}: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
