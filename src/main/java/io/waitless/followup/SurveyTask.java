package io.waitless.followup;

import io.waitless.call.CallEvent;
import io.waitless.call.EventType;
import io.waitless.call.Journal;
import io.waitless.config.WaitlessConfig;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Sends the CES survey of one deflection ({@code survey:<deflection>}): the {@link Texting} rules, then at most one
 * survey per caller per {@code once-per}, then the text, and the survey starts waiting for the caller's reply.
 * Consent: the item exists only for a caller who accepted the offer in their call and was texted the link
 * ({@link io.waitless.deflect.FollowUps#textSent}).
 */
public final class SurveyTask implements FollowUpTask {
    public static final String KIND = "survey";

    private final Texting texting;
    private final RedisSurveys surveys;
    private final Journal journal;
    private final WaitlessConfig.FollowUp.Survey cfg;
    private final String company;
    private final Clock clock;

    public SurveyTask(Texting texting, RedisSurveys surveys, Journal journal, WaitlessConfig.FollowUp.Survey cfg,
                      String company, Clock clock) {
        this.texting = texting;
        this.surveys = surveys;
        this.journal = journal;
        this.cfg = cfg;
        this.company = company;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Result run(Claim c, SendGuard guard) {
        if (!cfg.enabled()) {
            return new Result.Skipped("surveys-off");
        }
        String[] e164 = new String[1];
        Optional<Result> no = texting.precheck(c, e164);
        if (no.isPresent()) {
            return no.get();
        }
        String deflection = c.get("deflection");
        if (!surveys.reserve(c.get("caller"), deflection, cfg.oncePer())) {
            return new Result.Skipped("surveyed-recently");
        }
        String language = c.get("language");
        String text = question(cfg, WaitlessConfig.FollowUp.Survey.in(cfg.question(), language), company);
        Result sent = texting.send(c, guard, e164[0], text);
        if (sent instanceof Result.Done) {
            Instant now = clock.instant();
            boolean first = surveys.firstTime(deflection);
            surveys.await(c.get("caller"), new RedisSurveys.Awaiting(deflection, "score", false,
                    Map.of("language", language, "queue", c.get("queue"), "flow", c.get("flow"),
                            "masked", c.get("masked"), "first-time", first ? "1" : "0")), cfg.replyWindow());
            surveys.count("sent", now);
            journal.append(CallEvent.of(EventType.SURVEY_SENT, now, c.get("call")).with("deflection", deflection)
                    .with("caller", c.get("caller")).with("queue", c.get("queue")).with("flow", c.get("flow"))
                    .with("language", language).with("first-time", first).build());
        }
        return sent;
    }

    /** A survey text with {@code {company}}, {@code {min}} and {@code {max}} filled in. */
    static String question(WaitlessConfig.FollowUp.Survey cfg, String template, String company) {
        return template.replace("{company}", company).replace("{min}", Integer.toString(cfg.scaleMin()))
                .replace("{max}", Integer.toString(cfg.scaleMax()));
    }
}
