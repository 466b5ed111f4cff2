package io.waitless.config;

import io.waitless.deflect.DigitalChannel;
import io.waitless.deflect.Flow;
import io.waitless.deflect.Promotion;
import io.waitless.deflect.QueueSettings;

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
        List<QueueSettings> queues) {

    public WaitlessConfig {
        channels = List.copyOf(channels);
        flows = List.copyOf(flows);
        promotions = List.copyOf(promotions);
        queues = List.copyOf(queues);
    }

    /** @param name the company name callers know ("Galil Cable"); used in texts */
    public record Company(String name) {}

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
     * @param uri       {@code redis://host:port/db}
     * @param password  may be empty; usually {@code ${WAITLESS_REDIS_PASSWORD}}
     * @param keyPrefix every key starts with it ({@code waitless:})
     * @param timeout   connect and command timeout; a call never waits longer on Redis
     */
    public record Redis(URI uri, String password, String keyPrefix, Duration timeout) {}

    /**
     * Who may be offered a text.
     *
     * @param defaultRegion    ISO region for numbers without a country code ({@code IL})
     * @param allowedCountries ISO regions whose numbers may get a text
     * @param allowFixedOrMobile whether numbers libphonenumber cannot tell apart (US/CA) count as mobile
     * @param referenceKey     HMAC key for the caller reference stored in Redis (never the number)
     */
    public record Callers(String defaultRegion, List<String> allowedCountries, boolean allowFixedOrMobile,
                          String referenceKey) {
        public Callers {
            allowedCountries = List.copyOf(allowedCountries);
        }
    }

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
     * @param dlrUrl     base of the URL Kannel calls with delivery reports; empty: no reports asked for
     * @param dlrSecret  HMAC-SHA-256 key that signs the reference in the report URL ({@code sig=}); set when
     *                   {@code dlrUrl} is
     */
    public record Kannel(URI sendsmsUrl, String username, String password, String smsc, Optional<URI> dlrUrl,
                         String dlrSecret) {
        /** Without delivery reports. */
        public Kannel(URI sendsmsUrl, String username, String password, String smsc) {
            this(sendsmsUrl, username, password, smsc, Optional.empty(), "");
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
     */
    public record Links(URI publicBaseUrl, int codeLength, Duration ttl) {}

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
     */
    public record Prompts(Path directory, String voice, Map<String, String> texts, Optional<Path> holdMusic,
                          Path mohDirectory, Path asteriskMohDirectory, Duration musicBetween,
                          float rate, float pitch) {
        public Prompts {
            texts = Map.copyOf(texts);
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
}
