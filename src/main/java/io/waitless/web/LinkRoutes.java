package io.waitless.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.waitless.call.CallEvent;
import io.waitless.call.Deflection;
import io.waitless.call.EventType;
import io.waitless.call.Journal;
import io.waitless.config.WaitlessConfig;
import io.waitless.deflect.Flow;
import io.waitless.link.LinkCodes;
import io.waitless.link.LinkStore;
import io.waitless.link.LinkStoreException;
import io.waitless.link.LinkTokens;
import io.waitless.link.ShortLink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

/**
 * What people open: {@code GET /l/{code}} (redirect to the flow with a fresh token) and
 * {@code GET /link-problem} (the page the self-service site sends a person to when a token is refused).
 * The short link itself is not single-use, since messaging apps and link scanners fetch it first; each
 * open mints a new token, and the token is single-use. Thread-safe.
 */
final class LinkRoutes {
    private static final Logger log = LoggerFactory.getLogger(LinkRoutes.class);
    static final String TOKEN_PARAM = "wl_token";

    private final java.util.function.Supplier<WaitlessConfig> live;
    private final LinkStore links;
    private final LinkTokens tokens;
    private final Journal journal;
    private final io.waitless.deflect.ChannelStates channels;
    private final Clock clock;

    LinkRoutes(java.util.function.Supplier<WaitlessConfig> live, LinkStore links, LinkTokens tokens, Journal journal,
               io.waitless.deflect.ChannelStates channels, Clock clock) {
        this.live = live;
        this.channels = channels;
        this.links = links;
        this.tokens = tokens;
        this.journal = journal;
        this.clock = clock;
    }

    void open(Context ctx) {
        WaitlessConfig cfg = live.get();
        String code = ctx.pathParam("code");
        ctx.header("Cache-Control", "no-store");
        ctx.header("Referrer-Policy", "no-referrer");
        Optional<ShortLink> link;
        try {
            link = links.find(code);
        } catch (LinkStoreException e) {
            log.warn("link lookup failed: {}", e.getMessage());
            ctx.status(503).html(Pages.page("This link cannot be opened right now", "Please try again in a minute.",
                    Optional.empty(), ""));
            return;
        }
        if (link.isEmpty()) {
            journal.append(CallEvent.of(EventType.LINK_REFUSED, clock.instant(), "")
                    .with("reason", "unknown-or-expired").with("code", LinkCodes.wellFormed(code) ? code : "").build());
            log.info("link refused: unknown or expired code");
            ctx.status(404).html(Pages.page("This link has expired or is not valid",
                    "Links we text you work for a limited time. Call us again or visit " + cfg.company().name()
                            + " online.", cfg.company().website(), "Go to " + cfg.company().name()));
            return;
        }
        ShortLink l = link.get();
        Optional<Flow> flow = cfg.flow(l.flow());
        if (flow.isPresent() && !channels.up(flow.get().channel())) {
            journal.append(CallEvent.of(EventType.LINK_REFUSED, clock.instant(), "").with("reason", "channel-down")
                    .with("deflection", l.deflection()).with("flow", l.flow()).with("channel", flow.get().channel()).build());
            log.info("link refused: deflection {} → flow {}: channel {} is down", l.deflection(), l.flow(),
                    flow.get().channel());
            ctx.status(503).header("Retry-After", "300").html(Pages.page(flow.get().title().substring(0, 1).toUpperCase(Locale.ROOT)
                            + flow.get().title().substring(1) + " is not available online right now",
                    "We are sorry: this service is down for a moment. Please try this link again a little later (it"
                            + " still works), or call us.", cfg.company().website(),
                    "Go to " + cfg.company().name()));
            return;
        }
        Optional<Deflection> d = journal.deflection(l.deflection());
        String caller = d.map(Deflection::callerRef).orElse("");
        // the intent claim: the caller's spoken intent when they were asked, else the flow that stands for it
        String intent = d.map(x -> x.tags().get("intent")).orElse(l.flow());
        String token = tokens.issue(l.deflection(), caller, l.flow(), intent);
        journal.advanceDeflection(l.deflection(), Deflection.State.OPENED, clock.instant());
        journal.append(d.map(x -> x.event(EventType.LINK_OPENED, clock.instant()))
                .orElseGet(() -> CallEvent.of(EventType.LINK_OPENED, clock.instant(), "").with("deflection", l.deflection())
                        .with("flow", l.flow())).build());
        log.info("link opened: deflection {} → flow {}", l.deflection(), l.flow());
        ctx.redirect(withToken(l.target(), token), HttpStatus.FOUND);
    }

    /** The flow URL with {@code wl_token=<token>} added to its query (kept) and before its fragment. */
    static String withToken(URI target, String token) {
        String s = target.toString();
        int hash = s.indexOf('#');
        String fragment = hash < 0 ? "" : s.substring(hash);
        String base = hash < 0 ? s : s.substring(0, hash);
        String sep = base.contains("?") ? (base.endsWith("?") || base.endsWith("&") ? "" : "&") : "?";
        return base + sep + TOKEN_PARAM + "=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + fragment;
    }

    void problem(Context ctx) {
        WaitlessConfig cfg = live.get();
        String reason = Optional.ofNullable(ctx.queryParam("reason")).orElse("invalid");
        Optional<Flow> flow = Optional.ofNullable(ctx.queryParam("flow")).flatMap(cfg::flow);
        Optional<URI> fallback = flow.map(Flow::url).or(() -> cfg.company().website());
        String label = flow.map(f -> "Continue to " + f.title()).orElse("Go to " + cfg.company().name());
        String again = flow.isPresent()
                ? " You can still do it online: the button below takes you there, where you may need to sign in."
                : " You can call us again, or visit " + cfg.company().name() + " online.";
        String[] page = switch (reason) {
            case "expired" -> new String[] {"This link has expired",
                    "For your security, the link we texted you works for a limited time." + again};
            case "reused" -> new String[] {"This link was already used",
                    "For your security, each link works once." + again};
            default -> new String[] {"This link is not valid",
                    "The link could not be checked. It may have been copied incompletely." + again};
        };
        ctx.header("Cache-Control", "no-store");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.status(200).html(Pages.page(page[0], page[1], fallback, label));
    }
}
