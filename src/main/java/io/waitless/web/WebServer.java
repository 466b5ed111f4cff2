package io.waitless.web;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.waitless.call.Journal;
import io.waitless.config.WaitlessConfig;
import io.waitless.deflect.OptOuts;
import io.waitless.followup.FollowUpNode;
import io.waitless.deflect.SmsKeywords;
import io.waitless.link.LinkStore;
import io.waitless.link.LinkTokens;
import io.waitless.link.TokenLedger;
import io.waitless.link.TokenRedemption;
import io.waitless.phone.PhoneNumberPolicy;
import io.waitless.report.Analytics;
import org.eclipse.jetty.http.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;

/**
 * The node's HTTP side. People: {@code GET /l/{code}} (redirect to the flow with a fresh signed token),
 * {@code GET /link-problem}. The self-service site: {@code POST /api/tokens/redeem},
 * {@code POST /api/deflections/{id}/completed}. SMS gateways: {@code /hooks/kannel/dlr},
 * {@code /hooks/kannel/mo}, {@code /hooks/twilio/sms}, {@code /hooks/twilio/status}. Analysts, when
 * {@link Parts#analytics()} is given: {@code GET /api/funnel}, {@code /api/experiments}, {@code /api/journeys/{id}},
 * {@code /api/live} (API key) and the dashboard at {@code /dashboard} (login; see {@link Dashboard}); with follow-ups,
 * {@code /api/surveys}, {@code /api/alerts}, {@code POST /api/alerts/{id}/ack}, {@code /api/returnees} and
 * {@code /api/returnees.csv} (API key). Operations:
 * {@code GET /healthz} (the HTTP side is up), {@code GET /readyz} (200 once the whole node has started and FastAGI
 * listens, 503 before: what a load balancer or a start-up timer waits for), {@code GET /metrics}. Requests run on virtual threads; request bodies are capped
 * at 16 KiB.
 */
public final class WebServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebServer.class);

    /**
     * What the HTTP side works with.
     *
     * @param links     short links
     * @param journal   events and deflection records
     * @param tokens    signs and verifies link tokens
     * @param ledger    makes tokens single-use
     * @param replays   drops replayed webhooks
     * @param optOuts   where STOP replies go
     * @param phones    turns a sender's number into the caller reference
     * @param channels  which digital channels are up: a link to a flow of a channel that is down is suspended
     * @param analytics the numbers analysts read; without it the report API and the dashboard are off (404)
     * @param followUps surveys, alerts and returnees: told of completed flows, reading survey replies, answering
     *                  {@code /api/surveys}, {@code /api/alerts}, {@code /api/returnees}; without it those are off
     */
    public record Parts(LinkStore links, Journal journal, LinkTokens tokens, TokenLedger ledger, ReplayGuard replays,
                        OptOuts optOuts, PhoneNumberPolicy phones, io.waitless.deflect.ChannelStates channels,
                        Optional<Analytics> analytics, Optional<FollowUpNode> followUps) {
        /** Without follow-ups. */
        public Parts(LinkStore links, Journal journal, LinkTokens tokens, TokenLedger ledger, ReplayGuard replays,
                     OptOuts optOuts, PhoneNumberPolicy phones, io.waitless.deflect.ChannelStates channels,
                     Optional<Analytics> analytics) {
            this(links, journal, tokens, ledger, replays, optOuts, phones, channels, analytics, Optional.empty());
        }

        /** Every channel up, no analytics. */
        public Parts(LinkStore links, Journal journal, LinkTokens tokens, TokenLedger ledger, ReplayGuard replays,
                     OptOuts optOuts, PhoneNumberPolicy phones) {
            this(links, journal, tokens, ledger, replays, optOuts, phones, io.waitless.deflect.ChannelStates.ALL_UP);
        }

        /** No analytics: the report API and the dashboard are off. */
        public Parts(LinkStore links, Journal journal, LinkTokens tokens, TokenLedger ledger, ReplayGuard replays,
                     OptOuts optOuts, PhoneNumberPolicy phones, io.waitless.deflect.ChannelStates channels) {
            this(links, journal, tokens, ledger, replays, optOuts, phones, channels, Optional.empty());
        }

        /** These parts with the numbers for the report API and the dashboard. */
        public Parts withAnalytics(Analytics a) {
            return new Parts(links, journal, tokens, ledger, replays, optOuts, phones, channels, Optional.of(a), followUps);
        }

        /** These parts with the node's follow-ups. */
        public Parts withFollowUps(FollowUpNode f) {
            return new Parts(links, journal, tokens, ledger, replays, optOuts, phones, channels, analytics, Optional.of(f));
        }
    }

    private final Javalin app;
    private final WaitlessConfig cfg;
    /** Set by {@link #markReady()} when the rest of the node has started. */
    private final java.util.concurrent.atomic.AtomicBoolean ready = new java.util.concurrent.atomic.AtomicBoolean();
    /** What the start-up line says about the report API and the dashboard. */
    private final String reportsState;
    private final String dashboardState;

    public WebServer(WaitlessConfig cfg, Parts parts, PrometheusMeterRegistry metrics, Clock clock) {
        this(() -> cfg, parts, metrics, clock);
    }

    /**
     * @param live the config in force: the link pages read the company and the flows from it at each request,
     *             so a reload reaches them; listening address, API keys and webhook secrets are read once
     */
    public WebServer(java.util.function.Supplier<WaitlessConfig> live, Parts parts, PrometheusMeterRegistry metrics,
                     Clock clock) {
        WaitlessConfig cfg = live.get();
        this.cfg = cfg;
        HookRequests requests = new HookRequests(parts.journal(), clock);
        LinkRoutes links = new LinkRoutes(live, parts.links(), parts.tokens(), parts.journal(), parts.channels(), clock);
        ApiAuth auth = new ApiAuth(cfg.api().keys(), requests);
        TokenApi api = new TokenApi(cfg, auth, new TokenRedemption(parts.tokens(), parts.ledger()), requests,
                parts.replays(), parts.journal(), clock,
                parts.followUps().map(FollowUpNode::planner).orElse(io.waitless.deflect.FollowUps.NONE));
        Optional<FollowUpEndpoints> followUps = parts.followUps()
                .map(f -> new FollowUpEndpoints(f, cfg.company().timezone(), clock));
        Optional<ReportEndpoints> reports = parts.analytics().map(ReportEndpoints::new);
        Optional<Dashboard> dashboard = reports.filter(r -> cfg.dashboard().enabled())
                .map(r -> new Dashboard(live, cfg.dashboard(), r, followUps, clock));
        this.reportsState = reports.isEmpty() ? "off (no analytics store)" : auth.enabled() ? "on" : "off (no api.keys)";
        this.dashboardState = reports.isEmpty() ? "off (no analytics store)"
                : dashboard.isPresent() ? "on" : "off (no dashboard.users)";
        SmsInbox inbox = new SmsInbox(parts.phones(), parts.optOuts(),
                new SmsKeywords(cfg.smsIn().optOutKeywords(), cfg.smsIn().optInKeywords()), parts.journal(), clock,
                parts.followUps().map(FollowUpNode::replies));
        SmsHooks hooks = new SmsHooks(cfg.hooks(), requests, parts.replays(), inbox, clock);
        this.app = Javalin.create(c -> {
            c.jetty.host = cfg.http().bind().getHostAddress();
            c.jetty.port = cfg.http().port();
            c.concurrency.useVirtualThreads = true;
            c.startup.showJavalinBanner = false;
            c.http.maxRequestSize = HookRequests.MAX_BODY;
            c.routes.get("/l/{code}", links::open);
            c.routes.get("/link-problem", links::problem);
            c.routes.post("/api/tokens/redeem", api::redeem);
            c.routes.post("/api/deflections/{id}/completed", api::completed);
            c.routes.get("/hooks/kannel/dlr", hooks::kannelDlr);
            c.routes.post("/hooks/kannel/dlr", hooks::kannelDlr);
            c.routes.get("/hooks/kannel/mo", hooks::kannelMo);
            c.routes.post("/hooks/kannel/mo", hooks::kannelMo);
            c.routes.post("/hooks/twilio/sms", hooks::twilioSms);
            c.routes.post("/hooks/twilio/status", hooks::twilioStatus);
            reports.ifPresent(r -> {
                c.routes.get("/api/funnel", keyed(auth, r::funnel));
                c.routes.get("/api/experiments", keyed(auth, r::experiments));
                c.routes.get("/api/journeys/{id}", keyed(auth, ctx -> r.journey(ctx, ctx.pathParam("id"))));
                c.routes.get("/api/live", keyed(auth, r::live));
            });
            followUps.ifPresent(f -> {
                c.routes.get("/api/surveys", keyed(auth, f::surveys));
                c.routes.get("/api/alerts", keyed(auth, f::alerts));
                c.routes.post("/api/alerts/{id}/ack", keyed(auth, ctx -> f.acknowledge(ctx, "api")));
                c.routes.get("/api/returnees", keyed(auth, f::returnees));
                c.routes.get("/api/returnees.csv", keyed(auth, f::returneesCsv));
            });
            dashboard.ifPresent(d -> d.register(c.routes));
            c.routes.get("/healthz", ctx -> ctx.result("ok\n"));
            c.routes.get("/readyz", ctx -> ctx.status(ready.get() ? 200 : 503).result(ready.get() ? "ready\n" : "starting\n"));
            c.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(metrics.scrape()));
            c.routes.exception(IllegalArgumentException.class, (e, ctx) -> {
                log.warn("bad request to {}: {}", loggablePath(ctx), e.getMessage());
                ctx.status(400).result("malformed request\n");
            });
            c.routes.exception(Exception.class, (e, ctx) -> {
                if (e instanceof io.javalin.http.HttpResponseException r) { // Javalin's own answers stay as they are
                    ctx.status(r.getStatus()).result(r.getMessage() + "\n");
                    return;
                }
                // Jetty's refusal of a request it cannot read (a multipart form without a boundary, a broken form
                // encoding, a body shorter than its Content-Length) reaches us wrapped when a handler reads the
                // body or the form: the client's fault, answered with Jetty's 4xx
                Optional<HttpException> bad = clientFault(e);
                if (bad.isPresent()) {
                    log.warn("bad request to {}: {}", loggablePath(ctx), bad.get().getReason());
                    ctx.status(bad.get().getCode()).result("malformed request\n");
                    return;
                }
                log.error("{} {} failed", ctx.method(), loggablePath(ctx), e);
                ctx.status(500).result("server error\n");
            });
        });
    }

    /**
     * The request's path for a log line: a journey's path holds a phone number, which is never logged; control
     * characters (decoded from {@code %0d}…) would forge log lines; at most 200 characters.
     */
    private static String loggablePath(io.javalin.http.Context ctx) {
        return io.waitless.call.LogText.printable(
                ctx.path().startsWith("/api/journeys/") ? "/api/journeys/…" : ctx.path(), 200);
    }

    /** The Jetty 4xx in {@code e}'s causes, if any. */
    private static Optional<HttpException> clientFault(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpException h && h.getCode() >= 400 && h.getCode() < 500) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    /** A route behind the API key. */
    private static io.javalin.http.Handler keyed(ApiAuth auth, java.util.function.Consumer<io.javalin.http.Context> then) {
        return ctx -> {
            if (auth.authorized(ctx)) {
                then.accept(ctx);
            }
        };
    }

    public WebServer start() {
        app.start();
        log.info("HTTP listening on port {} (/l/<code>, /link-problem, /api {}, report API {}, /dashboard {}, "
                        + "Kannel hooks {}, Twilio hooks {}, /healthz, /metrics)", port(),
                cfg.api().enabled() ? "on" : "off (no api.keys)", reportsState, dashboardState,
                cfg.hooks().kannelSecret().isEmpty() ? "off (no hooks.kannel-secret)" : "on",
                cfg.hooks().twilioAuthToken().isEmpty() ? "off (no hooks.twilio-auth-token)" : "on");
        return this;
    }

    public int port() {
        return app.port();
    }

    /** The whole node has started (FastAGI listens): {@code /readyz} answers 200 from now on. Any thread. */
    public void markReady() {
        ready.set(true);
    }

    @Override
    public void close() {
        app.stop();
    }
}
