package io.waitless.config;

import io.waitless.config.WaitlessConfig.Breaker;
import io.waitless.config.WaitlessConfig.Kannel;
import io.waitless.config.WaitlessConfig.Retry;
import io.waitless.config.WaitlessConfig.Smpp;
import io.waitless.config.WaitlessConfig.Twilio;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads the gateway blocks of {@code sms}: {@code kannel}, {@code twilio}, {@code smpp}, and the {@code retry}
 * and {@code breaker} settings every gateway shares. A block is checked whenever it is written; the one
 * {@code sms.gateway} names is required.
 */
final class SmsGatewayReader {

    static final URI TWILIO_API = URI.create("https://api.twilio.com");

    private SmsGatewayReader() {
    }

    static Kannel kannel(Section k, boolean needed) {
        URI url = k.required("sendsms-url").flatMap(u -> Values.convert(k.problems(), u, Values::httpUrl)).orElse(null);
        String username = needed ? k.required("username").map(Scalar::value).orElse("") : Values.text(k, "username", "");
        String password = needed ? k.required("password").map(Scalar::value).orElse("") : Values.text(k, "password", "");
        String smsc = Values.text(k, "smsc", "");
        Optional<URI> dlrUrl = k.scalar("dlr-url").filter(v -> !v.value().isBlank())
                .flatMap(u -> Values.convert(k.problems(), u, SmsGatewayReader::callbackUrl));
        return new Kannel(url, username, password, smsc, dlrUrl);
    }

    static Twilio twilio(Section t) {
        URI base = t.scalar("base-url").flatMap(u -> Values.convert(t.problems(), u, v -> {
            URI parsed = Values.httpUrl(v);
            if (parsed.getRawQuery() != null) {
                throw new IllegalArgumentException("must not have a query (?...): the API path is appended to it");
            }
            return parsed;
        })).orElse(TWILIO_API);
        String account = t.required("account-sid").flatMap(a -> Values.convert(t.problems(), a, v -> {
            if (!v.matches("[A-Za-z0-9]+")) {
                throw new IllegalArgumentException("is not an account sid (letters and digits, e.g. AC0123...)");
            }
            return v;
        })).orElse("");
        String username = account;
        String secret;
        if (t.has("api-key-sid")) {
            username = t.required("api-key-sid").map(Scalar::value).orElse("");
            secret = t.required("api-key-secret").map(Scalar::value).orElse("");
            if (t.has("auth-token")) {
                t.problems().error(t.lineOf("auth-token"), t.key("auth-token"),
                        "give either auth-token or api-key-sid with api-key-secret, not both");
            }
        } else {
            t.has("api-key-secret");
            secret = t.required("auth-token").map(Scalar::value).orElse("");
        }
        Optional<String> service = t.scalar("messaging-service-sid").map(Scalar::value).filter(v -> !v.isBlank());
        Optional<URI> callback = t.scalar("status-callback").filter(v -> !v.value().isBlank())
                .flatMap(u -> Values.convert(t.problems(), u, SmsGatewayReader::callbackUrl));
        return new Twilio(base, account, username, secret, service, callback);
    }

    static Smpp smpp(Section m) {
        String host = m.required("host").map(Scalar::value).orElse("");
        int port = Values.integer(m, "port", 2775, 1, 65_535);
        String systemId = limited(m, m.required("system-id"), 15);
        String password = limited(m, m.required("password"), 8);
        String systemType = limited(m, m.scalar("system-type"), 12);
        Duration bind = Values.duration(m, "bind-timeout", Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(60));
        Duration enquire = Values.duration(m, "enquire-link", Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMinutes(10));
        OptionalInt ton = autoOrNumber(m, "source-ton", 6);
        OptionalInt npi = autoOrNumber(m, "source-npi", 18);
        return new Smpp(host, port, systemId, password, systemType, bind, enquire, ton, npi);
    }

    static Retry retry(Section r, Duration timeout) {
        int attempts = Values.integer(r, "attempts", Retry.DEFAULT.attempts(), 1, 5);
        Duration backoff = Values.duration(r, "backoff", Retry.DEFAULT.backoff(), Duration.ofMillis(10), Duration.ofSeconds(10));
        if (attempts > 1 && backoff.compareTo(timeout) >= 0) {
            r.problems().warning(r.lineOf("backoff"), r.key("backoff"), "is not shorter than sms.timeout ("
                    + Durations.format(timeout) + "), so no retry can happen in time");
        }
        return new Retry(attempts, backoff);
    }

    static Breaker breaker(Section b) {
        int rate = Values.integer(b, "failure-rate", Breaker.DEFAULT.failureRate(), 1, 100);
        int window = Values.integer(b, "window", Breaker.DEFAULT.window(), 1, 1000);
        Duration openFor = Values.duration(b, "open-for", Breaker.DEFAULT.openFor(), Duration.ofSeconds(1), Duration.ofHours(1));
        return new Breaker(rate, window, openFor);
    }

    /** An http(s) URL a gateway calls back; its query is kept (Kannel appends with {@code &}). */
    private static URI callbackUrl(String v) {
        URI uri = Values.httpUrl(v);
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("must not have a fragment (#...)");
        }
        return uri;
    }

    /** SMPP 3.4 C-octet strings have a maximum length (system_id 16, password 9, system_type 13, with the NUL). */
    private static String limited(Section s, Optional<Scalar> value, int max) {
        value.filter(v -> v.value().length() > max).ifPresent(v -> s.problems().error(v.line(), v.key(),
                "is " + v.value().length() + " characters; SMPP 3.4 allows at most " + max));
        return value.map(Scalar::value).orElse("");
    }

    private static OptionalInt autoOrNumber(Section s, String name, int max) {
        return s.scalar(name).flatMap(v -> Values.convert(s.problems(), v, text -> {
            if (text.toLowerCase(Locale.ROOT).equals("auto")) {
                return OptionalInt.empty();
            }
            try {
                return OptionalInt.of(Values.inRange(Values.wholeNumber(text), 0, max));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("is not auto or a number 0.." + max, e);
            }
        })).orElse(OptionalInt.empty());
    }
}
