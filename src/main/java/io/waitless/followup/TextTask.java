package io.waitless.followup;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Sends one follow-up text whose words are in the item ({@code text}): a survey's second question, its "please
 * reply with a number" once, the returnee's question (whose answer is then awaited from them). Same rules as every
 * follow-up text ({@link Texting}).
 */
public final class TextTask implements FollowUpTask {
    public static final String KIND = "text";

    private final Texting texting;
    private final RedisSurveys surveys;
    private final Duration replyWindow;

    /** @param replyWindow how long the answer to a returnee's question is matched to them */
    public TextTask(Texting texting, RedisSurveys surveys, Duration replyWindow) {
        this.texting = texting;
        this.surveys = surveys;
        this.replyWindow = replyWindow;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Result run(Claim c, SendGuard guard) {
        String[] e164 = new String[1];
        Optional<Result> no = texting.precheck(c, e164);
        if (no.isPresent()) {
            return no.get();
        }
        Result sent = texting.send(c, guard, e164[0], c.get("text"));
        if (sent instanceof Result.Done && c.get("stage").equals("returnee")) {
            surveys.await(c.get("caller"), new RedisSurveys.Awaiting(c.get("deflection"), "returnee", false,
                    Map.of("language", c.get("language"), "masked", io.waitless.call.PhoneMask.mask(e164[0]))),
                    replyWindow);
        }
        return sent;
    }
}
