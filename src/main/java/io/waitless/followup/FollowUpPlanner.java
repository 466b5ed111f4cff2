package io.waitless.followup;

import io.waitless.call.CallEvent;
import io.waitless.call.Deflection;
import io.waitless.call.EventType;
import io.waitless.call.Journal;
import io.waitless.call.PhoneMask;
import io.waitless.config.WaitlessConfig;
import io.waitless.deflect.FollowUps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Plans follow-ups as deflections happen. A sent text plans the deflection's survey for {@code unfinished-delay}
 * later (with the number sealed in the item); a completed flow moves it to {@code delay} after the completion
 * (only while it still waits) and tags a caller's first completed flow; a call from a caller texted within the
 * repeat window marks a returnee (once per deflection) and, when configured, plans the returnee's text. Never
 * throws (see {@link FollowUps}); thread-safe.
 */
public final class FollowUpPlanner implements FollowUps {
    private static final Logger log = LoggerFactory.getLogger(FollowUpPlanner.class);

    private final DueQueue queue;
    private final NumberVault vault;
    private final RedisSurveys surveys;
    private final RedisReturnees returnees;
    private final Journal journal;
    private final WaitlessConfig.FollowUp cfg;
    private final Duration repeatWindow;
    private final String company;

    public FollowUpPlanner(DueQueue queue, NumberVault vault, RedisSurveys surveys, RedisReturnees returnees,
                           Journal journal, WaitlessConfig.FollowUp cfg, Duration repeatWindow, String company) {
        this.queue = queue;
        this.vault = vault;
        this.surveys = surveys;
        this.returnees = returnees;
        this.journal = journal;
        this.cfg = cfg;
        this.repeatWindow = repeatWindow;
        this.company = company;
    }

    /** The id of a deflection's survey on the queue. */
    public static String surveyId(String deflection) {
        return SurveyTask.KIND + ":" + deflection;
    }

    @Override
    public void textSent(Deflection d, String e164, Instant at) {
        safely("plan the survey of " + d.id(), () -> {
            if (!d.callerRef().isEmpty()) {
                returnees.accepted(d.callerRef(), d.id(), at, repeatWindow);
            }
            if (!cfg.survey().enabled() || d.callerRef().isEmpty()) {
                return;
            }
            String id = surveyId(d.id());
            Map<String, String> payload = new LinkedHashMap<>(about(d));
            payload.put("masked", PhoneMask.mask(e164));
            payload.put(NumberVault.FIELD, vault.seal(e164, id));
            if (queue.schedule(new FollowUp(id, SurveyTask.KIND, at.plus(cfg.survey().unfinishedDelay()), payload))) {
                log.info("survey of deflection {} planned for {} (sooner if the flow is completed)", d.id(),
                        at.plus(cfg.survey().unfinishedDelay()));
            }
        });
    }

    @Override
    public void flowCompleted(Deflection d, Instant at) {
        safely("note the completion of " + d.id(), () -> {
            if (!d.callerRef().isEmpty() && surveys.completed(d.callerRef(), d.id(), at)) {
                journal.append(d.event(EventType.FLOW_FIRST_TIME, at).with("caller", d.callerRef()).build());
                log.info("deflection {}: the caller's first flow completed online", d.id());
            }
            if (cfg.survey().enabled()) {
                queue.reschedule(surveyId(d.id()), at.plus(cfg.survey().delay()));
            }
        });
    }

    @Override
    public void callArrived(String callerRef, String callId, Instant at) {
        if (callerRef.isEmpty()) {
            return;
        }
        safely("check call " + callId + " for a returnee", () -> {
            Optional<Map.Entry<String, Instant>> last = returnees.lastAccepted(callerRef);
            if (last.isEmpty() || !last.get().getValue().isBefore(at)
                    || Duration.between(last.get().getValue(), at).compareTo(repeatWindow) > 0) {
                return;
            }
            String deflectionId = last.get().getKey();
            Optional<Deflection> d = journal.deflection(deflectionId);
            String tried = d.map(x -> x.state().wireName()).orElse("unknown");
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("caller", callerRef);
            fields.put("call", callId);
            fields.put("texted-at", Long.toString(last.get().getValue().toEpochMilli()));
            fields.put("tried-online", tried);
            queue.payloadField(surveyId(deflectionId), "masked").ifPresent(m -> fields.put("masked", m));
            d.ifPresent(x -> {
                fields.put("flow", x.flow());
                fields.put("queue", x.queue());
                fields.put("language", x.tags().getOrDefault("language", "en"));
            });
            if (!returnees.mark(deflectionId, at, fields)) {
                return;
            }
            journal.append(CallEvent.of(EventType.FOLLOWUP_RETURNEE, at, callId).with("deflection", deflectionId)
                    .with("caller", callerRef).with("tried-online", tried).build());
            log.info("call {}: caller texted deflection {} called again (got as far as: {}); on the returnee list",
                    callId, deflectionId, tried);
            if (cfg.returnees().text()) {
                planReturneeText(deflectionId, callerRef, fields.getOrDefault("language", "en"), at);
            }
            if (cfg.returnees().webhookUrl().isPresent()) {
                queue.schedule(new FollowUp("returnee-webhook:" + deflectionId, ReturneeWebhookTask.KIND, at,
                        Map.of("deflection", deflectionId, "caller", callerRef)));
            }
        });
    }

    /**
     * The returnee's text needs the number, which only the survey item holds (sealed): it is copied, resealed
     * for the new item. Without a survey item (surveys off) there is no number to text.
     */
    private void planReturneeText(String deflection, String callerRef, String language, Instant at) {
        Optional<String> number = sealedNumberOf(surveyId(deflection));
        if (number.isEmpty()) {
            log.info("deflection {}: no number kept, so the returnee is not texted", deflection);
            return;
        }
        String id = "returnee:" + deflection;
        Map<String, String> payload = new LinkedHashMap<>();
        payload.put("deflection", deflection);
        payload.put("caller", callerRef);
        payload.put("stage", "returnee");
        payload.put("language", language);
        payload.put("text", WaitlessConfig.FollowUp.Survey.in(cfg.returnees().message(), language)
                .replace("{company}", company));
        payload.put(NumberVault.FIELD, vault.seal(number.get(), id));
        queue.schedule(new FollowUp(id, TextTask.KIND, at.plus(Duration.ofMinutes(30)), payload));
    }

    private Optional<String> sealedNumberOf(String itemId) {
        return queue.payloadField(itemId, NumberVault.FIELD).flatMap(s -> vault.open(s, itemId));
    }

    private static Map<String, String> about(Deflection d) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("deflection", d.id());
        m.put("call", d.callId());
        m.put("caller", d.callerRef());
        m.put("queue", d.queue());
        m.put("flow", d.flow());
        m.put("language", d.tags().getOrDefault("language", "en"));
        return m;
    }

    private static void safely(String what, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.warn("follow-ups: cannot {} (the call goes on): {}", what, e.toString());
        }
    }
}
