package io.waitless.config;

import io.waitless.config.WaitlessConfig.Agi;
import io.waitless.config.WaitlessConfig.Callers;
import io.waitless.config.WaitlessConfig.Company;
import io.waitless.config.WaitlessConfig.Http;
import io.waitless.config.WaitlessConfig.Links;
import io.waitless.config.WaitlessConfig.Redis;

import org.snakeyaml.engine.v2.nodes.Node;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code waitless.yaml} into one validated {@link WaitlessConfig}. Every problem in the file is
 * collected and reported at once, each as {@code file:line: key: message}; unknown keys are errors.
 * Values may be {@code ${NAME}} or {@code ${NAME:-default}}, taken from the environment given to the
 * constructor; a value that came from the environment is never printed. Relative paths are kept
 * relative, so they resolve against the working directory of the process, not the file's directory.
 *
 * <p>Stateless and thread-safe; {@link #load} blocks while reading the file (and checking that
 * {@code prompts.hold-music} exists).
 */
public final class ConfigLoader {

    /** A loaded config and the warnings about it (each {@code file:line: key: message}). */
    public record Loaded(WaitlessConfig config, List<String> warnings) {
        public Loaded {
            warnings = List.copyOf(warnings);
        }
    }


    private final EnvSubstitution env;

    /** A loader that substitutes {@code ${NAME}} from the process environment. */
    public ConfigLoader() {
        this(System.getenv());
    }

    /** A loader that substitutes {@code ${NAME}} from {@code env} (tests pass their own map). */
    public ConfigLoader(Map<String, String> env) {
        this.env = new EnvSubstitution(env);
    }

    /**
     * Loads and validates a config file.
     *
     * @throws ConfigException listing every error, one per line after a summary line
     */
    public WaitlessConfig load(Path file) {
        return loadWithWarnings(file).config();
    }

    /** Like {@link #load}, and also returns the warnings (e.g. an SMS template that needs two segments). */
    public Loaded loadWithWarnings(Path file) {
        Problems problems = new Problems(file.toString());
        return load(file, YamlDocument.read(file, problems), problems);
    }

    /**
     * Like {@link #loadWithWarnings(Path)}, of {@code text} read from {@code file} beforehand: a reload
     * validates exactly the bytes it will apply, even if the file changes again meanwhile. Problems still
     * name {@code file} and its lines.
     */
    public Loaded loadWithWarnings(Path file, String text) {
        Problems problems = new Problems(file.toString());
        return load(file, YamlDocument.read(file, new java.io.StringReader(text), problems), problems);
    }

    /**
     * Only the {@code redis} section of a file, read exactly as {@link #load} reads it (defaults, {@code ${NAME}}),
     * whatever the rest of the file holds: tools such as {@code config status} must find the nodes' Redis even
     * when the file on disk is refused. Empty when the file is not YAML or the section itself is wrong.
     */
    public Optional<Redis> redisOf(Path file) {
        Problems problems = new Problems(file.toString());
        Optional<Node> document = YamlDocument.read(file, problems);
        if (document.isEmpty()) {
            return Optional.empty();
        }
        Redis r = RedisReader.read(Section.root(document.get(), problems, env).section("redis"));
        return problems.hasErrors() ? Optional.empty() : Optional.of(r);
    }

    private Loaded load(Path file, Optional<Node> document, Problems problems) {
        problems.throwIfAny();
        Section root = Section.root(document.orElseThrow(), problems, env);

        Company company = company(root.section("company"));
        Agi agi = agi(root.section("agi"));
        Http http = http(root.section("http"));
        Redis redis = RedisReader.read(root.section("redis"));
        Callers callers = CallersReader.read(root.section("callers"));
        SmsReader.Read sms = SmsReader.read(root.section("sms"));
        Links links = links(root.section("links"));
        WaitlessConfig.Prompts prompts = PromptsReader.read(root.section("prompts"));
        CatalogReader.Catalog catalog = CatalogReader.read(root, sms.sms().templates().keySet(), company.timezone(),
                prompts.languages());
        sms.checkFlows(catalog.flows());
        WaitlessConfig.Budgets budgets = BudgetsReader.read(root.section("budgets"));
        WaitlessConfig.Api api = WebReader.api(root.section("api"));
        WaitlessConfig.Hooks hooks = WebReader.hooks(root.section("hooks"), links.publicBaseUrl());
        WaitlessConfig.SmsIn smsIn = WebReader.smsIn(root.section("sms-in"));
        WaitlessConfig.Intents intents = IntentsReader.read(root.section("intents"), catalog.flows());
        catalog.checkIntents(intents.items().stream().map(io.waitless.intent.Intent::id).toList(), problems);
        WaitlessConfig.Speech speech = SpeechReader.read(root.section("speech"), catalog.queues(),
                !intents.items().isEmpty(), agi.allow());
        WaitlessConfig.Timed timed = TimedReader.read(root.section("ami"), catalog.queueSections());
        WaitlessConfig.Journal journal = journal(root.section("journal"));
        WaitlessConfig.Dashboard dashboard = DashboardReader.read(root.section("dashboard"));
        WaitlessConfig.FollowUp followUp = FollowUpReader.read(root.section("followup"));
        if (sms.sms().kannel().flatMap(WaitlessConfig.Kannel::dlrUrl).isPresent() && hooks.kannelSecret().isEmpty()) {
            Section kannel = root.section("sms").section("kannel");
            problems.error(kannel.lineOf("dlr-url"), kannel.key("dlr-url"),
                    "needs hooks.kannel-secret: it signs each delivery-report URL so the hook can refuse forgeries");
        }
        root.finish();
        problems.throwIfAny();

        sms.warnAboutSegments(company, catalog.flows(), links);
        WaitlessConfig config = new WaitlessConfig(file, company, agi, http, redis, callers, sms.sms(), links,
                prompts, catalog.channels(), catalog.flows(), catalog.promotions(), catalog.queues(), budgets,
                api, hooks, smsIn, intents, speech, timed, journal, dashboard, followUp);
        return new Loaded(config, problems.warnings());
    }

    private static Company company(Section s) {
        String name = s.required("name").map(Scalar::value).orElse("");
        Optional<URI> website = s.scalar("website").filter(w -> !w.value().isBlank())
                .flatMap(w -> Values.convert(s.problems(), w, Values::httpUrl));
        java.time.ZoneId zone = s.scalar("timezone").flatMap(z -> Values.convert(s.problems(), z, v -> {
            try {
                return java.time.ZoneId.of(v.strip());
            } catch (java.time.DateTimeException e) {
                throw new IllegalArgumentException("is not a time zone (a region such as Asia/Jerusalem or Europe/London, or UTC)");
            }
        })).orElse(java.time.ZoneOffset.UTC);
        return new Company(name, website, zone);
    }

    private static Agi agi(Section s) {
        InetAddress bind = address(s, "bind", "127.0.0.1");
        int port = Values.integer(s, "port", 4573, 0, 65_535);
        List<Cidr> allow = allow(s, Cidr.LOOPBACK);
        Duration script = Values.duration(s, "script-deadline", Duration.ofSeconds(20), Duration.ofSeconds(1), Duration.ofSeconds(120));
        Duration hangup = Values.duration(s, "hangup-deadline", Duration.ofSeconds(3), Duration.ofMillis(100), Duration.ofSeconds(30));
        return new Agi(bind, port, allow, script, hangup);
    }

    private static Http http(Section s) {
        return new Http(address(s, "bind", "127.0.0.1"), Values.integer(s, "port", 8080, 0, 65_535));
    }

    private static WaitlessConfig.Journal journal(Section s) {
        WaitlessConfig.Journal d = WaitlessConfig.Journal.DEFAULTS;
        Duration retention = Values.duration(s, "retention", d.retention(), Duration.ofDays(1), Duration.ofDays(3650));
        Duration repeat = Values.duration(s, "repeat-window", d.repeatWindow(), Duration.ofHours(1), Duration.ofDays(90));
        Section sp = s.section("spool");
        String dir = Values.text(sp, "directory", "var/spool");
        int maxMb = Values.integer(sp, "max-mb", 256, 1, 1_000_000);
        Optional<WaitlessConfig.Spool> spool = dir.isBlank() ? Optional.empty()
                : Optional.of(new WaitlessConfig.Spool(Path.of(dir), maxMb * 1024L * 1024L));
        return new WaitlessConfig.Journal(retention, repeat, spool);
    }

    /** Secrets shorter than this get a warning. */
    static final int STRONG_KEY_LENGTH = 32;

    /** Warns when a secret came from the default written in the file (a demo value) or is short. */
    static void warnAboutKey(Problems problems, Scalar key) {
        if (!key.defaulted().isEmpty()) {
            problems.warning(key.line(), key.key(), String.join(", ", key.defaulted())
                    + " is not set, so the default written in the file is used; set it in production");
        } else if (key.value().length() < STRONG_KEY_LENGTH) {
            problems.warning(key.line(), key.key(), "is shorter than " + STRONG_KEY_LENGTH
                    + " characters; use a long random value (e.g. openssl rand -base64 32)");
        }
    }

    private static Links links(Section s) {
        URI base = s.required("public-base-url").flatMap(u -> Values.convert(s.problems(), u, v -> {
            URI parsed = Values.httpUrl(v);
            if (parsed.getRawQuery() != null || parsed.getRawFragment() != null) {
                throw new IllegalArgumentException("must not have a query (?...) or fragment (#...): links are built as <base>/l/<code>");
            }
            return parsed;
        })).orElse(null);
        int codeLength = Values.integer(s, "code-length", 12, 8, 32);
        Duration ttl = Values.duration(s, "ttl", Duration.ofDays(7), Duration.ofMinutes(1), Duration.ofDays(365));
        return new Links(base, codeLength, ttl, WebReader.signing(s.section("signing"), base));
    }

    private static InetAddress address(Section s, String name, String fallback) {
        return s.scalar(name).flatMap(a -> Values.convert(s.problems(), a, Values::address))
                .orElseGet(() -> Values.address(fallback));
    }

    /**
     * The {@code allow} list of {@code s} (addresses or CIDR blocks, each refused with its line when it is
     * neither), or {@code fallback} when the key is absent.
     */
    static List<Cidr> allow(Section s, List<Cidr> fallback) {
        return s.has("allow")
                ? s.scalars("allow").stream()
                        .flatMap(a -> Values.convert(s.problems(), a, ConfigLoader::cidr).stream()).toList()
                : fallback;
    }

    private static Cidr cidr(String v) {
        try {
            return Cidr.parse(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not an IP address or CIDR block with a valid prefix"
                    + " (e.g. 127.0.0.1, ::1, 10.0.0.0/8; names are not looked up)", e);
        }
    }
}
