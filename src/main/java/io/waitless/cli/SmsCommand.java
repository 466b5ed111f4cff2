package io.waitless.cli;

import io.waitless.App;
import io.waitless.journal.RedisConnector;
import io.waitless.journal.RedisOptOuts;
import redis.clients.jedis.UnifiedJedis;
import java.time.Clock;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.waitless.WaitlessException;
import io.waitless.call.CallInfo;
import io.waitless.config.WaitlessConfig;
import io.waitless.deflect.CallerVerdict;
import io.waitless.deflect.DeflectionSettings;
import io.waitless.deflect.Flow;
import io.waitless.link.LinkCodes;
import io.waitless.sms.DeliveryListener;
import io.waitless.sms.Gsm7;
import io.waitless.sms.SmsException;
import io.waitless.sms.SmsGateway;
import io.waitless.sms.SmsGateways;
import io.waitless.sms.SmsMessage;
import io.waitless.sms.SmsReceipt;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code waitless sms send}: renders a configured SMS template with a sample link and sends it to one number
 * through the configured gateway, with the same retries and breaker as in service. For checking a gateway and
 * a template by hand. Exit codes: 0 sent (or shown, with {@code --dry-run}), 1 refused or failed, 2 bad usage
 * (unknown template language or flow).
 */
@Command(name = "sms", mixinStandardHelpOptions = true,
        description = "Sends a test text through the configured SMS gateway.",
        subcommands = {SmsCommand.Send.class})
public final class SmsCommand implements Runnable {

    private static final String DEFAULT_CONFIG = "config/waitless.yaml";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Function<Path, WaitlessConfig> loader;
    private final Function<WaitlessConfig.Sms, SmsGateway> gateways;
    private final OptOutLookup optOuts;

    /** Whether a caller reference is on the opt-out list; throws when the list cannot be read. */
    @FunctionalInterface
    interface OptOutLookup {
        boolean optedOut(WaitlessConfig cfg, String callerRef);
    }

    public SmsCommand() {
        this(ConfigLoaderBridge::load,
                sms -> SmsGateways.create(sms, new SimpleMeterRegistry(), DeliveryListener.NONE),
                (cfg, ref) -> {
                    try (UnifiedJedis redis = RedisConnector.connect(cfg.redis())) {
                        return new RedisOptOuts(redis, cfg.redis().keyPrefix()).contains(ref);
                    }
                });
    }

    /**
     * @param loader   reads the config file
     * @param gateways builds the gateway to send through; the command closes it
     * @param optOuts  the opt-out list (Redis in production): an opted-out number is never texted, not even here
     */
    SmsCommand(Function<Path, WaitlessConfig> loader, Function<WaitlessConfig.Sms, SmsGateway> gateways,
               OptOutLookup optOuts) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.gateways = Objects.requireNonNull(gateways, "gateways");
        this.optOuts = Objects.requireNonNull(optOuts, "optOuts");
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "send", mixinStandardHelpOptions = true,
            description = {"Renders template LANG (for flow F) with a sample link, checks the number like a",
                    "caller's, prints the text, its encoding and segments, and sends it."})
    static final class Send implements Callable<Integer> {

        @CommandLine.ParentCommand
        SmsCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--to", required = true, paramLabel = "NUMBER",
                description = "recipient, international (+972...) or in callers.default-region's format")
        String to;

        @Option(names = "--template", required = true, paramLabel = "LANG",
                description = "the template's language under sms.templates (en, he, ...)")
        String language;

        @Option(names = "--flow", paramLabel = "F",
                description = "flow id: its own text if the language has one, and its title as {flow} "
                        + "(default: the first configured flow)")
        String flowId;

        @Option(names = "--config", paramLabel = "FILE", defaultValue = DEFAULT_CONFIG,
                description = "config file (default: ${DEFAULT-VALUE})")
        Path config;

        @Option(names = "--dry-run", description = "print the text and the checks; send nothing")
        boolean dryRun;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                WaitlessConfig cfg = parent.loader.apply(config);
                String text = render(cfg);
                CallerVerdict verdict = App.numberPolicy(cfg, Clock.systemUTC())
                        .check(new CallInfo("cli", "", to, 0, language), "");
                if (!(verdict instanceof CallerVerdict.Textable textable)) {
                    CallerVerdict.NotTextable no = (CallerVerdict.NotTextable) verdict;
                    err.println("refused: " + no.masked() + " gets no text (" + no.reason().wireName() + "): "
                            + "it must be a valid mobile number of " + String.join(", ",
                            cfg.callers().allowedCountries()));
                    return 1;
                }
                boolean optedOut;
                try {
                    optedOut = parent.optOuts.optedOut(cfg, textable.reference());
                } catch (RuntimeException e) {
                    if (!dryRun) {
                        err.println("refused: the opt-out list cannot be read (" + e.getMessage() + "); no text is"
                                + " sent without checking it");
                        return 1;
                    }
                    err.println("warning: the opt-out list cannot be read (" + e.getMessage() + "); a real send"
                            + " would be refused");
                    optedOut = false;
                }
                if (optedOut) {
                    err.println("refused: " + textable.masked() + " is on the opt-out list (see 'waitless optout list')");
                    return 1;
                }
                out.println("to:       " + textable.masked());
                out.println("text:     " + text);
                out.println("encoding: " + (Gsm7.isEncodable(text) ? "GSM-7" : "UCS-2") + ", " + text.length()
                        + " characters, " + Gsm7.segments(text) + " segment" + (Gsm7.segments(text) == 1 ? "" : "s"));
                if (dryRun) {
                    out.println("dry run: nothing sent (gateway " + cfg.sms().gateway().name().toLowerCase(
                            java.util.Locale.ROOT) + ")");
                    return 0;
                }
                return send(cfg, new SmsMessage("cli-" + UUID.randomUUID(), textable.e164(), cfg.sms().sender(),
                        text), out, err);
            } catch (CommandLine.ParameterException e) {
                throw e;
            } catch (WaitlessException e) {
                err.println(e.getMessage());
                return 1;
            } finally {
                out.flush();
                err.flush();
            }
        }

        private String render(WaitlessConfig cfg) {
            if (!cfg.sms().templates().containsKey(language)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no template for language \""
                        + language + "\" (templates: " + String.join(", ", cfg.sms().templates().keySet()) + ")");
            }
            Flow flow = flowId == null ? cfg.flows().getFirst() : cfg.flow(flowId).orElseThrow(() ->
                    new CommandLine.ParameterException(spec.commandLine(), "no flow \"" + flowId + "\" (flows: "
                            + String.join(", ", cfg.flows().stream().map(Flow::id).toList()) + ")"));
            DeflectionSettings settings = new DeflectionSettings(cfg.company().name(), cfg.sms().sender(),
                    cfg.links().publicBaseUrl(), cfg.links().ttl(), cfg.sms().templates(), cfg.sms().flowTemplates(),
                    cfg.flows(), cfg.promotions(), "");
            String base = cfg.links().publicBaseUrl().toString().replaceAll("/+$", "");
            String link = base + "/l/" + new LinkCodes(cfg.links().codeLength()).next();
            return settings.template(language, flow.id()).replace("{company}", cfg.company().name())
                    .replace("{flow}", flow.title()).replace("{link}", link);
        }

        private int send(WaitlessConfig cfg, SmsMessage message, PrintWriter out, PrintWriter err) {
            try (SmsGateway gateway = parent.gateways.apply(cfg.sms())) {
                SmsReceipt receipt = gateway.send(message);
                out.println("sent:     via " + receipt.gateway() + ", message id "
                        + (receipt.messageId().isEmpty() ? "(none)" : receipt.messageId())
                        + (receipt.detail().isEmpty() ? "" : ", " + receipt.detail()));
                return 0;
            } catch (SmsException e) {
                err.println("failed:   " + e.getMessage() + (e.retryable() ? " (temporary)" : ""));
                return 1;
            }
        }
    }
}
