package io.waitless.deflect;

import io.waitless.call.CallEvent;
import io.waitless.call.CallInfo;
import io.waitless.call.Deflection;
import io.waitless.call.EventType;
import io.waitless.call.Journal;
import io.waitless.call.Outcome;
import io.waitless.link.LinkCodes;
import io.waitless.link.LinkStore;
import io.waitless.link.LinkStoreException;
import io.waitless.link.ShortLink;
import io.waitless.sms.SmsException;
import io.waitless.sms.SmsGateway;
import io.waitless.sms.SmsMessage;
import io.waitless.sms.SmsReceipt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The deflection decisions of one call, step by step, as the dialplan reaches them: {@link #arrive},
 * {@link #accept} then {@link #send}, and {@link #ended}. Every step writes its events to the journal and
 * never throws for a journal, link-store, opt-out store, budget or gateway failure: it reports the failure
 * in its result so the script can tell the caller, and the call goes on (fail open for the call). The text
 * fails closed: it goes out only to a valid mobile number of an allowed country, not opted out, whose budget
 * was spent, with the consent captured in this call, while the gateway is available. Thread-safe; holds no
 * per-call state.
 */
public final class Deflector {
    private static final Logger log = LoggerFactory.getLogger(Deflector.class);

    /**
     * What a config reload may change, swapped as one: each step reads it once, so a call's step never mixes
     * two versions.
     */
    private record Catalog(DeflectionSettings settings, PromotionChooser chooser,
                           Function<String, HoldSchedule> schedules) {}

    private volatile Catalog catalog;
    private final NumberPolicy numbers;
    private final Journal journal;
    private final LinkStore links;
    private final LinkCodes codes;
    private final SmsGateway gateway;
    private final TextGate gate;
    private final ChannelStates channels;
    private final Declines declines;
    private final FollowUps followUps;
    private final Clock clock;

    /**
     * @param schedules the hold schedule of a promotion id (for counting offers made)
     * @param optOuts   asked at arrive and accept; unreadable means no text
     * @param budget    checked at arrive, spent at accept right before the link is created
     */
    public Deflector(DeflectionSettings settings, NumberPolicy numbers, Function<String, HoldSchedule> schedules,
                     Journal journal, LinkStore links, LinkCodes codes, SmsGateway gateway, OptOuts optOuts,
                     SmsBudget budget, Clock clock) {
        this(settings, numbers, schedules, journal, links, codes, gateway, optOuts, budget, ChannelStates.ALL_UP, clock);
    }

    /**
     * @param channels which digital channels are up: a promotion of a channel that is down is not chosen, and
     *                 a caller who accepts one is refused with {@code channel-down}
     */
    public Deflector(DeflectionSettings settings, NumberPolicy numbers, Function<String, HoldSchedule> schedules,
                     Journal journal, LinkStore links, LinkCodes codes, SmsGateway gateway, OptOuts optOuts,
                     SmsBudget budget, ChannelStates channels, Clock clock) {
        this(settings, numbers, schedules, journal, links, codes, gateway, optOuts, budget, channels, Declines.NONE, clock);
    }

    /**
     * @param declines who said no to what recently: a caller is not offered a promotion they declined within its
     *                 {@code do-not-re-offer} rest
     */
    public Deflector(DeflectionSettings settings, NumberPolicy numbers, Function<String, HoldSchedule> schedules,
                     Journal journal, LinkStore links, LinkCodes codes, SmsGateway gateway, OptOuts optOuts,
                     SmsBudget budget, ChannelStates channels, Declines declines, Clock clock) {
        this(settings, numbers, schedules, journal, links, codes, gateway, optOuts, budget, channels, declines,
                FollowUps.NONE, clock);
    }

    /**
     * @param followUps told when a text was sent and when a caller arrives, to plan surveys and spot returnees;
     *                  never stops a call
     */
    public Deflector(DeflectionSettings settings, NumberPolicy numbers, Function<String, HoldSchedule> schedules,
                     Journal journal, LinkStore links, LinkCodes codes, SmsGateway gateway, OptOuts optOuts,
                     SmsBudget budget, ChannelStates channels, Declines declines, FollowUps followUps, Clock clock) {
        this.declines = declines;
        this.followUps = followUps;
        this.catalog = new Catalog(settings, new PromotionChooser(settings.promotions()), schedules);
        this.numbers = numbers;
        this.gate = new TextGate(optOuts, budget, gateway);
        this.channels = channels;
        this.journal = journal;
        this.links = links;
        this.codes = codes;
        this.gateway = gateway;
        this.clock = clock;
    }

    /**
     * Takes a reloaded catalog (templates, flows, promotions and their variants, hold schedules) for every step
     * that starts from now on; steps already running finish with the one they started with.
     */
    public void reload(DeflectionSettings settings, Function<String, HoldSchedule> schedules) {
        catalog = new Catalog(settings, new PromotionChooser(settings.promotions()), schedules);
    }

    /** The promotions and flows in force now. */
    public DeflectionSettings settings() {
        return catalog.settings();
    }

    /**
     * The arrive step's decision: the caller's promotion, if any, and whether they may be offered a text.
     *
     * @param withheld empty when the caller may be offered a text; otherwise why not: a
     *                 {@link CallerVerdict.Reason} ({@code landline}…), {@code opted-out},
     *                 {@code optout-unavailable}, a {@link SmsBudget.Decision} ({@code budget-number}…) or
     *                 {@code gateway-unavailable}; also journaled as {@code offer.withheld}.
     *                 Such a caller hears the promotion with the no-text alternative instead of "press 1".
     * @param language the caller's language ({@link Languages#resolve}): their prompts, hold audio and text
     * @param holdAudioClass the class to set: the promotion's offer or no-offer class, in the caller's language
     *                 when it is laid out
     */
    public record Arrival(CallerVerdict verdict, Optional<Promotion> promotion, Optional<String> withheld,
                          String language, Optional<String> holdAudioClass) {
        public boolean offerable() {
            return withheld.isEmpty();
        }
    }

    /**
     * Registers the call, picks the caller's promotion and decides whether a text may be offered. Blocks at
     * most the line-type lookup's and Redis's timeouts.
     */
    public Arrival arrive(CallInfo call, String queue) {
        return arrive(call, queue, Optional.empty());
    }

    /**
     * {@link #arrive(CallInfo, String)} for a caller who was asked why they call: a promotion of their
     * intent's flow is preferred, {@code call.arrived} carries the intent, and {@code intent.recognized}
     * or {@code intent.unknown} follows it with the transcript, score and outcome.
     */
    public Arrival arrive(CallInfo call, String queue, Optional<SpokenIntent> said) {
        Catalog c = catalog;
        CallerVerdict verdict = numbers.check(call, queue);
        String sticky = verdict.reference().isEmpty() ? call.callId() : verdict.reference();
        Set<String> declined = declined(verdict.reference());
        Optional<Promotion> promotion = c.chooser().choose(queue, sticky, said.flatMap(SpokenIntent::intent),
                said.flatMap(SpokenIntent::flow), p -> usable(c, p) && !declined.contains(p.slot()));
        String language = c.settings().languages().resolve(queue, call.language());
        CallEvent.Builder e = event(EventType.CALL_ARRIVED, call.callId())
                .with("queue", queue)
                .with("caller", verdict.reference())
                .with("number", verdict.masked())
                .with("language", language)
                .with("promotion", promotion.map(Promotion::id).orElse(""))
                .with("textable", verdict instanceof CallerVerdict.Textable);
        if (verdict instanceof CallerVerdict.NotTextable n) {
            e.with("reason", n.reason().wireName());
        }
        said.flatMap(SpokenIntent::intent).ifPresent(intent -> e.with("intent", intent));
        append(e.build());
        said.ifPresent(s -> append(intentEvent(call.callId(), queue, verdict.reference(), s)));
        tell(() -> followUps.callArrived(verdict.reference(), call.callId(), clock.instant()), call.callId());
        Optional<String> withheld = gate.whyNot(call, verdict, true);
        withheld.ifPresent(reason -> {
            log.info("call {}: no text offered to {}: {}", call.callId(), verdict.masked(), reason);
            append(event(EventType.OFFER_WITHHELD, call.callId()).with("queue", queue)
                    .with("promotion", promotion.map(Promotion::id).orElse("")).with("caller", verdict.reference())
                    .with("number", verdict.masked()).with("reason", reason).build());
        });
        return new Arrival(verdict, promotion, withheld, language,
                promotion.map(p -> c.settings().holdClass(withheld.isEmpty() ? p.mohClass() : p.noOfferMohClass(), language)));
    }

    /**
     * What the caller should hear next in this call, after an offer was taken up or turned down: a promotion
     * that suits them now other than those they already heard ({@code heard}: promotion ids; a variant stands
     * for its whole experiment) and those they declined recently. Empty when none is left.
     */
    public Optional<Promotion> next(CallInfo call, String queue, Set<String> heard, Optional<String> intent) {
        Catalog c = catalog;
        CallerVerdict verdict = numbers.check(call, queue);
        String sticky = verdict.reference().isEmpty() ? call.callId() : verdict.reference();
        Set<String> skip = new java.util.HashSet<>(declined(verdict.reference()));
        heard.forEach(id -> skip.add(c.settings().promotion(id).map(Promotion::slot).orElse(id)));
        Optional<Promotion> next = c.chooser().choose(queue, sticky, intent, Optional.empty(),
                p -> usable(c, p) && !skip.contains(p.slot()));
        next.ifPresent(p -> append(event(EventType.PROMO_CHANGED, call.callId()).with("queue", queue)
                .with("promotion", p.id()).with("caller", verdict.reference())
                .with("after", String.join(",", heard)).build()));
        return next;
    }

    private Set<String> declined(String callerRef) {
        if (callerRef.isEmpty()) {
            return Set.of();
        }
        try {
            return declines.recent(callerRef);
        } catch (Declines.DeclinesUnavailableException e) {
            log.warn("recent declines cannot be read ({}); offering as if there were none", e.getMessage());
            return Set.of();
        }
    }

    /** A promotion may be played in its hours while the channel of its flow is up. */
    private boolean usable(Catalog c, Promotion p) {
        return p.runsAt(clock.instant()) && channelUp(c, p);
    }

    private boolean channelUp(Catalog c, Promotion p) {
        return c.settings().flow(p.flow()).map(f -> channels.up(f.channel())).orElse(true);
    }

    private CallEvent intentEvent(String callId, String queue, String caller, SpokenIntent s) {
        CallEvent.Builder e = event(s.outcome() == SpokenIntent.Outcome.RECOGNIZED
                ? EventType.INTENT_RECOGNIZED : EventType.INTENT_UNKNOWN, callId)
                .with("queue", queue).with("caller", caller)
                .with("outcome", s.outcome().wireName())
                .with("score", String.format(java.util.Locale.ROOT, "%.3f", s.score()))
                .with("transcript", s.transcript())
                .with("attempts", s.attempts())
                .with("listened-ms", s.listened().toMillis());
        s.intent().ifPresent(i -> e.with("intent", i));
        s.flow().ifPresent(f -> e.with("flow", f));
        return e.build();
    }

    /**
     * A spoken offer is being made (timed-offer mode: the caller was taken out of the queue for it): logs what
     * the hold audio of the stint that just ended offered ({@code entered}, estimated) and the spoken offer
     * itself ({@code offer.made}, {@code spoken=true}, {@code nth}: which spoken offer of this call, as the
     * dialplan counts them).
     */
    public void offering(CallInfo call, String queue, String promotionId, Optional<Instant> entered, String nth) {
        logHeard(catalog, call.callId(), queue, promotionId, entered, false, true);
        append(event(EventType.OFFER_MADE, call.callId()).with("queue", queue).with("promotion", promotionId)
                .with("count", 1).with("spoken", true).with("estimated", false).with("nth", nth).build());
    }

    /**
     * The caller said yes to a spoken offer that {@link #offering} already logged: the same as {@link #accept},
     * without counting the offer again.
     */
    public Acceptance acceptSpoken(CallInfo call, String queue, String promotionId, String position,
                                   Consent.Via via) {
        return acceptSpoken(call, queue, promotionId, position, via, Optional.empty());
    }

    /** {@link #acceptSpoken(CallInfo, String, String, String, Consent.Via)} knowing the caller's intent. */
    public Acceptance acceptSpoken(CallInfo call, String queue, String promotionId, String position,
                                   Consent.Via via, Optional<String> intent) {
        return accept(call, queue, promotionId, Optional.empty(), position, via, false, intent);
    }

    /**
     * The caller did not take a spoken offer.
     *
     * @param answer {@code no}, {@code agent}, {@code silent}, {@code unclear} or {@code hangup}
     * @param via    how they answered (speech, dtmf) or {@code none}
     */
    public void declined(CallInfo call, String queue, String promotionId, String answer, String via,
                         String transcript) {
        append(event(EventType.OFFER_DECLINED, call.callId()).with("queue", queue)
                .with("promotion", promotionId).with("answer", answer).with("via", via)
                .with("transcript", transcript).build());
        if (!answer.equals("no")) {
            return; // only a no is a decline; silence, "agent" or a hang-up say nothing about the promotion
        }
        Optional<Promotion> p = catalog.settings().promotion(promotionId);
        String ref = numbers.check(call, queue).reference();
        if (p.isEmpty() || ref.isEmpty() || p.get().targeting().restAfterDecline().isZero()) {
            return;
        }
        try {
            declines.record(ref, p.get().slot(), p.get().targeting().restAfterDecline());
        } catch (Declines.DeclinesUnavailableException e) {
            log.warn("call {}: the decline could not be remembered ({}); the caller may hear this offer again",
                    call.callId(), e.getMessage());
        }
    }

    /** The accept step's decision. */
    public sealed interface Acceptance {
        /** No text: the caller hears the alternative. */
        record Refused(String reason) implements Acceptance {}

        /** Ready to send, with the consent captured in this call. */
        record Ready(Deflection deflection, ShortLink link, SmsMessage message, CallInfo call, Consent consent)
                implements Acceptance {}
    }

    /**
     * The caller said yes: logs what they heard in this stint and their consent ({@code offer.accepted} with
     * {@code via} and {@code prompt-version}), re-checks everything {@link #arrive} checked (the caller may
     * have pressed 1 over hold audio from before), spends the budget, then creates the deflection and its
     * link; or refuses with a reason ({@code offer.refused}).
     *
     * @param entered when this stint in the queue began (the dialplan's {@code WL_ENTERED}); empty if unknown
     * @param via     how the caller said yes
     * @param offered whether the caller's hold audio carried the offer ({@code WL_OFFER}); a caller who
     *                pressed 1 over the no-offer audio is not counted as offered
     */
    public Acceptance accept(CallInfo call, String queue, String promotionId, Optional<Instant> entered,
                             String position, Consent.Via via, boolean offered) {
        return accept(call, queue, promotionId, entered, position, via, offered, Optional.empty());
    }

    /**
     * @param intent the caller's spoken intent when {@code arrive} asked ({@code WL_INTENT}); kept on the
     *               deflection with its experiment, variant and language, so every later event carries them
     */
    public Acceptance accept(CallInfo call, String queue, String promotionId, Optional<Instant> entered,
                             String position, Consent.Via via, boolean offered, Optional<String> intent) {
        Catalog c = catalog;
        DeflectionSettings settings = c.settings();
        logHeard(c, call.callId(), queue, promotionId, entered, true, offered);
        CallerVerdict verdict = numbers.check(call, queue);
        Optional<Promotion> promotion = settings.promotion(promotionId)
                .or(() -> c.chooser().choose(queue, verdict.reference(), Optional.empty(), p -> usable(c, p)));
        Consent consent = new Consent(call.callId(), via, clock.instant(),
                settings.promptVersion(settings.promotion(promotionId).map(Promotion::id).orElse("")));
        append(event(EventType.OFFER_ACCEPTED, call.callId()).with("queue", queue)
                .with("promotion", promotionId).with("caller", verdict.reference()).with("via", via.wireName())
                .with("prompt-version", consent.promptVersion()).with("position", position).build());
        Optional<String> no = gate.whyNot(call, verdict, false);
        if (no.isPresent()) {
            return refuse(call, queue, promotionId, verdict, no.get());
        }
        CallerVerdict.Textable textable = (CallerVerdict.Textable) verdict;
        Optional<Flow> flow = promotion.flatMap(p -> settings.flow(p.flow()));
        if (flow.isEmpty()) {
            return refuse(call, queue, promotionId, verdict, "no-flow");
        }
        if (!channels.up(flow.get().channel())) {
            return refuse(call, queue, promotionId, verdict, "channel-down");
        }
        SmsBudget.Decision spent = gate.spend(call, textable);
        if (!spent.allowed()) {
            return refuse(call, queue, promotionId, verdict, spent.wireName());
        }
        Instant now = clock.instant();
        String id = codes.next();
        java.util.Map<String, String> tags = new java.util.HashMap<>();
        promotion.get().variant().ifPresent(v -> {
            tags.put("experiment", v.experiment());
            tags.put("variant", v.name());
        });
        intent.ifPresent(i -> tags.put("intent", i));
        tags.put("language", settings.languages().resolve(queue, call.language()));
        Deflection deflection = new Deflection(id, call.callId(), verdict.reference(), queue,
                promotion.get().id(), flow.get().id(), Deflection.State.ACCEPTED, now, now, tags);
        ShortLink link;
        try {
            link = storeLink(deflection, flow.get(), now, settings.linkTtl());
        } catch (LinkStoreException e) {
            log.warn("call {}: no text, the link could not be stored: {}", call.callId(), e.getMessage());
            append(event(EventType.SMS_FAILED, call.callId()).with("queue", queue)
                    .with("promotion", promotionId).with("caller", verdict.reference())
                    .with("reason", "link-store-unavailable").build());
            return new Acceptance.Refused("link-store-unavailable");
        }
        journal.saveDeflection(deflection);
        String text = settings.template(settings.languages().resolve(queue, call.language()), flow.get().id())
                .replace("{company}", settings.company())
                .replace("{flow}", flow.get().title())
                .replace("{link}", link.publicUri(settings.publicBaseUrl()).toString());
        return new Acceptance.Ready(deflection, link,
                new SmsMessage(id, textable.e164(), settings.sender(), text), call, consent);
    }

    /** {@link #accept(CallInfo, String, String, Optional, String, Consent.Via, boolean)} for an offered caller. */
    public Acceptance accept(CallInfo call, String queue, String promotionId, Optional<Instant> entered,
                             String position, Consent.Via via) {
        return accept(call, queue, promotionId, entered, position, via, true);
    }

    private Acceptance refuse(CallInfo call, String queue, String promotionId, CallerVerdict verdict,
                              String reason) {
        log.info("call {}: no text for {}: {}", call.callId(), verdict.masked(), reason);
        append(event(EventType.OFFER_REFUSED, call.callId()).with("queue", queue)
                .with("promotion", promotionId).with("caller", verdict.reference()).with("reason", reason).build());
        return new Acceptance.Refused(reason);
    }

    private ShortLink storeLink(Deflection d, Flow flow, Instant now, Duration ttl) {
        Instant expires = now.plus(ttl);
        for (int attempt = 0; attempt < 3; attempt++) {
            ShortLink link = new ShortLink(codes.next(), d.id(), flow.id(), flow.url(),
                    expires);
            if (links.create(link)) {
                return link;
            }
        }
        throw new LinkStoreException("three code collisions in a row", null);
    }

    /** The result of handing the text to the gateway. */
    public record Sent(boolean ok, String detail) {}

    /**
     * Sends the text of a {@link Acceptance.Ready}; blocking, bounded by the gateway's timeout. Refuses (without
     * sending) a Ready whose consent was not given in the deflection's own call.
     */
    public Sent send(Acceptance.Ready ready) {
        Deflection d = ready.deflection();
        if (ready.consent() == null || !ready.consent().callId().equals(d.callId())) {
            log.warn("call {}: text not sent: no consent captured in this call (deflection {})", d.callId(), d.id());
            append(event(EventType.SMS_FAILED, d.callId()).with("deflection", d.id())
                    .with("queue", d.queue()).with("caller", d.callerRef()).with("reason", "no-consent").build());
            return new Sent(false, "no-consent");
        }
        long t0 = System.nanoTime();
        try {
            SmsReceipt receipt = gateway.send(ready.message());
            long ms = Duration.ofNanos(System.nanoTime() - t0).toMillis();
            journal.advanceDeflection(d.id(), Deflection.State.SENT, clock.instant());
            append(d.event(EventType.SMS_SENT, clock.instant()).with("caller", d.callerRef())
                    .with("gateway", receipt.gateway()).with("gateway-id", receipt.messageId())
                    .with("ms", ms).build());
            log.info("call {}: text sent to {} via {} in {} ms (deflection {})", d.callId(),
                    io.waitless.call.PhoneMask.mask(ready.message().to()), receipt.gateway(), ms, d.id());
            tell(() -> followUps.textSent(d, ready.message().to(), clock.instant()), d.callId());
            return new Sent(true, receipt.detail());
        } catch (SmsException e) {
            journal.advanceDeflection(d.id(), Deflection.State.FAILED, clock.instant());
            append(d.event(EventType.SMS_FAILED, clock.instant()).with("caller", d.callerRef())
                    .with("gateway", gateway.name()).with("reason", e.getMessage())
                    .with("retryable", e.retryable()).build());
            log.warn("call {}: text to {} failed via {}: {}", d.callId(),
                    io.waitless.call.PhoneMask.mask(ready.message().to()), gateway.name(), e.getMessage());
            return new Sent(false, e.getMessage());
        }
    }

    /**
     * What the hangup handler knows.
     *
     * @param offered whether the caller's hold audio carried the offer (false: the no-offer class)
     */
    public record Ending(String queue, String state, long answeredSeconds, Optional<Instant> entered,
                         String promotion, String deflection, String hangupCause, boolean offered) {}

    /** The call is over: logs what was heard in the last stint and the outcome. */
    public Outcome ended(CallInfo call, Ending end) {
        Outcome outcome = outcome(end);
        if (end.state().equals("queued")) {
            logHeard(catalog, call.callId(), end.queue(), end.promotion(), end.entered(), false, end.offered());
        }
        append(event(EventType.CALL_ENDED, call.callId()).with("queue", end.queue())
                .with("promotion", end.promotion()).with("deflection", end.deflection())
                .with("outcome", outcome.wireName()).with("state", end.state())
                .with("answered-seconds", end.answeredSeconds() > 0 ? end.answeredSeconds() : null)
                .with("cause", end.hangupCause()).build());
        return outcome;
    }

    static Outcome outcome(Ending end) {
        if (end.answeredSeconds() > 0) {
            return Outcome.ANSWERED;
        }
        String s = end.state();
        if (s.equals("queued")) {
            return end.deflection().isEmpty() ? Outcome.ABANDONED : Outcome.ABANDONED_AFTER_LINK;
        }
        if (s.equals("accept")) {
            return Outcome.HUNG_UP_IN_ACCEPT;
        }
        if (s.equals("arrive")) {
            return Outcome.HUNG_UP_BEFORE_QUEUE;
        }
        if (s.startsWith("left:")) {
            return Outcome.LEFT_QUEUE;
        }
        return Outcome.UNKNOWN;
    }

    private void logHeard(Catalog c, String callId, String queue, String promotionId, Optional<Instant> entered,
                          boolean accepted, boolean offered) {
        if (entered.isEmpty() || promotionId.isEmpty()) {
            if (accepted && offered) { // the caller pressed 1 over the offer audio: they heard at least one offer
                append(event(EventType.OFFER_MADE, callId).with("queue", queue)
                        .with("promotion", promotionId).with("count", 1).with("estimated", true).build());
            }
            return;
        }
        Duration stint = Duration.between(entered.get(), clock.instant());
        HoldSchedule.Heard heard = c.schedules().apply(promotionId).heard(stint);
        if (heard.promosStarted() > 0) {
            append(event(EventType.PROMO_PLAYED, callId).with("queue", queue).with("promotion", promotionId)
                    .with("count", heard.promosStarted()).with("estimated", true).build());
        }
        int offers = offered ? Math.max(heard.offers(), accepted ? 1 : 0) : 0;
        if (offers > 0) {
            append(event(EventType.OFFER_MADE, callId).with("queue", queue).with("promotion", promotionId)
                    .with("count", offers).with("announcements", heard.announcements())
                    .with("queued-seconds", stint.toSeconds()).with("estimated", true).build());
        }
    }

    /** Tells the follow-ups; a failure there is logged and the call goes on. */
    private static void tell(Runnable what, String callId) {
        try {
            what.run();
        } catch (RuntimeException e) {
            log.warn("call {}: follow-ups not told, the call goes on: {}", callId, e.toString());
        }
    }

    /**
     * Journals an event; one about a promotion that is an A/B variant also names its {@code experiment} and
     * {@code variant}, so every step of the funnel can be split by variant.
     */
    private void append(CallEvent e) {
        Optional<Promotion.Variant> v = e.attribute("promotion").isEmpty() ? Optional.empty()
                : catalog.settings().promotion(e.attribute("promotion")).flatMap(Promotion::variant);
        if (v.isEmpty()) {
            journal.append(e);
            return;
        }
        java.util.Map<String, String> a = new java.util.LinkedHashMap<>(e.attributes());
        a.put("experiment", v.get().experiment());
        a.put("variant", v.get().name());
        journal.append(new CallEvent(e.type(), e.time(), e.callId(), a));
    }

    private CallEvent.Builder event(EventType type, String callId) {
        return CallEvent.of(type, clock.instant(), callId);
    }
}
