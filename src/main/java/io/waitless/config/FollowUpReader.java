package io.waitless.config;

import io.waitless.config.WaitlessConfig.FollowUp;

import java.net.URI;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code followup}: whether follow-ups run, the due-queue's timing, and the {@code survey}, {@code alerts}
 * and {@code returnees} rules. Absent or {@code enabled: false}: off, and nothing else is required. On, it needs a
 * {@code encryption-key} of at least 32 characters (it encrypts the numbers kept for later texts).
 */
final class FollowUpReader {
    static final int MIN_KEY_LENGTH = 32;
    private static final Pattern HOURS = Pattern.compile("(\\d{1,2}:\\d{2})\\s*-\\s*(\\d{1,2}:\\d{2})");
    private static final Pattern SCALE = Pattern.compile("(\\d{1,2})\\s*-\\s*(\\d{1,2})");

    private FollowUpReader() {
    }

    static FollowUp read(Section s) {
        boolean enabled = Values.bool(s, "enabled", s.present());
        FollowUp off = FollowUp.OFF;
        String key = "";
        Optional<Scalar> written = s.scalar("encryption-key");
        if (written.isPresent() && written.get().value().length() < MIN_KEY_LENGTH) {
            s.problems().error(written.get().line(), written.get().key(), "is shorter than " + MIN_KEY_LENGTH
                    + " characters; use a long random value (e.g. openssl rand -base64 32)");
        } else if (written.isPresent()) {
            ConfigLoader.warnAboutKey(s.problems(), written.get());
            key = written.get().value();
        } else if (enabled) {
            s.problems().error(s.line(), s.key("encryption-key"), "is missing; it encrypts the numbers kept for surveys "
                    + "(at least " + MIN_KEY_LENGTH + " characters, e.g. openssl rand -base64 32)");
        }
        Duration poll = Values.duration(s, "poll-interval", off.pollInterval(), Duration.ofMillis(100), Duration.ofMinutes(10));
        Duration lease = Values.duration(s, "lease", off.lease(), Duration.ofSeconds(5), Duration.ofHours(1));
        int batch = Values.integer(s, "batch-size", off.batchSize(), 1, 1000);
        int attempts = Values.integer(s, "max-attempts", off.maxAttempts(), 1, 100);
        Duration backoff = Values.duration(s, "retry-backoff", off.retryBackoff(), Duration.ofSeconds(1), Duration.ofDays(1));
        boolean resend = Values.bool(s, "resend-uncertain", false);
        Duration keep = Values.duration(s, "keep", off.keep(), Duration.ofHours(1), Duration.ofDays(400));
        FollowUp.Survey survey = survey(s.section("survey"));
        FollowUp.Alerts alerts = alerts(s.section("alerts"), survey);
        FollowUp.Returnees returnees = returnees(s.section("returnees"));
        FollowUp.Digest digest = digest(s.section("digest"));
        return new FollowUp(enabled, key, poll, lease, batch, attempts, backoff, resend, keep, survey, alerts, returnees,
                digest);
    }

    private static FollowUp.Survey survey(Section s) {
        FollowUp.Survey d = FollowUp.Survey.DEFAULTS;
        boolean enabled = Values.bool(s, "enabled", true);
        Duration delay = Values.duration(s, "delay", d.delay(), Duration.ZERO, Duration.ofDays(30));
        Duration unfinished = Values.duration(s, "unfinished-delay", d.unfinishedDelay(), Duration.ZERO, Duration.ofDays(30));
        Duration oncePer = Values.duration(s, "once-per", d.oncePer(), Duration.ZERO, Duration.ofDays(366));
        Duration replyWindow = Values.duration(s, "reply-window", d.replyWindow(), Duration.ofMinutes(1), Duration.ofDays(30));
        LocalTime[] hours = {d.from(), d.until()};
        s.scalar("hours").ifPresent(h -> Values.convert(s.problems(), h, v -> {
            Matcher m = HOURS.matcher(v);
            if (!m.matches()) {
                throw new IllegalArgumentException("is not a daily window like 09:00-20:00");
            }
            try {
                LocalTime from = LocalTime.parse(pad(m.group(1)));
                LocalTime until = LocalTime.parse(pad(m.group(2)));
                if (!from.isBefore(until)) {
                    throw new IllegalArgumentException("must start before it ends, within one day (e.g. 09:00-20:00)");
                }
                hours[0] = from;
                hours[1] = until;
                return v;
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("has a time that does not exist (use 00:00 to 23:59)");
            }
        }));
        int[] scale = {d.scaleMin(), d.scaleMax()};
        s.scalar("scale").ifPresent(sc -> Values.convert(s.problems(), sc, v -> {
            Matcher m = SCALE.matcher(v);
            if (!m.matches()) {
                throw new IllegalArgumentException("is not a scale like 1-7");
            }
            int lo = Integer.parseInt(m.group(1));
            int hi = Integer.parseInt(m.group(2));
            if (lo < 0 || hi > 10 || hi - lo < 1) {
                throw new IllegalArgumentException("must run from a lower to a higher number within 0-10");
            }
            scale[0] = lo;
            scale[1] = hi;
            return v;
        }));
        Map<String, String> question = texts(s, "question", d.question());
        Map<String, String> comment = texts(s, "comment-question", Map.of());
        Map<String, String> askAgain = texts(s, "ask-again", d.askAgain());
        return new FollowUp.Survey(enabled, delay, unfinished, oncePer, hours[0], hours[1], scale[0], scale[1],
                replyWindow, question, comment, askAgain);
    }

    private static FollowUp.Alerts alerts(Section s, FollowUp.Survey survey) {
        int low = Values.integer(s, "low-score", survey.scaleMin() + 1, survey.scaleMin(), survey.scaleMax());
        Map<String, List<String>> words = new LinkedHashMap<>();
        s.scalarListMap("negative-words").forEach((lang, list) -> words.put(lang,
                list.stream().map(w -> w.value().strip()).filter(w -> !w.isEmpty()).toList()));
        Optional<URI> url = s.scalar("webhook-url").filter(u -> !u.value().isBlank())
                .flatMap(u -> Values.convert(s.problems(), u, Values::httpUrl));
        String secret = "";
        Optional<Scalar> written = s.scalar("webhook-secret");
        if (written.isPresent() && !written.get().value().isEmpty()) {
            if (written.get().value().length() < 16) {
                s.problems().error(written.get().line(), written.get().key(), "is shorter than 16 characters");
            }
            secret = written.get().value();
        }
        if (url.isPresent() && secret.isEmpty()) {
            s.problems().error(s.lineOf("webhook-url"), s.key("webhook-secret"),
                    "is missing; it signs the alerts sent to webhook-url so the receiver can refuse forgeries");
        }
        return new FollowUp.Alerts(low, words, url, secret);
    }

    private static FollowUp.Returnees returnees(Section s) {
        boolean text = Values.bool(s, "text", false);
        Optional<URI> url = s.scalar("webhook-url").filter(u -> !u.value().isBlank())
                .flatMap(u -> Values.convert(s.problems(), u, Values::httpUrl));
        String secret = s.scalar("webhook-secret").map(Scalar::value).orElse("");
        if (url.isPresent() && secret.length() < 16) {
            s.problems().error(s.lineOf("webhook-secret"), s.key("webhook-secret"),
                    "needs at least 16 characters with webhook-url; it signs each returnee so the receiver can trust it");
        }
        return new FollowUp.Returnees(text, texts(s, "message", FollowUp.Returnees.OFF.message()), url, secret);
    }

    private static FollowUp.Digest digest(Section s) {
        FollowUp.Digest d = FollowUp.Digest.OFF;
        boolean enabled = Values.bool(s, "enabled", false);
        String cron = s.scalar("cron").flatMap(c -> Values.convert(s.problems(), c, v -> {
            if (!org.quartz.CronExpression.isValidExpression(v)) {
                throw new IllegalArgumentException("is not a Quartz cron expression (seconds minutes hours day-of-month"
                        + " month day-of-week, e.g. \"0 0 6 * * ?\" for 06:00 every day)");
            }
            return v;
        })).orElse(d.cron());
        java.nio.file.Path dir = s.scalar("directory").map(v -> java.nio.file.Path.of(v.value().strip()))
                .orElse(d.directory());
        Optional<URI> url = s.scalar("webhook-url").filter(u -> !u.value().isBlank())
                .flatMap(u -> Values.convert(s.problems(), u, Values::httpUrl));
        String secret = s.scalar("webhook-secret").map(Scalar::value).orElse("");
        if (url.isPresent() && secret.length() < 16) {
            s.problems().error(s.lineOf("webhook-secret"), s.key("webhook-secret"),
                    "needs at least 16 characters with webhook-url; it signs the digest so the receiver can trust it");
        }
        return new FollowUp.Digest(enabled, cron, dir, url, secret);
    }

    /** A mapping of language to text; absent: {@code fallback}; present without {@code en}: an error. */
    private static Map<String, String> texts(Section s, String name, Map<String, String> fallback) {
        Map<String, Scalar> written = s.scalarMap(name);
        if (written.isEmpty()) {
            return fallback;
        }
        Map<String, String> out = new LinkedHashMap<>();
        written.forEach((lang, v) -> {
            if (v.value().isBlank()) {
                s.problems().error(v.line(), v.key(), "is empty");
            } else {
                out.put(lang, v.value().strip());
            }
        });
        if (!out.containsKey("en")) {
            s.problems().error(s.lineOf(name), s.key(name), "needs an en text (used for languages it does not list)");
        }
        return out;
    }

    private static String pad(String t) {
        return t.length() == 4 ? "0" + t : t;
    }
}
