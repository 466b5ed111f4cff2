package io.waitless.followup;

import java.util.Map;

/**
 * A follow-up this node holds a lease on, as {@link DueQueue#claim} returned it.
 *
 * @param id       the follow-up's id
 * @param kind     which task runs it
 * @param token    the fencing token of this lease: it grows with every claim of the item, and only the holder of
 *                 the latest token can mark a send or record a result
 * @param attempts failed attempts before this one
 * @param uncertain whether an earlier holder marked "sending" and never recorded the result: it may or may not
 *                 have reached the gateway
 * @param payload  the task's data
 */
public record Claim(String id, String kind, long token, int attempts, boolean uncertain, Map<String, String> payload) {
    public Claim {
        payload = Map.copyOf(payload);
    }

    public String get(String name) {
        return payload.getOrDefault(name, "");
    }
}
