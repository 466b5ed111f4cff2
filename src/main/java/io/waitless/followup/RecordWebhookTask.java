package io.waitless.followup;

import com.google.gson.JsonObject;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * POSTs one stored record (an alert, a returnee) to a webhook as a JSON object of its fields plus {@code type},
 * signed ({@link SignedPost}). Skipped when no URL is configured; failed when the record is gone.
 */
abstract class RecordWebhookTask implements FollowUpTask {
    private final String kind;
    private final String type;
    private final String idField;
    private final String what;
    private final Optional<URI> url;
    private final String secret;
    private final SignedPost post;

    /**
     * @param idField the payload field naming the record
     * @param what    the record's name in results and logs ({@code alert}: {@code alert-gone})
     */
    RecordWebhookTask(String kind, String type, String idField, String what, Optional<URI> url, String secret,
                      Clock clock) {
        this.kind = kind;
        this.type = type;
        this.idField = idField;
        this.what = what;
        this.url = url;
        this.secret = secret;
        this.post = new SignedPost(clock);
    }

    /** The record's fields, empty when it is gone. */
    abstract Optional<Map<String, String>> find(String id);

    /** Whether a field of the record goes into the body. */
    boolean shown(String field) {
        return true;
    }

    @Override
    public final String kind() {
        return kind;
    }

    @Override
    public final Result run(Claim c, SendGuard guard) {
        if (url.isEmpty()) {
            return new Result.Skipped("no-webhook");
        }
        Optional<Map<String, String>> record = find(c.get(idField));
        if (record.isEmpty()) {
            return new Result.Failed(what + "-gone");
        }
        JsonObject json = new JsonObject();
        json.addProperty("type", type);
        record.get().forEach((k, v) -> {
            if (shown(k)) {
                json.addProperty(k, v);
            }
        });
        return post.post(url.get(), secret, json.toString(), guard, what);
    }
}
