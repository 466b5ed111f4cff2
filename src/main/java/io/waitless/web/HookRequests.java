package io.waitless.web;

import io.javalin.http.Context;
import io.waitless.call.CallEvent;
import io.waitless.call.EventType;
import io.waitless.call.Journal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The checks every webhook and API request shares: body size ({@value #MAX_BODY} bytes), content type,
 * and the record of a rejected request ({@code webhook.rejected}, never with the presented secret).
 */
final class HookRequests {
    private static final Logger log = LoggerFactory.getLogger(HookRequests.class);
    static final int MAX_BODY = 16 * 1024;
    static final String FORM = "application/x-www-form-urlencoded";
    static final String JSON = "application/json";

    private final Journal journal;
    private final Clock clock;

    HookRequests(Journal journal, Clock clock) {
        this.journal = journal;
        this.clock = clock;
    }

    /**
     * The request body as text, after answering 413 (too large) or 415 (a body of another type) itself.
     *
     * @param types accepted content types; an empty body is accepted when {@code emptyOk}
     */
    Optional<String> body(Context ctx, boolean emptyOk, String... types) {
        if (ctx.contentLength() > MAX_BODY) {
            drain(ctx);
            ctx.status(413).result("request body over " + MAX_BODY + " bytes\n");
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = ctx.bodyInputStream().readNBytes(MAX_BODY + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("reading a request body", e);
        }
        if (bytes.length > MAX_BODY) {
            ctx.status(413).result("request body over " + MAX_BODY + " bytes\n");
            return Optional.empty();
        }
        if (bytes.length == 0 && emptyOk) {
            return Optional.of("");
        }
        String type = mediaType(ctx);
        if (!List.of(types).contains(type)) {
            ctx.status(415).result("content type must be " + String.join(" or ", types) + "\n");
            return Optional.empty();
        }
        return Optional.of(new String(bytes, StandardCharsets.UTF_8));
    }

    /**
     * Reads and drops a too-large body of up to {@link #DRAIN_LIMIT} bytes before the 413 goes out. Closing a
     * connection with unread request bytes makes the kernel send a reset, and the client then often loses
     * the 413 itself (measured: "header parser received no bytes" on loopback). Larger bodies are not read.
     */
    private static void drain(Context ctx) {
        if (ctx.contentLength() > DRAIN_LIMIT) {
            return;
        }
        try {
            ctx.bodyInputStream().skipNBytes(ctx.contentLength());
        } catch (IOException e) {
            // the client gave up: nothing to answer
        }
    }

    /** The largest too-large body still read (and dropped) so its sender gets the 413. */
    static final int DRAIN_LIMIT = 256 * 1024;

    static String mediaType(Context ctx) {
        String t = ctx.contentType();
        return t == null ? "" : t.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    }

    /** Query parameters, then form parameters of the body, merged by name. */
    static Map<String, List<String>> params(Context ctx, String body) {
        Map<String, List<String>> all = new LinkedHashMap<>(ctx.queryParamMap());
        FormBody.parse(body).forEach((k, v) -> all.merge(k, v,
                (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList()));
        return all;
    }

    /** Answers 401 and records why; nothing else of the request is recorded. */
    void reject(Context ctx, String source, String reason) {
        log.warn("webhook {} rejected from {}: {}", source, ctx.ip(), reason);
        journal.append(CallEvent.of(EventType.WEBHOOK_REJECTED, clock.instant(), "").with("source", source)
                .with("reason", reason).build());
        ctx.status(401).result("unauthorized\n");
    }

    /** Constant-time equality of two secrets (their SHA-256 digests); null-safe, null never equal. */
    static boolean sameSecret(String presented, String expected) {
        if (presented == null || presented.isEmpty() || expected == null || expected.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(sha256(presented), sha256(expected));
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
