package io.waitless.config;

import io.waitless.config.WaitlessConfig.Ami;
import io.waitless.config.WaitlessConfig.Timed;
import io.waitless.config.WaitlessConfig.TimedQueue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads timed-offer mode: each queue's {@code offer-mode} ({@code in-queue}, the default, or {@code timed}) and
 * {@code timed} block, and the top-level {@code ami} section. A timed queue needs the {@code ami} section; a
 * {@code timed} block on an in-queue queue is refused (it would be silently ignored). Problems carry their line.
 */
final class TimedReader {

    private TimedReader() {
    }

    /** Reads {@code ami} (absent: no AMI) and the timing of every queue in {@code queues} (name → its mapping). */
    static Timed read(Section ami, Map<String, Section> queues) {
        Optional<Ami> connection = ami.present() ? Optional.of(ami(ami)) : Optional.empty();
        Map<String, TimedQueue> timed = new LinkedHashMap<>();
        queues.forEach((name, q) -> {
            boolean isTimed = q.scalar("offer-mode").map(m -> mode(q, m)).orElse(false);
            if (isTimed) {
                timed.put(name, timing(q.section("timed")));
                if (!ami.present()) {
                    q.problems().error(q.lineOf("offer-mode"), q.key("offer-mode"), "is timed, which needs the ami"
                            + " section (host, port, username, secret): the node withdraws callers over AMI");
                }
            } else if (q.has("timed")) {
                q.problems().error(q.lineOf("timed"), q.key("timed"), "is only read with offer-mode: timed");
            }
        });
        return new Timed(connection, timed);
    }

    private static boolean mode(Section q, Scalar m) {
        return switch (m.value().strip()) {
            case "timed" -> true;
            case "in-queue" -> false;
            default -> {
                q.problems().error(m.line(), m.key(), m.shown() + " is not one of in-queue, timed");
                yield false;
            }
        };
    }

    private static TimedQueue timing(Section t) {
        Duration first = Values.duration(t, "first-offer-after", Duration.ofSeconds(90), Duration.ZERO, Duration.ofHours(2));
        Duration every = Values.duration(t, "every", Duration.ofMinutes(3), Duration.ofSeconds(10), Duration.ofHours(2));
        int maxOffers = Values.integer(t, "max-offers", 2, 1, 20);
        int protectHead = Values.integer(t, "protect-head", 2, 1, 1000);
        Duration minWait = Values.duration(t, "min-expected-wait", Duration.ZERO, Duration.ZERO, Duration.ofHours(2));
        return new TimedQueue(first, every, maxOffers, protectHead, minWait);
    }

    private static Ami ami(Section s) {
        String host = s.required("host").map(Scalar::value).map(String::strip).orElse("");
        int port = Values.integer(s, "port", 5038, 1, 65_535);
        String username = s.required("username").map(Scalar::value).orElse("");
        String secret = s.required("secret").map(Scalar::value).orElse("");
        Duration poll = Values.duration(s, "poll-interval", Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofMinutes(5));
        Duration timeout = Values.duration(s, "action-timeout", Duration.ofSeconds(2), Duration.ofMillis(50), Duration.ofSeconds(30));
        int max = Values.integer(s, "max-withdrawals-per-tick", 2, 1, 100);
        if (timeout.compareTo(poll) > 0) {
            s.problems().error(s.lineOf("action-timeout"), s.key("action-timeout"), "is longer than ami.poll-interval ("
                    + Durations.format(poll) + "): a tick must end before the next one starts");
        }
        return new Ami(host, port, username, secret, poll, timeout, max);
    }
}
