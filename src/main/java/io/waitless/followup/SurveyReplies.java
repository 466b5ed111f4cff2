package io.waitless.followup;

import io.waitless.call.CallEvent;
import io.waitless.call.EventType;
import io.waitless.call.Journal;
import io.waitless.call.PhoneMask;
import io.waitless.config.WaitlessConfig;
import io.waitless.deflect.SmsKeywords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Matches an inbound text to the survey its sender is awaited for, and reads it.
 *
 * <ul>
 *   <li>No survey awaited: counted ({@code unmatched}), otherwise ignored — the inbox goes on as for any text.
 *       An opt-in keyword ({@code START}) is left to the inbox and does not touch the survey.</li>
 *   <li>The text mentions an opt-out keyword ({@code "5 STOP"}): the opt-out wins — no score is kept, the survey
 *       is closed ({@code survey.cancelled}) and the inbox records the opt-out.</li>
 *   <li>A score ({@link ReplyParser}): stored, {@code survey.answered}; a score at or below
 *       {@code alerts.low-score} raises an alert; the second question, when configured, is texted next.</li>
 *   <li>Unreadable or out of range ({@code "10"} on 1–7, an emoji): asked again once; a second such reply is
 *       recorded invalid ({@code survey.invalid}) and the survey closed — no guessed score.</li>
 *   <li>The answer to the second question (or to a returnee's question): stored as text; negative words of the
 *       caller's language raise an alert.</li>
 * </ul>
 * Texts it sends go through the due-queue (the number sealed again for the new item), so quiet hours, opt-outs
 * and "at most once" hold for them too. Thread-safe.
 */
public final class SurveyReplies {
    private static final Logger log = LoggerFactory.getLogger(SurveyReplies.class);

    /** What became of a text. */
    public enum Handled { NOT_AWAITED, OPT_OUT_WINS, SCORED, COMMENTED, ASKED_AGAIN, INVALID }

    private final RedisSurveys surveys;
    private final RedisAlerts alerts;
    private final RedisReturnees returnees;
    private final DueQueue queue;
    private final NumberVault vault;
    private final Journal journal;
    private final WaitlessConfig.FollowUp cfg;
    private final SmsKeywords keywords;
    private final ReplyParser parser;

    public SurveyReplies(RedisSurveys surveys, RedisAlerts alerts, RedisReturnees returnees, DueQueue queue,
                         NumberVault vault, Journal journal, WaitlessConfig.FollowUp cfg, SmsKeywords keywords) {
        this.surveys = surveys;
        this.alerts = alerts;
        this.returnees = returnees;
        this.queue = queue;
        this.vault = vault;
        this.journal = journal;
        this.cfg = cfg;
        this.keywords = keywords;
        this.parser = new ReplyParser(cfg.survey().scaleMin(), cfg.survey().scaleMax());
    }

    /**
     * Handles a text from {@code callerRef} ({@code e164}: the sender, only ever sealed or masked).
     *
     * @throws DueQueue.FollowUpStoreException when Redis cannot be read or written
     */
    public Handled text(String callerRef, String e164, String body, Instant now) {
        if (keywords.meaning(body) == SmsKeywords.Meaning.OPT_IN) {
            return Handled.NOT_AWAITED; // START is for the inbox; the survey keeps waiting
        }
        Optional<RedisSurveys.Awaiting> awaited = surveys.awaiting(callerRef);
        if (awaited.isEmpty()) {
            surveys.count("unmatched", now);
            return Handled.NOT_AWAITED;
        }
        RedisSurveys.Awaiting a = awaited.get();
        String masked = PhoneMask.mask(e164);
        if (keywords.meaning(body) == SmsKeywords.Meaning.OPT_OUT || keywords.mentionsOptOut(body)) {
            surveys.closeAwaiting(callerRef);
            surveys.count("cancelled", now);
            journal.append(event(EventType.SURVEY_CANCELLED, now, a, callerRef).with("reason", "opt-out").build());
            log.info("survey of deflection {}: {} opted out in the reply; survey closed", a.deflection(), masked);
            return Handled.OPT_OUT_WINS;
        }
        return switch (a.stage()) {
            case "score" -> score(callerRef, e164, body, now, a);
            default -> comment(callerRef, body, now, a);
        };
    }

    private Handled score(String callerRef, String e164, String body, Instant now, RedisSurveys.Awaiting a) {
        ReplyParser.Reading r = parser.read(body);
        if (!(r instanceof ReplyParser.Reading.Score s)) {
            String why = r instanceof ReplyParser.Reading.OutOfRange o ? "out-of-range:" + o.value() : "unreadable";
            if (!a.askedAgain()) {
                surveys.await(callerRef, new RedisSurveys.Awaiting(a.deflection(), "score", true, a.about()),
                        cfg.survey().replyWindow());
                text("survey-again:" + a.deflection(), callerRef, e164, a, SurveyTask.question(cfg.survey(),
                        WaitlessConfig.FollowUp.Survey.in(cfg.survey().askAgain(), a.get("language")), ""), now);
                log.info("survey of deflection {}: reply from {} not a score ({}); asked again once", a.deflection(),
                        PhoneMask.mask(e164), why);
                return Handled.ASKED_AGAIN;
            }
            surveys.closeAwaiting(callerRef);
            surveys.answer(a.deflection(), now, with(a, callerRef, Map.of("invalid", why)));
            surveys.count("invalid", now);
            journal.append(event(EventType.SURVEY_INVALID, now, a, callerRef).with("reason", why).build());
            return Handled.INVALID;
        }
        surveys.answer(a.deflection(), now, with(a, callerRef, Map.of("score", Integer.toString(s.value()))));
        surveys.count("answered", now);
        journal.append(event(EventType.SURVEY_ANSWERED, now, a, callerRef).with("score", s.value()).build());
        log.info("survey of deflection {}: {} scored {} of {}", a.deflection(), PhoneMask.mask(e164), s.value(),
                cfg.survey().scaleMax());
        if (s.value() <= cfg.alerts().lowScore()) {
            alert(now, a, callerRef, PhoneMask.mask(e164), "low-score",
                    Map.of("score", Integer.toString(s.value())));
        }
        String second = WaitlessConfig.FollowUp.Survey.in(cfg.survey().comment(), a.get("language"));
        if (second.isEmpty()) {
            surveys.closeAwaiting(callerRef);
        } else {
            surveys.await(callerRef, new RedisSurveys.Awaiting(a.deflection(), "comment", false, a.about()),
                    cfg.survey().replyWindow());
            text("survey-comment:" + a.deflection(), callerRef, e164, a, second, now);
        }
        return Handled.SCORED;
    }

    private Handled comment(String callerRef, String body, Instant now, RedisSurveys.Awaiting a) {
        surveys.closeAwaiting(callerRef);
        String text = body == null ? "" : body.strip();
        if (text.length() > 1000) {
            text = text.substring(0, 1000);
        }
        if (a.stage().equals("returnee")) {
            returnees.note(a.deflection(), Map.of("answer", text, "answered-at", Long.toString(now.toEpochMilli())));
        } else {
            surveys.answer(a.deflection(), now, Map.of("comment", text, "caller", callerRef));
        }
        journal.append(event(EventType.SURVEY_ANSWERED, now, a, callerRef).with("stage", a.stage())
                .with("comment-length", text.codePointCount(0, text.length())).build());
        List<String> hits = negativeWords(text, a.get("language"));
        if (!hits.isEmpty()) {
            alert(now, a, callerRef, a.get("masked"), "negative-words",
                    Map.of("comment", text, "words", String.join(",", hits)));
        }
        return Handled.COMMENTED;
    }

    /** The configured negative words (of the caller's language, and English) found in {@code text}. */
    List<String> negativeWords(String text, String language) {
        String norm = " " + SmsKeywords.normalize(text) + " ";
        List<String> words = new java.util.ArrayList<>(cfg.alerts().negativeWords().getOrDefault(language, List.of()));
        if (!"en".equals(language)) {
            words.addAll(cfg.alerts().negativeWords().getOrDefault("en", List.of()));
        }
        return words.stream().filter(w -> !SmsKeywords.normalize(w).isEmpty()
                && norm.contains(" " + SmsKeywords.normalize(w) + " ")).distinct().toList();
    }

    private void alert(Instant now, RedisSurveys.Awaiting a, String callerRef, String masked, String reason,
                       Map<String, String> extra) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("reason", reason);
        fields.put("deflection", a.deflection());
        fields.put("caller", callerRef);
        fields.put("masked", masked);
        fields.put("language", a.get("language"));
        fields.put("queue", a.get("queue"));
        fields.put("flow", a.get("flow"));
        fields.putAll(extra);
        String id = alerts.raise(now, fields);
        journal.append(event(EventType.ALERT_RAISED, now, a, callerRef).with("alert", id).with("reason", reason).build());
        log.warn("ALERT {}: {} on deflection {} from {} ({} queue {}, flow {})", id, reason, a.deflection(), masked,
                extra.containsKey("score") ? "score " + extra.get("score") + "," : "", a.get("queue"), a.get("flow"));
        if (cfg.alerts().webhookUrl().isPresent()) {
            queue.schedule(new FollowUp("alert:" + id, AlertWebhookTask.KIND, now, Map.of("alert", id)));
        }
    }

    private void text(String id, String callerRef, String e164, RedisSurveys.Awaiting a, String words, Instant now) {
        Map<String, String> payload = new LinkedHashMap<>();
        payload.put("deflection", a.deflection());
        payload.put("caller", callerRef);
        payload.put("language", a.get("language"));
        payload.put("text", words);
        payload.put(NumberVault.FIELD, vault.seal(e164, id));
        queue.schedule(new FollowUp(id, TextTask.KIND, now, payload));
    }

    private static Map<String, String> with(RedisSurveys.Awaiting a, String callerRef, Map<String, String> fields) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("caller", callerRef);
        for (String k : Arrays.asList("language", "queue", "flow", "first-time")) {
            m.put(k, a.get(k));
        }
        m.putAll(fields);
        return m;
    }

    private static CallEvent.Builder event(EventType type, Instant at, RedisSurveys.Awaiting a, String callerRef) {
        return CallEvent.of(type, at, "").with("deflection", a.deflection()).with("caller", callerRef)
                .with("queue", a.get("queue")).with("flow", a.get("flow")).with("language", a.get("language"));
    }
}
