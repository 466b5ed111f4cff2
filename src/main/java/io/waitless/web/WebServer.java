package io.waitless.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.waitless.call.CallEvent;
import io.waitless.call.Deflection;
import io.waitless.call.EventType;
import io.waitless.call.Journal;
import io.waitless.config.WaitlessConfig;
import io.waitless.link.LinkStore;
import io.waitless.link.LinkStoreException;
import io.waitless.link.ShortLink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;

/**
 * The node's HTTP side: the short-link redirect {@code GET /l/{code}}, {@code GET /healthz} and the
 * Prometheus scrape {@code GET /metrics}. Requests run on virtual threads.
 *
 * <p>A link that is unknown or expired gets a plain page that says so and points to the company's
 * website; a link store that is down gets a 503 page. Neither reveals whether a code ever existed.
 */
public final class WebServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebServer.class);

    private final Javalin app;
    private final LinkStore links;
    private final Journal journal;
    private final Clock clock;
    private final String company;

    public WebServer(WaitlessConfig.Http cfg, String company, LinkStore links, Journal journal,
                     PrometheusMeterRegistry metrics, Clock clock) {
        this.links = links;
        this.journal = journal;
        this.clock = clock;
        this.company = company;
        this.app = Javalin.create(c -> {
            c.jetty.host = cfg.bind().getHostAddress();
            c.jetty.port = cfg.port();
            c.concurrency.useVirtualThreads = true;
            c.startup.showJavalinBanner = false;
            c.routes.get("/l/{code}", this::redirect);
            c.routes.get("/healthz", ctx -> ctx.result("ok\n"));
            c.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(metrics.scrape()));
        });
    }

    public WebServer start() {
        app.start();
        log.info("HTTP listening on port {} (/l/<code>, /healthz, /metrics)", port());
        return this;
    }

    public int port() {
        return app.port();
    }

    private void redirect(Context ctx) {
        String code = ctx.pathParam("code");
        Optional<ShortLink> link;
        try {
            link = links.find(code);
        } catch (LinkStoreException e) {
            log.warn("link lookup failed: {}", e.getMessage());
            ctx.status(503).html(page("This link cannot be opened right now",
                    "Please try again in a minute."));
            return;
        }
        if (link.isEmpty()) {
            ctx.status(404).html(page("This link has expired or is not valid",
                    "Links we text you work for a limited time. Call us again or visit " + company + " online."));
            return;
        }
        ShortLink l = link.get();
        journal.advanceDeflection(l.deflection(), Deflection.State.OPENED, clock.instant());
        journal.append(CallEvent.of(EventType.LINK_OPENED, clock.instant(), "").with("deflection", l.deflection())
                .with("flow", l.flow()).build());
        log.info("link opened: deflection {} → flow {}", l.deflection(), l.flow());
        ctx.header("Cache-Control", "no-store");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.redirect(l.target().toString(), io.javalin.http.HttpStatus.FOUND);
    }

    private static String page(String title, String text) {
        return "<!doctype html><html lang=en><meta charset=utf-8><meta name=viewport content=\"width=device-width\">"
                + "<title>" + escape(title) + "</title><body style=\"font-family:sans-serif;max-width:30em;margin:3em auto\">"
                + "<h1>" + escape(title) + "</h1><p>" + escape(text) + "</p></body></html>";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    @Override
    public void close() {
        app.stop();
    }
}
