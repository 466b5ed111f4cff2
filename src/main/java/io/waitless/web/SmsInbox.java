package io.waitless.web;

import io.waitless.call.CallEvent;
import io.waitless.call.EventType;
import io.waitless.call.Journal;
import io.waitless.call.PhoneMask;
import io.waitless.deflect.Deliveries;
import io.waitless.deflect.OptOuts;
import io.waitless.deflect.SmsKeywords;
import io.waitless.followup.DueQueue;
import io.waitless.followup.SurveyReplies;
import io.waitless.phone.PhoneNumberPolicy;
import io.waitless.sms.DeliveryReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * What an authenticated webhook records: an inbound text (opt-out, opt-in, or just counted) or a delivery
 * report. Gateway-neutral: the hooks have already checked signatures and replays. A text's body is never
 * stored or logged, only its length. Thread-safe; blocks on the journal and the opt-out store.
 */
final class SmsInbox {
    private static final Logger log = LoggerFactory.getLogger(SmsInbox.class);

    enum Received { OPTED_OUT, OPTED_IN, RECEIVED, UNKNOWN_SENDER }

    private final PhoneNumberPolicy phones;
    private final OptOuts optOuts;
    private final SmsKeywords keywords;
    private final Journal journal;
    private final Clock clock;
    private final Deliveries deliveries;
    private final Optional<SurveyReplies> surveys;

    SmsInbox(PhoneNumberPolicy phones, OptOuts optOuts, SmsKeywords keywords, Journal journal, Clock clock) {
        this(phones, optOuts, keywords, journal, clock, Optional.empty());
    }

    /** @param surveys reads replies to surveys; a reply that opts out in words ("5 STOP") opts out here */
    SmsInbox(PhoneNumberPolicy phones, OptOuts optOuts, SmsKeywords keywords, Journal journal, Clock clock,
             Optional<SurveyReplies> surveys) {
        this.surveys = surveys;
        this.deliveries = new Deliveries(journal, clock);
        this.phones = phones;
        this.optOuts = optOuts;
        this.keywords = keywords;
        this.journal = journal;
        this.clock = clock;
    }

    /** @throws OptOuts.OptOutUnavailableException when an opt-out or opt-in cannot be stored */
    Received text(String gateway, String from, String body) {
        Instant now = clock.instant();
        Optional<String> e164 = phones.e164(from);
        SmsKeywords.Meaning meaning = keywords.meaning(body);
        if (e164.isEmpty()) {
            log.warn("inbound text via {} from {} ignored: not a valid number", gateway, PhoneMask.mask(from));
            return Received.UNKNOWN_SENDER;
        }
        String ref = phones.reference(e164.get());
        String masked = PhoneMask.mask(e164.get());
        String keyword = SmsKeywords.normalize(body);
        SurveyReplies.Handled survey = survey(ref, e164.get(), body, now);
        if (survey == SurveyReplies.Handled.OPT_OUT_WINS) {
            meaning = SmsKeywords.Meaning.OPT_OUT;
        }
        switch (meaning) {
            case OPT_OUT -> {
                boolean added = optOuts.add(new OptOuts.Entry(ref, masked, now, "sms:" + keyword));
                journal.append(CallEvent.of(EventType.OPTOUT_ADDED, now, "").with("caller", ref)
                        .with("gateway", gateway).with("keyword", keyword).with("new", added).build());
                log.info("opt-out by text from {} ({} via {}){}", masked, keyword, gateway, added ? "" : ", already opted out");
                return Received.OPTED_OUT;
            }
            case OPT_IN -> {
                boolean removed = optOuts.remove(ref);
                journal.append(CallEvent.of(EventType.OPTOUT_REMOVED, now, "").with("caller", ref)
                        .with("gateway", gateway).with("keyword", keyword).with("was-opted-out", removed).build());
                log.info("opt-in by text from {} ({} via {})", masked, keyword, gateway);
                return Received.OPTED_IN;
            }
            default -> {
                int length = body == null ? 0 : body.codePointCount(0, body.length());
                boolean mentions = keywords.mentionsOptOut(body);
                journal.append(CallEvent.of(EventType.SMS_RECEIVED, now, "").with("caller", ref)
                        .with("gateway", gateway).with("length", length).with("mentions-opt-out", mentions).build());
                log.info("text received from {} via {}: {} characters{}", masked, gateway, length,
                        mentions ? ", mentions an opt-out keyword (not the whole text: no opt-out)" : "");
                return Received.RECEIVED;
            }
        }
    }

    /** The text as a survey reply; {@code NOT_AWAITED} without surveys, or when they cannot be read (logged). */
    private SurveyReplies.Handled survey(String ref, String e164, String body, Instant now) {
        if (surveys.isEmpty()) {
            return SurveyReplies.Handled.NOT_AWAITED;
        }
        try {
            return surveys.get().text(ref, e164, body, now);
        } catch (DueQueue.FollowUpStoreException e) {
            log.warn("text from {}: survey state unavailable, read as a plain text: {}", PhoneMask.mask(e164),
                    e.getMessage());
            return SurveyReplies.Handled.NOT_AWAITED;
        }
    }

    void delivery(DeliveryStatus s) {
        DeliveryReport.Status status = switch (s.outcome()) {
            case DELIVERED -> DeliveryReport.Status.DELIVERED;
            case UNDELIVERED -> DeliveryReport.Status.UNDELIVERED;
            case PENDING -> DeliveryReport.Status.UNKNOWN;
        };
        deliveries.record(new DeliveryReport(s.gateway(), "", s.deflection(), status, s.detail(), clock.instant()),
                s.status());
    }
}
