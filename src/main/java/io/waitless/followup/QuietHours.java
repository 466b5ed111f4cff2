package io.waitless.followup;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * When a caller may be texted: only inside the daily window {@code [from, until)} of their local time. Their zones
 * come from the number: libphonenumber (core) names its region, and the region's IANA zones are read from tzdata's
 * {@code zone.tab}, shipped as {@code zones-by-region.tsv}. (libphonenumber's finer
 * {@code PhoneNumberToTimeZonesMapper} lives in its {@code geocoder} artifact, which our Maven registry does not
 * serve.) A number that maps to several zones (the US, Canada, Australia) is texted only when the window is open in
 * <em>all</em> of them — the conservative choice: none of the places it may be in gets a text at night; for the US
 * and 09:00–20:00 that leaves 14:00–20:00 Eastern (09:00–15:00 in Hawaii). A number that cannot be placed falls
 * back to {@code fallback} (the company's zone). Immutable and thread-safe.
 */
public final class QuietHours {
    private static final Map<String, List<ZoneId>> ZONES = load();
    /** The search gives up after this many jumps (windows that never overlap across the number's zones). */
    private static final int MAX_JUMPS = 64;

    private final LocalTime from;
    private final LocalTime until;
    private final ZoneId fallback;

    public QuietHours(LocalTime from, LocalTime until, ZoneId fallback) {
        if (!from.isBefore(until)) {
            throw new IllegalArgumentException("the allowed hours must start before they end");
        }
        this.from = from;
        this.until = until;
        this.fallback = fallback;
    }

    /** The zones a number may be in; {@code fallback} when unknown or unparsable. */
    public List<ZoneId> zones(String e164) {
        Set<ZoneId> out = new LinkedHashSet<>();
        try {
            PhoneNumberUtil util = PhoneNumberUtil.getInstance();
            String region = util.getRegionCodeForNumber(util.parse(e164, "ZZ"));
            out.addAll(ZONES.getOrDefault(region == null ? "" : region, List.of()));
        } catch (NumberParseException e) {
            // not placeable: the fallback zone below
        }
        if (out.isEmpty()) {
            out.add(fallback);
        }
        return List.copyOf(out);
    }

    private static Map<String, List<ZoneId>> load() {
        Map<String, List<ZoneId>> out = new HashMap<>();
        try (InputStream in = QuietHours.class.getResourceAsStream("zones-by-region.tsv")) {
            if (in == null) {
                throw new IllegalStateException("zones-by-region.tsv is missing from the jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split("\t");
                if (line.startsWith("#") || f.length != 2) {
                    continue;
                }
                try {
                    out.computeIfAbsent(f[0], k -> new java.util.ArrayList<>()).add(ZoneId.of(f[1]));
                } catch (java.time.DateTimeException e) {
                    // a zone this JDK does not know yet: the region keeps its others
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading zones-by-region.tsv", e);
        }
        out.replaceAll((k, v) -> List.copyOf(v));
        return Map.copyOf(out);
    }

    /** Whether {@code at} is inside the window in every zone. */
    public boolean allowed(Instant at, List<ZoneId> zones) {
        return zones.stream().allMatch(z -> open(at, z));
    }

    /**
     * The first instant at or after {@code at} when the window is open in every zone; empty when the zones'
     * windows never overlap.
     */
    public Optional<Instant> next(Instant at, List<ZoneId> zones) {
        Instant t = at;
        for (int i = 0; i < MAX_JUMPS; i++) {
            Instant latest = t;
            boolean all = true;
            for (ZoneId z : zones) {
                if (!open(t, z)) {
                    all = false;
                    Instant opens = nextOpening(t, z);
                    if (opens.isAfter(latest)) {
                        latest = opens;
                    }
                }
            }
            if (all) {
                return Optional.of(t);
            }
            t = latest;
        }
        return Optional.empty();
    }

    private boolean open(Instant at, ZoneId z) {
        LocalTime local = at.atZone(z).toLocalTime();
        return !local.isBefore(from) && local.isBefore(until);
    }

    /** The next start of the window in {@code z} after {@code at} (a start in a DST gap moves to the gap's end). */
    private Instant nextOpening(Instant at, ZoneId z) {
        ZonedDateTime local = at.atZone(z);
        ZonedDateTime today = ZonedDateTime.of(local.toLocalDate(), from, z);
        return today.toInstant().isAfter(at) ? today.toInstant()
                : ZonedDateTime.of(local.toLocalDate().plusDays(1), from, z).toInstant();
    }
}
