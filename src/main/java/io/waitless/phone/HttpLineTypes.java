package io.waitless.phone;

import io.waitless.call.PhoneMask;
import io.waitless.config.WaitlessConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link LineTypes} from an HTTP service: {@code GET <url>?number=<e164>} answering
 * {@code {"type":"mobile|landline|voip|unknown"}}. Answers are cached in memory by caller reference (never by
 * number) for {@code cache-ttl}, at most {@code cache-size} of them, least recently used evicted first.
 * A timeout, an error status or a body it cannot read is logged at WARN (number masked) and gives no answer,
 * so the offline answer stands; failures are not cached. Thread-safe; one lookup blocks at most
 * {@code timeout} (connect and response together are bounded by it).
 */
public final class HttpLineTypes implements LineTypes {
    private static final Logger log = LoggerFactory.getLogger(HttpLineTypes.class);
    private static final Pattern TYPE = Pattern.compile("\\A\\s*\\{.*\"type\"\\s*:\\s*\"([a-z]+)\".*}\\s*\\z",
            Pattern.DOTALL);

    private record Cached(LineType type, Instant expires) {}

    private final WaitlessConfig.LineTypeLookup cfg;
    private final HttpClient http;
    private final Clock clock;
    private final Map<String, Cached> cache;

    public HttpLineTypes(WaitlessConfig.LineTypeLookup cfg, Clock clock) {
        this.cfg = cfg;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(cfg.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        int max = cfg.cacheSize();
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                return size() > max;
            }
        };
    }

    @Override
    public Optional<LineType> lookup(String e164, String callerRef) {
        Instant now = clock.instant();
        synchronized (cache) {
            Cached c = cache.get(callerRef);
            if (c != null && now.isBefore(c.expires())) {
                return Optional.of(c.type());
            }
        }
        Optional<LineType> answer = ask(e164);
        if (answer.isPresent() && cfg.cacheSize() > 0 && !cfg.cacheTtl().isZero()) {
            synchronized (cache) {
                cache.put(callerRef, new Cached(answer.get(), now.plus(cfg.cacheTtl())));
            }
        }
        return answer;
    }

    private Optional<LineType> ask(String e164) {
        URI uri = URI.create(cfg.url() + "?number=" + URLEncoder.encode(e164, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(cfg.timeout()).GET()
                .header("Accept", "application/json").build();
        String masked = PhoneMask.mask(e164);
        var pending = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            HttpResponse<String> r = pending.get(cfg.timeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            if (r.statusCode() != 200) {
                log.warn("line-type lookup for {} answered HTTP {}; using the offline answer", masked, r.statusCode());
                return Optional.empty();
            }
            return parse(r.body(), masked);
        } catch (java.util.concurrent.TimeoutException e) {
            pending.cancel(true);
            log.warn("line-type lookup for {} took longer than {} ms; using the offline answer", masked,
                    cfg.timeout().toMillis());
            return Optional.empty();
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            String why = cause instanceof HttpTimeoutException ? "timed out" : "failed: " + cause;
            log.warn("line-type lookup for {} {}; using the offline answer", masked, why);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("line-type lookup for {} interrupted; using the offline answer", masked);
            return Optional.empty();
        }
    }

    static Optional<LineType> parse(String body, String masked) {
        Matcher m = TYPE.matcher(body);
        if (!m.matches()) {
            log.warn("line-type lookup for {} answered something that is not {{\"type\":...}}; using the offline answer",
                    masked);
            return Optional.empty();
        }
        return switch (m.group(1).toLowerCase(Locale.ROOT)) {
            case "mobile" -> Optional.of(LineType.MOBILE);
            case "landline" -> Optional.of(LineType.LANDLINE);
            case "voip" -> Optional.of(LineType.VOIP);
            case "unknown" -> Optional.of(LineType.UNKNOWN);
            default -> {
                log.warn("line-type lookup for {} answered an unknown type '{}'; using the offline answer", masked,
                        m.group(1));
                yield Optional.empty();
            }
        };
    }
}
