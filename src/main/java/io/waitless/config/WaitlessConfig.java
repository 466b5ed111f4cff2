package io.waitless.config;

import io.waitless.deflect.DigitalChannel;
import io.waitless.deflect.Flow;
import io.waitless.deflect.Promotion;
import io.waitless.deflect.QueueSettings;
import io.waitless.link.SigningKey;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * The whole configuration of a node: one immutable record tree, loaded and validated once by
 * {@link ConfigLoader}. Nothing here is read from anywhere else at run time.
 *
 * @param source the file it was loaded from (for messages)
 */
public record WaitlessConfig(
        Path source,
        Company company,
        Agi agi,
        Http http,
        Redis redis,
        Callers callers,
        Sms sms,
        Links links,
        Prompts prompts,
        List<DigitalChannel> channels,
        List<Flow> flows,
        List<Promotion> promotions,
        List<QueueSettings> queues,
        Budgets budgets,
        Api api,
        Hooks hooks,
        SmsIn smsIn,
        Intents intents,
        Speech speech,
        Timed timed,
        Journal journal,
        Dashboard dashboard,
        FollowUp followUp) {

    public WaitlessConfig {
        channels = List.copyOf(channels);
        flows = List.copyOf(flows);
        promotions = List.copyOf(promotions);
        queues = List.copyOf(queues);
    }

    /** A configuration without follow-ups ({@link FollowUp#OFF}). */
    public WaitlessConfig(Path source, Company company, Agi agi, Http http, Redis redis, Callers callers, Sms sms,
                          Links links, Prompts prompts, List<DigitalChannel> channels, List<Flow> flows,
                          List<Promotion> promotions, List<QueueSettings> queues, Budgets budgets, Api api,
                          Hooks hooks, SmsIn smsIn, Intents intents, Speech speech, Timed timed, Journal journal,
                          Dashboard dashboard) {
        this(source, company, agi, http, redis, callers, sms, links, prompts, channels, flows, promotions, queues,
                budgets, api, hooks, smsIn, intents, speech, timed, journal, dashboard, FollowUp.OFF);
    }

    /** This configuration with another Redis (e.g. one found through Sentinel). */
    public WaitlessConfig withRedis(Redis other) {
        return new WaitlessConfig(source, company, agi, http, other, callers, sms, links, prompts, channels, flows,
                promotions, queues, budgets, api, hooks, smsIn, intents, speech, timed, journal, dashboard, followUp);
    }

    /** This configuration with other follow-up settings. */
    public WaitlessConfig withFollowUp(FollowUp other) {
        return new WaitlessConfig(source, company, agi, http, redis, callers, sms, links, prompts, channels, flows,
                promotions, queues, budgets, api, hooks, smsIn, intents, speech, timed, journal, dashboard, other);
    }

    /** A configuration with the default {@link Journal#DEFAULTS} and without the analysts' dashboard ({@link Dashboard#OFF}). */
    public WaitlessConfig(Path source, Company company, Agi agi, Http http, Redis redis, Callers callers, Sms sms,
                          Links links, Prompts prompts, List<DigitalChannel> channels, List<Flow> flows,
                          List<Promotion> promotions, List<QueueSettings> queues, Budgets budgets, Api api,
                          Hooks hooks, SmsIn smsIn, Intents intents, Speech speech, Timed timed) {
        this(source, company, agi, http, redis, callers, sms, links, prompts, channels, flows, promotions, queues,
                budgets, api, hooks, smsIn, intents, speech, timed, Journal.DEFAULTS, Dashboard.OFF);
    }

    /**
     * A configuration with the default {@link Speech#defaults()} (the embedded engine, nobody asked) and no
     * timed offers ({@link Timed#NONE}).
     */
    public WaitlessConfig(Path source, Company company, Agi agi, Http http, Redis redis, Callers callers, Sms sms,
                          Links links, Prompts prompts, List<DigitalChannel> channels, List<Flow> flows,
                          List<Promotion> promotions, List<QueueSettings> queues, Budgets budgets, Api api,
                          Hooks hooks, SmsIn smsIn, Intents intents) {
        this(source, company, agi, http, redis, callers, sms, links, prompts, channels, flows, promotions, queues,
                budgets, api, hooks, smsIn, intents, Speech.defaults(), Timed.NONE);
    }

    /** This configuration with other digital channels. */
    public WaitlessConfig withChannels(List<DigitalChannel> other) {
        return new WaitlessConfig(source, company, agi, http, redis, callers, sms, links, prompts, other, flows,
                promotions, queues, budgets, api, hooks, smsIn, intents, speech, timed, journal, dashboard, followUp);
    }

    /** This configuration with other journal settings. */
    public WaitlessConfig withJournal(Journal other) {
        return new WaitlessConfig(source, company, agi, http, redis, callers, sms, links, prompts, channels, flows,
                promotions, queues, budgets, api, hooks, smsIn, intents, speech, timed, other, dashboard, followUp);
    }

    /** This configuration with other speech settings. */
    public WaitlessConfig withSpeech(Speech other) {
        return new WaitlessConfig(source, company, agi, http, redis, callers, sms, links, prompts, channels, flows,
                promotions, queues, budgets, api, hooks, smsIn, intents, other, timed, journal, dashboard, followUp);
    }

    /** A configuration without intents ({@link Intents#NONE}): no spoken reason is recognised. */
    public WaitlessConfig(Path source, Company company, Agi agi, Http http, Redis redis, Callers callers, Sms sms,
                          Links links, Prompts prompts, List<DigitalChannel> channels, List<Flow> flows,
                          List<Promotion> promotions, List<QueueSettings> queues, Budgets budgets, Api api,
                          Hooks hooks, SmsIn smsIn) {
        this(source, company, agi, http, redis, callers, sms, links, prompts, channels, flows, promotions, queues,
                budgets, api, hooks, smsIn, Intents.NONE);
    }

    /**
     * A configuration with the default {@link Budgets#DEFAULTS}, the API and webhooks off and the default
     * SMS keywords (for tests and tools that build a config by hand).
     */
    public WaitlessConfig(Path source, Company company, Agi agi, Http http, Redis redis, Callers callers, Sms sms,
                          Links links, Prompts prompts, List<DigitalChannel> channels, List<Flow> flows,
                          List<Promotion> promotions, List<QueueSettings> queues) {
        this(source, company, agi, http, redis, callers, sms, links, prompts, channels, flows, promotions, queues,
                Budgets.DEFAULTS, new Api(List.of()), new Hooks("", "", links.publicBaseUrl()),
                new SmsIn(io.waitless.deflect.SmsKeywords.DEFAULT_OPT_OUT, io.waitless.deflect.SmsKeywords.DEFAULT_OPT_IN));
    }

    /**
     * @param name     the company name callers know ("Galil Cable"); used in texts
     * @param website  the company's site, offered on pages about a link that no longer works; empty for none
     * @param timezone the zone promotions' {@code hours} are read in
     */
    public record Company(String name, Optional<URI> website, java.time.ZoneId timezone) {
        public Company(String name, Optional<URI> website) {
            this(name, website, java.time.ZoneOffset.UTC);
        }
    }

    /**
     * FastAGI server.
     *
     * @param bind            address to listen on
     * @param port            TCP port (Asterisk's default for FastAGI is 4573); 0 picks a free one
     * @param allow           Asterisk addresses allowed to connect, as addresses or CIDR blocks
     * @param scriptDeadline  longest an {@code arrive} or {@code accept} session may last before the
     *                        node closes it (the caller then goes straight on waiting)
     * @param hangupDeadline  longest a {@code hangup} (dead-channel) session may last
     */
    public record Agi(InetAddress bind, int port, List<Cidr> allow, Duration scriptDeadline, Duration hangupDeadline) {
        public Agi {
            allow = List.copyOf(allow);
        }
    }

    /** @param bind address; @param port TCP port (0 picks a free one) of the links/health/metrics server */
    public record Http(InetAddress bind, int port) {}

    /**
     * @param uri       {@code redis://host:port/db}; with {@code sentinel} it is not used (the master's address
     *                  comes from the sentinels, database 0)
     * @param password  may be empty; usually {@code ${WAITLESS_REDIS_PASSWORD}}; the master's and replicas' password
     * @param keyPrefix every key starts with it ({@code waitless:})
     * @param timeout   connect and command timeout; a call never waits longer on Redis
     * @param sentinel  when present, the node asks these sentinels for the current master and follows a failover
     */
    public record Redis(URI uri, String password, String keyPrefix, Duration timeout, Optional<Sentinel> sentinel) {
        /** One Redis at {@code uri}, no Sentinel. */
        public Redis(URI uri, String password, String keyPrefix, Duration timeout) {
            this(uri, password, keyPrefix, timeout, Optional.empty());
        }

        /** Where the node finds Redis, for operators' messages; never a password. */
        public String where() {
            return sentinel.map(Sentinel::toString)
                    .orElseGet(() -> uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                            + (uri.getRawPath() == null ? "" : uri.getRawPath()));
        }
    }

    /**
     * Redis Sentinel ({@code redis.sentinel}): the node asks {@code nodes} which server is {@code master} now and
     * moves to the new master after a failover.
     *
     * @param master   the master's name in the sentinels' config ({@code sentinel monitor <master> ...})
     * @param nodes    the sentinels, at least one; the node tries them in order
     * @param password the sentinels' own password ({@code requirepass} on the sentinels); empty for none
     */
    public record Sentinel(String master, List<Endpoint> nodes, String password) {
        public Sentinel {
            nodes = List.copyOf(nodes);
        }

        @Override
        public String toString() {
            return "sentinel master " + master + " via " + nodes.stream().map(Endpoint::toString)
                    .collect(Collectors.joining(","));
        }
    }

    /** A host name or literal address and a TCP port, as {@code host:port} ({@code [::1]:26379} for IPv6). */
    public record Endpoint(String host, int port) {
        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /**
     * What the journal keeps, and for how long ({@code journal} section).
     *
     * @param retention    events older than this are trimmed from the stream (the daily rollups are kept)
     * @param repeatWindow a caller who phones again within this time after accepting a text is a repeat call:
     *                     a failed deflection
     * @param spool        where events wait while Redis cannot take them; empty: they are lost then (the
     *                     {@link #DEFAULTS} of tests and benchmarks; a node's config has one unless turned off)
     */
    public record Journal(Duration retention, Duration repeatWindow, Optional<Spool> spool) {
        /** 90 days, 7 days, no spool. */
        public static final Journal DEFAULTS = new Journal(Duration.ofDays(90), Duration.ofDays(7));

        public Journal(Duration retention, Duration repeatWindow) {
            this(retention, repeatWindow, Optional.empty());
        }

        public Journal withSpool(Spool other) {
            return new Journal(retention, repeatWindow, Optional.of(other));
        }

        /** For a command beside a running node: the spool is the node's (and locked by it). */
        public Journal withoutSpool() {
            return new Journal(retention, repeatWindow);
        }
    }

    /**
     * The journal's local spool ({@code journal.spool}).
     *
     * @param directory the node's own directory for it (locked while the node runs)
     * @param maxBytes  how much it may hold; past it, events are lost (logged, counted)
     */
    public record Spool(Path directory, long maxBytes) {}

    /**
     * Who may be offered a text.
     *
     * @param defaultRegion    ISO region for numbers without a country code ({@code IL}); a queue's
     *                         {@link QueueSettings#region()} overrides it; empty: national numbers are refused
     * @param allowedCountries ISO regions whose numbers may get a text
     * @param allowFixedOrMobile whether numbers libphonenumber cannot tell apart (US/CA) count as mobile
     * @param allowVoip        whether VoIP numbers (Israel's 07x-2/3 ranges, a lookup's {@code voip}) may get a text
     * @param lineTypeLookup   an HTTP service that knows the line type better than the offline ranges
     * @param referenceKey     HMAC key for the caller reference stored in Redis (never the number)
     */
    public record Callers(String defaultRegion, List<String> allowedCountries, boolean allowFixedOrMobile,
                          boolean allowVoip, Optional<LineTypeLookup> lineTypeLookup, String referenceKey) {
        public Callers {
            allowedCountries = List.copyOf(allowedCountries);
        }

        /** Without VoIP and without a line-type lookup. */
        public Callers(String defaultRegion, List<String> allowedCountries, boolean allowFixedOrMobile,
                       String referenceKey) {
            this(defaultRegion, allowedCountries, allowFixedOrMobile, false, Optional.empty(), referenceKey);
        }
    }

    /**
     * {@code callers.line-type-lookup}: {@code GET <url>?number=<e164>} answering
     * {@code {"type":"mobile|landline|voip|unknown"}}.
     *
     * @param url       the service, http(s), without a query
     * @param timeout   longest one lookup may take; then the offline answer is used
     * @param cacheTtl  how long an answer is reused
     * @param cacheSize most numbers kept in the in-memory cache (least recently used go first)
     */
    public record LineTypeLookup(URI url, Duration timeout, Duration cacheTtl, int cacheSize) {}

    /**
     * How many texts may go out ({@code budgets}); every window is fixed (aligned to multiples of its length
     * since the epoch) and counted in Redis.
     *
     * @param perNumber    texts to one number
     * @param prefixDigits digits of the E.164 number (country code included) that make its prefix
     *                     ({@code 7}: {@code +9725023})
     * @param perPrefix    texts to all numbers of one prefix
     * @param perCountry   texts to all numbers of one region
     * @param global       texts in all
     * @param prefixBurst  distinct numbers of one prefix that may be texted in its window (SMS-pumping defence)
     */
    public record Budgets(Limit perNumber, int prefixDigits, Limit perPrefix, Limit perCountry, Limit global,
                          Limit prefixBurst) {
        public static final Budgets DEFAULTS = new Budgets(new Limit(2, Duration.ofHours(24)), 7,
                new Limit(20, Duration.ofHours(1)), new Limit(1000, Duration.ofHours(1)),
                new Limit(2000, Duration.ofHours(1)), new Limit(5, Duration.ofMinutes(10)));
    }

    /** @param max at most this many in one {@code window} */
    public record Limit(int max, Duration window) {}

    /**
     * @param gateway       which gateway sends texts
     * @param sender        the sender id / originating address
     * @param timeout       longest one send may take, retries included, before the caller is told it failed
     * @param templates     default SMS text per language; placeholders {@code {company}}, {@code {flow}},
     *                      {@code {link}}
     * @param flowTemplates per language, texts for particular flows (flow id → text); each language here also
     *                      has a default in {@code templates}
     * @param kannel        Kannel settings, present when {@code gateway} is {@code kannel} (or written anyway)
     * @param twilio        Twilio-compatible REST settings, present when {@code gateway} is {@code twilio}
     * @param smpp          SMPP settings, present when {@code gateway} is {@code smpp}
     * @param retry         how failed sends are retried within {@code timeout}
     * @param breaker       when the circuit breaker stops offering texts
     */
    public record Sms(GatewayKind gateway, String sender, Duration timeout, Map<String, String> templates,
                      Optional<Kannel> kannel, Path outbox, Map<String, Map<String, String>> flowTemplates,
                      Optional<Twilio> twilio, Optional<Smpp> smpp, Retry retry, Breaker breaker) {
        public Sms {
            // insertion order kept: the first language is the last fallback for texts
            templates = Collections.unmodifiableMap(new LinkedHashMap<>(templates));
            flowTemplates = flowTemplates.entrySet().stream()
                    .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Map.copyOf(e.getValue())));
        }

        /** Log or Kannel settings with no flow templates and the default retry and breaker. */
        public Sms(GatewayKind gateway, String sender, Duration timeout, Map<String, String> templates,
                   Optional<Kannel> kannel, Path outbox) {
            this(gateway, sender, timeout, templates, kannel, outbox, Map.of(), Optional.empty(),
                    Optional.empty(), Retry.DEFAULT, Breaker.DEFAULT);
        }
    }

    public enum GatewayKind { LOG, KANNEL, TWILIO, SMPP }

    /**
     * Kannel smsbox {@code sendsms} interface.
     *
     * @param sendsmsUrl e.g. {@code http://127.0.0.1:13013/cgi-bin/sendsms}
     * @param smsc       optional smsc-id to route through; empty for Kannel's default routing
     * @param dlrUrl     this node's HTTP server as Kannel reaches it; reports go to its
     *                   {@code /hooks/kannel/dlr}, signed with {@code hooks.kannel-secret}. Empty: no reports
     */
    public record Kannel(URI sendsmsUrl, String username, String password, String smsc, Optional<URI> dlrUrl) {
        /** Without delivery reports. */
        public Kannel(URI sendsmsUrl, String username, String password, String smsc) {
            this(sendsmsUrl, username, password, smsc, Optional.empty());
        }
    }

    /**
     * A Twilio-compatible REST API ({@code POST {baseUrl}/2010-04-01/Accounts/{accountSid}/Messages.json}).
     *
     * @param baseUrl             {@code https://api.twilio.com}, or a compatible provider or test server
     * @param accountSid          the account the messages belong to
     * @param username            HTTP basic-auth user: the account sid, or an API key sid
     * @param secret              HTTP basic-auth password: the auth token, or the API key's secret
     * @param messagingServiceSid sent instead of {@code From} when present
     * @param statusCallback      where the provider posts status changes; absent: none asked for
     */
    public record Twilio(URI baseUrl, String accountSid, String username, String secret,
                         Optional<String> messagingServiceSid, Optional<URI> statusCallback) {}

    /**
     * An SMPP 3.4 SMSC, bound as a transceiver.
     *
     * @param bindTimeout longest a connect + bind may take
     * @param enquireLink how often the session is probed while idle
     * @param sourceTon   type of number of the sender; empty: 5 (alphanumeric) for a name, 1 (international)
     *                    for {@code +digits}
     * @param sourceNpi   numbering plan of the sender; empty: 0 for a name, 1 (E.164) for {@code +digits}
     */
    public record Smpp(String host, int port, String systemId, String password, String systemType,
                       Duration bindTimeout, Duration enquireLink, OptionalInt sourceTon,
                       OptionalInt sourceNpi) {}

    /**
     * @param attempts tries per send in all (1: no retry)
     * @param backoff  wait before the second try; doubles for each further one
     */
    public record Retry(int attempts, Duration backoff) {
        public static final Retry DEFAULT = new Retry(2, Duration.ofMillis(200));
    }

    /**
     * A count-based circuit breaker over the last {@code window} sends.
     *
     * @param failureRate percent of failed sends (of at least {@code window}) that opens it
     * @param window      sends counted
     * @param openFor     how long it stays open before one trial send is let through
     */
    public record Breaker(int failureRate, int window, Duration openFor) {
        public static final Breaker DEFAULT = new Breaker(50, 10, Duration.ofSeconds(30));
    }

    /**
     * @param publicBaseUrl where callers' phones reach the link server ({@code https://go.example.com})
     * @param codeLength    characters in a short-link code (base 62)
     * @param ttl           how long a link keeps working
     * @param signing       how the tokens handed on by a link are signed
     */
    public record Links(URI publicBaseUrl, int codeLength, Duration ttl, Signing signing) {}

    /**
     * Link tokens (JWT HS256).
     *
     * @param keys     the first signs, every one verifies (current and previous during a rotation)
     * @param tokenTtl how long a minted token may be redeemed
     * @param issuer   the {@code iss} claim written and required
     */
    public record Signing(List<SigningKey> keys, Duration tokenTtl, String issuer) {
        public Signing {
            keys = List.copyOf(keys);
        }
    }

    /** @param keys API keys the self-service site presents as {@code Bearer}; empty disables the API */
    public record Api(List<String> keys) {
        public Api {
            keys = List.copyOf(keys);
        }

        public boolean enabled() {
            return !keys.isEmpty();
        }

        @Override
        public String toString() {
            return "Api[" + keys.size() + " keys]";
        }
    }

    /**
     * Webhooks from SMS gateways.
     *
     * @param kannelSecret    shared secret of the Kannel hooks; empty disables them
     * @param twilioAuthToken auth token that signs Twilio-style hooks; empty disables them
     * @param publicBaseUrl   the base URL the gateway calls (through the proxy); Twilio signatures cover it
     */
    public record Hooks(String kannelSecret, String twilioAuthToken, URI publicBaseUrl) {
        @Override
        public String toString() {
            return "Hooks[kannel " + (kannelSecret.isEmpty() ? "off" : "on") + ", twilio "
                    + (twilioAuthToken.isEmpty() ? "off" : "on") + ", " + publicBaseUrl + "]";
        }
    }

    /**
     * The analysts' dashboard at {@code /dashboard}.
     *
     * @param users         who may log in; empty turns the dashboard off (404)
     * @param sessionSecret signs the session cookie (HMAC-SHA256); at least {@value #MIN_SECRET_LENGTH} characters
     * @param sessionTtl    how long a login lasts
     * @param secureCookie  whether the session cookie is marked {@code Secure} (sent over HTTPS only)
     */
    public record Dashboard(List<User> users, String sessionSecret, Duration sessionTtl, boolean secureCookie) {
        public static final int MIN_SECRET_LENGTH = 32;
        public static final Dashboard OFF = new Dashboard(List.of(), "", Duration.ofHours(8), true);

        /** @param passwordHash a bcrypt hash ({@code $2a$}, {@code $2b$} or {@code $2y$}) */
        public record User(String name, String passwordHash) {
            @Override
            public String toString() {
                return "User[" + name + "]";
            }
        }

        public Dashboard {
            users = List.copyOf(users);
        }

        public boolean enabled() {
            return !users.isEmpty();
        }

        @Override
        public String toString() {
            return "Dashboard[" + users.size() + " users, session " + sessionTtl + ", secure cookie " + secureCookie + "]";
        }
    }

    /**
     * Inbound texts.
     *
     * @param optOutKeywords a text that is exactly one of these (any case, punctuation ignored) opts out
     * @param optInKeywords  a text that is exactly one of these lifts an opt-out
     */
    public record SmsIn(List<String> optOutKeywords, List<String> optInKeywords) {
        public SmsIn {
            optOutKeywords = List.copyOf(optOutKeywords);
            optInKeywords = List.copyOf(optInKeywords);
        }
    }

    /**
     * Spoken prompts and hold audio.
     *
     * @param directory      root of the prompt tree ({@code prompts}); files go to {@code <lang>/waitless/}
     * @param voice          FreeTTS voice ({@code kevin}: 8 kHz native)
     * @param texts          prompt id → text, for the fixed prompts (offer, confirmations, alternatives)
     * @param holdMusic      directory of operator-supplied hold music (8 kHz mono WAV); empty → a generated tone
     * @param mohDirectory   where the per-promotion hold-audio class folders are laid out (locally)
     * @param asteriskMohDirectory where Asterisk will find those folders once installed; written into
     *                       the generated {@code musiconhold-waitless.conf}
     * @param musicBetween   how much hold music plays between two promotion clips
     * @param rate           FreeTTS speaking rate, words per minute
     * @param pitch          FreeTTS base pitch, Hz
     * @param languages      the languages callers may hear, the fallback first; {@code en} is rendered with
     *                       FreeTTS, the others are recorded files under {@code <directory>/<language>/waitless/}
     */
    public record Prompts(Path directory, String voice, Map<String, String> texts, Optional<Path> holdMusic,
                          Path mohDirectory, Path asteriskMohDirectory, Duration musicBetween,
                          float rate, float pitch, List<String> languages) {
        public Prompts {
            texts = Map.copyOf(texts);
            languages = List.copyOf(languages);
        }

        /** English only. */
        public Prompts(Path directory, String voice, Map<String, String> texts, Optional<Path> holdMusic,
                       Path mohDirectory, Path asteriskMohDirectory, Duration musicBetween, float rate, float pitch) {
            this(directory, voice, texts, holdMusic, mohDirectory, asteriskMohDirectory, musicBetween, rate, pitch,
                    List.of("en"));
        }
    }

    /**
     * Speech: the recognizer and the AudioSocket server Asterisk streams callers' audio to.
     *
     * @param engine          {@code embedded} (Sphinx4, bundled model) or {@code vosk} (a model folder)
     * @param voskModelPath   the unpacked Vosk model folder; required for {@code vosk}
     * @param engines         concurrent decoders of the embedded engine (each ~100 MB of heap)
     * @param askIntent       whether {@code arrive} asks "what are you calling about?"
     * @param askIntentQueues queues where it asks; empty: every queue
     * @param bind            AudioSocket server address
     * @param port            AudioSocket server port (0: any free port, for tests)
     * @param address         {@code host:port} Asterisk connects to; empty: {@code bind} and the bound port
     * @param noSpeech        silence after a prompt that ends listening
     * @param endSilence      quiet after speech that ends an answer
     * @param maxUtterance    longest answer
     * @param allow           addresses or CIDR blocks allowed to connect to the AudioSocket server (others are
     *                        refused and logged); by default those of {@link Agi#allow()}
     */
    public record Speech(Engine engine, Optional<Path> voskModelPath, int engines, boolean askIntent,
                         List<String> askIntentQueues, InetAddress bind, int port, String address,
                         Duration noSpeech, Duration endSilence, Duration maxUtterance, Optional<Path> adaptation,
                         Search search, List<Cidr> allow) {
        /** How hard the embedded engine searches (its beams): {@code accurate} or {@code fast}. */
        public enum Search { ACCURATE, FAST }

        public enum Engine { EMBEDDED, VOSK }

        public Speech {
            askIntentQueues = List.copyOf(askIntentQueues);
            allow = List.copyOf(allow);
        }

        public static Speech defaults() {
            return new Speech(Engine.EMBEDDED, Optional.empty(), 2, false, List.of(),
                    InetAddress.getLoopbackAddress(), 9092, "", Duration.ofSeconds(4), Duration.ofMillis(800),
                    Duration.ofSeconds(8), Optional.empty(), Search.ACCURATE, Cidr.LOOPBACK);
        }

        /** These settings with another AudioSocket allowlist. */
        public Speech withAllow(List<Cidr> allow) {
            return new Speech(engine, voskModelPath, engines, askIntent, askIntentQueues, bind, port, address,
                    noSpeech, endSilence, maxUtterance, adaptation, search, allow);
        }

        /** Whether {@code arrive} asks callers of {@code queue}. */
        public boolean asksIn(String queue) {
            return askIntent && (askIntentQueues.isEmpty() || askIntentQueues.contains(queue));
        }
    }

    /**
     * What callers may say when asked why they call.
     *
     * @param threshold lowest classifier score (0..1) that names an intent
     * @param items     the intents, each with its optional flow id (a configured flow), phrases and synonyms
     */
    public record Intents(double threshold, List<io.waitless.intent.Intent> items,
                          Optional<Path> examplesFile, List<io.waitless.intent.Evaluation.Example> examples) {
        /** No intents: every transcript is unknown. */
        public static final Intents NONE = new Intents(io.waitless.intent.IntentClassifier.DEFAULT_THRESHOLD, List.of());

        public Intents {
            items = List.copyOf(items);
            examples = List.copyOf(examples);
        }

        /** Intents learned from their phrases only. */
        public Intents(double threshold, List<io.waitless.intent.Intent> items) {
            this(threshold, items, Optional.empty(), List.of());
        }

        /** The classifier these intents, examples and threshold make (trained here: call once and keep it). */
        public io.waitless.intent.IntentClassifier classifier() {
            return new io.waitless.intent.IntentClassifier(items, examples, threshold);
        }

        /** Every text the recognizer should expect: the phrases, the synonyms and the examples' texts. */
        public List<String> vocabulary() {
            java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
            for (io.waitless.intent.Intent i : items) {
                out.addAll(i.phrases());
                i.synonyms().forEach((word, alternatives) -> {
                    out.add(word);
                    out.addAll(alternatives);
                });
            }
            examples.forEach(e -> out.add(e.text()));
            return List.copyOf(out);
        }
    }

    /**
     * Timed-offer mode: the queues whose callers the node withdraws (AMI {@code QueueWithdrawCaller}) for an
     * offer, and the AMI connection it does that over.
     *
     * @param ami    the AMI connection; present whenever a queue is timed
     * @param queues queue name → its timing, only for queues with {@code offer-mode: timed}
     */
    public record Timed(Optional<Ami> ami, Map<String, TimedQueue> queues) {
        /** No timed queue, no AMI. */
        public static final Timed NONE = new Timed(Optional.empty(), Map.of());

        public Timed {
            queues = Collections.unmodifiableMap(new LinkedHashMap<>(queues));
        }

        public boolean enabled() {
            return ami.isPresent() && !queues.isEmpty();
        }
    }

    /**
     * AMI (manager) connection used by timed-offer mode.
     *
     * @param host                  Asterisk's manager address
     * @param port                  manager port (5038)
     * @param username              manager.conf user (needs {@code read=agent}, {@code write=agent})
     * @param secret                its secret; never logged
     * @param pollInterval          how often each timed queue is polled with {@code QueueStatus}
     * @param actionTimeout         longest login or any action may take before the tick gives up
     * @param maxWithdrawalsPerTick most callers withdrawn from one queue in one tick
     */
    public record Ami(String host, int port, String username, String secret, Duration pollInterval,
                      Duration actionTimeout, int maxWithdrawalsPerTick) {
        @Override
        public String toString() {
            return "Ami[" + username + "@" + host + ":" + port + ", poll " + pollInterval + ", timeout "
                    + actionTimeout + ", max " + maxWithdrawalsPerTick + "/tick]";
        }
    }

    /**
     * When a caller of a timed queue is withdrawn for an offer; all times count from Waitless's first sight of
     * the call, never from app_queue's {@code Wait} (which restarts at every re-entry).
     *
     * @param firstOfferAfter wait before the first offer
     * @param every           wait between two offers to the same caller
     * @param maxOffers       most offers per call
     * @param protectHead     callers at this position or nearer the head are never withdrawn (at least 1)
     * @param minExpectedWait a caller is offered only while their expected wait is at least this (zero: always);
     *                        see {@link io.waitless.ami.WaitEstimator}
     */
    public record TimedQueue(Duration firstOfferAfter, Duration every, int maxOffers, int protectHead,
                             Duration minExpectedWait) {
        public TimedQueue(Duration firstOfferAfter, Duration every, int maxOffers, int protectHead) {
            this(firstOfferAfter, every, maxOffers, protectHead, Duration.ZERO);
        }
    }

    public Optional<Flow> flow(String id) {
        return flows.stream().filter(f -> f.id().equals(id)).findFirst();
    }

    public Optional<DigitalChannel> channel(String id) {
        return channels.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    public Optional<Promotion> promotion(String id) {
        return promotions.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    public Optional<QueueSettings> queue(String name) {
        return queues.stream().filter(q -> q.name().equals(name)).findFirst();
    }

    /**
     * Follow-ups after a deflection ({@code followup}): the due-queue's timing and the survey, alert and returnee
     * rules. Off ({@link #OFF}) unless the file turns it on.
     *
     * @param enabled         whether this node runs follow-ups at all (plans, polls, answers survey replies)
     * @param key             {@code followup.encryption-key}: AES-GCM key material for the numbers kept for a later text (at least 32 characters)
     * @param pollInterval    how often each node claims due items
     * @param lease           how long a claimed item is held; a dead node's items are retried after it
     * @param batchSize       most items a node claims at once
     * @param maxAttempts     failed attempts before an item is given up
     * @param retryBackoff    wait before the first retry, doubled at each further one
     * @param resendUncertain whether an item whose node died mid-send is sent again (at least once) or not (at most
     *                        once, the default)
     * @param keep            how long finished items stay listed
     */
    public record FollowUp(boolean enabled, String key, Duration pollInterval, Duration lease, int batchSize,
                           int maxAttempts, Duration retryBackoff, boolean resendUncertain, Duration keep,
                           Survey survey, Alerts alerts, Returnees returnees, Digest digest) {
        public static final FollowUp OFF = new FollowUp(false, "", Duration.ofSeconds(5), Duration.ofSeconds(60), 50,
                5, Duration.ofMinutes(1), false, Duration.ofDays(30), Survey.DEFAULTS, Alerts.NONE, Returnees.OFF);

        /** Without the daily digest. */
        public FollowUp(boolean enabled, String key, Duration pollInterval, Duration lease, int batchSize,
                        int maxAttempts, Duration retryBackoff, boolean resendUncertain, Duration keep,
                        Survey survey, Alerts alerts, Returnees returnees) {
            this(enabled, key, pollInterval, lease, batchSize, maxAttempts, retryBackoff, resendUncertain, keep, survey,
                    alerts, returnees, Digest.OFF);
        }

        /** These settings with another digest. */
        public FollowUp withDigest(Digest other) {
            return new FollowUp(enabled, key, pollInterval, lease, batchSize, maxAttempts, retryBackoff,
                    resendUncertain, keep, survey, alerts, returnees, other);
        }

        /**
         * The daily digest of yesterday (company zone): funnel, A/B verdicts, survey scores, alerts, returnees.
         *
         * @param enabled       whether it is made
         * @param cron          when, as a Quartz cron expression in the company's zone
         * @param directory     where {@code digest-<day>.html} and {@code .csv} are written
         * @param webhookUrl    where it is POSTed as JSON, signed like the alerts; empty: nowhere
         * @param webhookSecret the signature key
         */
        public record Digest(boolean enabled, String cron, Path directory, Optional<URI> webhookUrl,
                             String webhookSecret) {
            public static final Digest OFF = new Digest(false, "0 0 6 * * ?", Path.of("var/digests"), Optional.empty(), "");

            @Override
            public String toString() {
                return "Digest[" + enabled + ", " + cron + ", " + directory + "]";
            }
        }

        @Override
        public String toString() {
            return "FollowUp[enabled=" + enabled + ", poll " + pollInterval + ", lease " + lease + ", " + survey + "]";
        }

        /**
         * The CES survey.
         *
         * @param enabled         whether surveys are sent
         * @param delay           after the flow was completed
         * @param unfinishedDelay after the text was sent, when the flow is never completed
         * @param oncePer         at most one survey per caller in this long
         * @param from            allowed hours start (the caller's local time)
         * @param until           allowed hours end (exclusive)
         * @param scaleMin        lowest score
         * @param scaleMax        highest score
         * @param replyWindow     how long a reply is matched to the survey
         * @param question        the survey text per language ({@code {company}}, {@code {min}}, {@code {max}})
         * @param comment         the optional second question (free text) per language; empty: none
         * @param askAgain        the text sent once after an unreadable or out-of-range reply, per language
         */
        public record Survey(boolean enabled, Duration delay, Duration unfinishedDelay, Duration oncePer,
                             java.time.LocalTime from, java.time.LocalTime until, int scaleMin, int scaleMax,
                             Duration replyWindow, Map<String, String> question, Map<String, String> comment,
                             Map<String, String> askAgain) {
            public static final Survey DEFAULTS = new Survey(true, Duration.ofHours(2), Duration.ofHours(24),
                    Duration.ofDays(30), java.time.LocalTime.of(9, 0), java.time.LocalTime.of(20, 0), 1, 7,
                    Duration.ofDays(3),
                    Map.of("en", "{company}: how easy was it to get this done online? Reply {min} (very hard) to {max}"
                            + " (very easy)."),
                    Map.of(), Map.of("en", "Sorry, we did not get that. Please reply with one number from {min} to {max}."));

            public Survey {
                question = Map.copyOf(question);
                comment = Map.copyOf(comment);
                askAgain = Map.copyOf(askAgain);
            }

            /** The text of {@code texts} for {@code language}, else English, else any. */
            public static String in(Map<String, String> texts, String language) {
                String t = texts.get(language);
                if (t == null) {
                    t = texts.get("en");
                }
                return t != null ? t : texts.values().stream().findFirst().orElse("");
            }
        }

        /**
         * Alerts on bad feedback.
         *
         * @param lowScore      a score at or below this raises an alert
         * @param negativeWords per language, words that make a free-text answer raise an alert
         * @param webhookUrl    where alerts are POSTed (JSON, signed); empty: none
         * @param webhookSecret the HMAC-SHA256 key of the signature
         */
        public record Alerts(int lowScore, Map<String, List<String>> negativeWords, Optional<URI> webhookUrl,
                             String webhookSecret) {
            public static final Alerts NONE = new Alerts(2, Map.of(), Optional.empty(), "");

            public Alerts {
                Map<String, List<String>> copy = new LinkedHashMap<>();
                negativeWords.forEach((k, v) -> copy.put(k, List.copyOf(v)));
                negativeWords = Collections.unmodifiableMap(copy);
            }

            @Override
            public String toString() {
                return "Alerts[low-score " + lowScore + ", webhook " + webhookUrl.map(URI::getHost).orElse("none") + "]";
            }
        }

        /**
         * Callers who accepted a text and called again within {@link Journal#repeatWindow()}.
         *
         * @param text          whether they are texted to ask what was missing online
         * @param message       that text per language
         * @param webhookUrl    where each new returnee is POSTed (JSON, signed); empty: nowhere
         * @param webhookSecret the signature key
         */
        public record Returnees(boolean text, Map<String, String> message, Optional<URI> webhookUrl,
                                String webhookSecret) {
            public static final Returnees OFF = new Returnees(false, Map.of("en",
                    "{company}: we saw you called again. What was missing online? Just reply to this text."));

            public Returnees {
                message = Map.copyOf(message);
            }

            /** Without a webhook. */
            public Returnees(boolean text, Map<String, String> message) {
                this(text, message, Optional.empty(), "");
            }

            @Override
            public String toString() {
                return "Returnees[text " + text + ", webhook " + webhookUrl.map(URI::getHost).orElse("none") + "]";
            }
        }
    }
}
