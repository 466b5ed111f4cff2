package io.waitless.config;

import io.waitless.config.WaitlessConfig.Callers;
import io.waitless.config.WaitlessConfig.LineTypeLookup;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Reads the {@code callers} section: regions, allowed line types, the line-type lookup and the reference key. */
final class CallersReader {

    private CallersReader() {
    }

    static Callers read(Section s) {
        String region = s.required("default-region")
                .flatMap(r -> Values.convert(s.problems(), r, Values::region)).orElse("");
        List<String> countries = s.has("allowed-countries")
                ? s.scalars("allowed-countries").stream()
                        .flatMap(c -> Values.convert(s.problems(), c, Values::region).stream()).toList()
                : List.of(region);
        boolean fixedOrMobile = Values.bool(s, "allow-fixed-or-mobile", false);
        boolean voip = Values.bool(s, "allow-voip", false);
        Optional<LineTypeLookup> lookup = s.has("line-type-lookup")
                ? lookup(s.section("line-type-lookup")) : Optional.empty();
        Optional<Scalar> key = s.required("reference-key");
        key.ifPresent(k -> ConfigLoader.warnAboutKey(s.problems(), k));
        return new Callers(region, countries, fixedOrMobile, voip, lookup, key.map(Scalar::value).orElse(""));
    }

    private static Optional<LineTypeLookup> lookup(Section s) {
        Optional<URI> url = s.required("url").flatMap(u -> Values.convert(s.problems(), u, v -> {
            URI parsed = Values.httpUrl(v);
            if (parsed.getRawQuery() != null || parsed.getRawFragment() != null) {
                throw new IllegalArgumentException("must not have a query or fragment: ?number=<e164> is appended");
            }
            return parsed;
        }));
        Duration timeout = Values.duration(s, "timeout", Duration.ofMillis(300), Duration.ofMillis(10), Duration.ofSeconds(5));
        Duration ttl = Values.duration(s, "cache-ttl", Duration.ofDays(1), Duration.ZERO, Duration.ofDays(30));
        int size = Values.integer(s, "cache-size", 100_000, 0, 10_000_000);
        return url.map(u -> new LineTypeLookup(u, timeout, ttl, size));
    }
}
