package io.waitless.config;

import io.waitless.config.WaitlessConfig.Dashboard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code dashboard}: who may log in (names and bcrypt hashes, never passwords), the secret that signs
 * session cookies, how long a login lasts and whether the cookie is HTTPS-only. No users: the dashboard is off,
 * which is not a problem in the file (the web server says so when it starts).
 */
final class DashboardReader {
    /** {@code $2a$12$} and 53 characters of bcrypt's base64: the form every bcrypt library writes. */
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    /** Below this cost a stolen hash is cheap to crack; {@code waitless dashboard hash-password} uses 12. */
    static final int MIN_GOOD_COST = 10;

    private DashboardReader() {
    }

    static Dashboard read(Section s) {
        List<Dashboard.User> users = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        List<Section> items = s.sections("users");
        for (Section u : items) {
            Optional<Scalar> name = u.required("name").filter(v -> Values.convert(u.problems(), v, DashboardReader::name)
                    .isPresent());
            name.ifPresent(v -> {
                Integer first = seen.putIfAbsent(v.value().strip(), v.line());
                if (first != null) {
                    u.problems().error(v.line(), v.key(), "\"" + v.value() + "\" is used twice (first at line " + first + ")");
                }
            });
            Optional<Scalar> hash = u.required("password-hash").filter(v -> hash(u.problems(), v));
            if (name.isPresent() && hash.isPresent()) {
                users.add(new Dashboard.User(name.get().value().strip(), hash.get().value().strip()));
            }
        }
        Duration ttl = Values.duration(s, "session-ttl", Duration.ofHours(8), Duration.ofMinutes(5), Duration.ofDays(7));
        boolean secure = Values.bool(s, "secure-cookie", true);
        String secret = "";
        Optional<Scalar> written = s.scalar("session-secret");
        if (written.isPresent() && written.get().value().length() < Dashboard.MIN_SECRET_LENGTH) {
            s.problems().error(written.get().line(), written.get().key(), "is shorter than " + Dashboard.MIN_SECRET_LENGTH
                    + " characters; use a long random value (e.g. openssl rand -base64 32)");
        } else if (written.isPresent()) {
            ConfigLoader.warnAboutKey(s.problems(), written.get());
            secret = written.get().value();
        } else if (!items.isEmpty()) {
            s.problems().error(s.line(), s.key("session-secret"), "is missing; it signs the login cookie of the users "
                    + "listed (at least " + Dashboard.MIN_SECRET_LENGTH + " characters, e.g. openssl rand -base64 32)");
        }
        return new Dashboard(users, secret, ttl, secure);
    }

    private static String name(String v) {
        if (!NAME.matcher(v).matches()) {
            throw new IllegalArgumentException("is not a user name (1 to 64 of letters, digits, . _ @ -, starting with"
                    + " a letter or digit)");
        }
        return v;
    }

    private static boolean hash(Problems problems, Scalar v) {
        Matcher m = BCRYPT.matcher(v.value().strip());
        if (!m.matches()) {
            problems.error(v.line(), v.key(), (v.fromEnvironment() ? v.shown() : "the value") + " is not a bcrypt hash"
                    + " ($2a$, $2b$ or $2y$, 60 characters); make one with: waitless dashboard hash-password");
            return false;
        }
        int cost = Integer.parseInt(m.group(1));
        if (cost < 4 || cost > 31) {
            problems.error(v.line(), v.key(), "has a bcrypt cost of " + cost + "; bcrypt allows 4 to 31");
            return false;
        }
        if (cost < MIN_GOOD_COST) {
            problems.warning(v.line(), v.key(), "has a bcrypt cost of " + cost + "; use at least " + MIN_GOOD_COST
                    + " (waitless dashboard hash-password uses 12)");
        }
        ConfigLoader.warnAboutKey(problems, v);
        return true;
    }
}
