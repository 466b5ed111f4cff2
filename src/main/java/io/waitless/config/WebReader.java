package io.waitless.config;

import io.waitless.config.WaitlessConfig.Api;
import io.waitless.config.WaitlessConfig.Hooks;
import io.waitless.config.WaitlessConfig.Signing;
import io.waitless.config.WaitlessConfig.SmsIn;
import io.waitless.deflect.SmsKeywords;
import io.waitless.link.SigningKey;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads what the HTTP side needs besides links: {@code links.signing}, {@code api}, {@code hooks}, {@code sms-in}. */
final class WebReader {
    static final int MIN_API_KEY_LENGTH = 24;

    private WebReader() {
    }

    static Signing signing(Section s, URI publicBaseUrl) {
        List<SigningKey> keys = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        List<Section> items = s.sections("keys");
        if (items.isEmpty()) {
            s.problems().error(s.has("keys") ? s.lineOf("keys") : s.line(), s.key("keys"),
                    "needs at least one {id, secret}: the first signs link tokens, every one verifies");
        }
        for (Section k : items) {
            Optional<Scalar> id = k.required("id")
                    .filter(v -> Values.convert(k.problems(), v, WebReader::keyId).isPresent());
            Optional<Scalar> secret = k.required("secret");
            secret.ifPresent(v -> ConfigLoader.warnAboutKey(k.problems(), v));
            id.ifPresent(v -> {
                Integer first = seen.putIfAbsent(v.value(), v.line());
                if (first != null) {
                    k.problems().error(v.line(), v.key(), "\"" + v.value() + "\" is used twice (first at line " + first + ")");
                }
            });
            Optional<Scalar> strong = secret.filter(v -> {
                if (v.value().getBytes(StandardCharsets.UTF_8).length >= SigningKey.MIN_BYTES) {
                    return true;
                }
                k.problems().error(v.line(), v.key(), "is shorter than " + SigningKey.MIN_BYTES
                        + " bytes; HS256 needs at least 256 bits (e.g. openssl rand -base64 32)");
                return false;
            });
            if (id.isPresent() && strong.isPresent()) {
                keys.add(new SigningKey(id.get().value(), strong.get().value()));
            }
        }
        Duration ttl = Values.duration(s, "token-ttl", Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofHours(24));
        String issuer = Values.text(s, "issuer", publicBaseUrl == null ? "waitless" : publicBaseUrl.toString());
        return new Signing(keys, ttl, issuer);
    }

    static Api api(Section s) {
        List<String> keys = new ArrayList<>();
        for (Scalar k : s.scalars("keys")) {
            if (k.value().length() < MIN_API_KEY_LENGTH) {
                s.problems().error(k.line(), k.key(), "is shorter than " + MIN_API_KEY_LENGTH
                        + " characters; use a long random value (e.g. openssl rand -base64 32)");
                continue;
            }
            ConfigLoader.warnAboutKey(s.problems(), k);
            keys.add(k.value());
        }
        if (keys.isEmpty() && !s.problems().hasErrors()) {
            s.problems().warning(s.line(), s.key("keys"), "is empty, so /api answers 404: the self-service site "
                    + "can neither redeem link tokens nor report completed flows");
        }
        return new Api(keys);
    }

    static Hooks hooks(Section s, URI linksBase) {
        String kannel = secret(s, "kannel-secret");
        String twilio = secret(s, "twilio-auth-token");
        URI base = s.scalar("public-base-url").flatMap(u -> Values.convert(s.problems(), u, v -> {
            URI parsed = Values.httpUrl(v);
            if (parsed.getRawQuery() != null || parsed.getRawFragment() != null) {
                throw new IllegalArgumentException("must not have a query (?...) or fragment (#...)");
            }
            return parsed;
        })).orElse(linksBase);
        return new Hooks(kannel, twilio, base);
    }

    private static String secret(Section s, String name) {
        Optional<Scalar> v = s.scalar(name);
        if (v.isEmpty() || v.get().value().isEmpty()) {
            return ""; // documented: those hooks are off (404); the web server says so at start
        }
        ConfigLoader.warnAboutKey(s.problems(), v.get());
        return v.get().value();
    }

    static SmsIn smsIn(Section s) {
        List<String> out = keywords(s, "opt-out-keywords", SmsKeywords.DEFAULT_OPT_OUT);
        List<String> in = keywords(s, "opt-in-keywords", SmsKeywords.DEFAULT_OPT_IN);
        for (String k : in) {
            if (out.contains(k)) {
                s.problems().error(s.lineOf("opt-in-keywords"), s.key("opt-in-keywords"),
                        "\"" + k + "\" is also an opt-out keyword");
            }
        }
        return new SmsIn(out, in);
    }

    private static List<String> keywords(Section s, String name, List<String> fallback) {
        if (!s.has(name)) {
            return fallback;
        }
        List<String> out = new ArrayList<>();
        for (Scalar k : s.scalars(name)) {
            String n = SmsKeywords.normalize(k.value());
            if (n.isEmpty()) {
                s.problems().error(k.line(), k.key(), k.shown() + " has no letters or digits");
            } else {
                out.add(n);
            }
        }
        return out;
    }

    private static String keyId(String v) {
        if (!Values.ID.matcher(v).matches()) {
            throw new IllegalArgumentException("is not a key id (1 to 40 of a-z, 0-9, -)");
        }
        return v;
    }
}
