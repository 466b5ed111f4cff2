package io.waitless.followup;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads survey results for analysts (dashboard, API, digest) from {@link RedisSurveys}: per period, how many
 * surveys went out, were answered, unreadable or cancelled, replies matched to no survey, the score distribution and
 * mean, and the same for first-time digital users apart. Thread-safe.
 */
public final class SurveyScores {
    /** At most this many answers are read for one summary. */
    static final int MAX_ANSWERS = 100_000;

    private final RedisSurveys surveys;
    private final ZoneId zone;
    private final int scaleMin;
    private final int scaleMax;

    public SurveyScores(RedisSurveys surveys, ZoneId zone, int scaleMin, int scaleMax) {
        this.surveys = surveys;
        this.zone = zone;
        this.scaleMin = scaleMin;
        this.scaleMax = scaleMax;
    }

    /**
     * @param counts       {@code sent}, {@code answered}, {@code invalid}, {@code unmatched}, {@code cancelled}
     * @param distribution how many answers gave each score (every score of the scale, zeros included)
     * @param mean         mean score, {@code NaN} without answers
     * @param firstTime    answers and mean of first-time digital users
     * @param others       answers and mean of everyone else
     */
    public record Summary(LocalDate from, LocalDate to, int scaleMin, int scaleMax, Map<String, Long> counts,
                          Map<Integer, Long> distribution, long answers, double mean, Group firstTime, Group others) {}

    public record Group(long answers, double mean) {}

    /** Days {@code from}..{@code to}, both inclusive, in the company's zone. */
    public Summary between(LocalDate from, LocalDate to) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String k : List.of("sent", "answered", "invalid", "unmatched", "cancelled")) {
            counts.put(k, 0L);
        }
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            surveys.counts(d).forEach((k, v) -> counts.merge(k, v, Long::sum));
        }
        Instant start = from.atStartOfDay(zone).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(zone).toInstant();
        Map<Integer, Long> dist = new TreeMap<>();
        for (int s = scaleMin; s <= scaleMax; s++) {
            dist.put(s, 0L);
        }
        long n = 0, sum = 0, nFirst = 0, sumFirst = 0;
        for (Map<String, String> a : surveys.answers(start, end, MAX_ANSWERS)) {
            String score = a.get("score");
            if (score == null || !score.matches("\\d{1,2}")) {
                continue;
            }
            int v = Integer.parseInt(score);
            dist.merge(v, 1L, Long::sum);
            n++;
            sum += v;
            if ("1".equals(a.get("first-time"))) {
                nFirst++;
                sumFirst += v;
            }
        }
        return new Summary(from, to, scaleMin, scaleMax, counts, dist, n, mean(sum, n),
                new Group(nFirst, mean(sumFirst, nFirst)), new Group(n - nFirst, mean(sum - sumFirst, n - nFirst)));
    }

    private static double mean(long sum, long n) {
        return n == 0 ? Double.NaN : (double) sum / n;
    }
}
