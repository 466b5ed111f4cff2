package io.waitless.sim;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A reproducible population of callers for the abuse benchmark: honest mobile callers, repeat callers,
 * callers who must never get a text (landlines, withheld, malformed, premium-rate, foreign, opted out) and an
 * SMS-pumping burst of many distinct numbers in one prefix. Each caller carries the {@link Kind} it was
 * generated as: the benchmark's verifier judges every text by that label, not by the deflector's answers.
 * Fresh mobile numbers are drawn from Israel's 050/052/053/054 ranges and kept only when libphonenumber
 * agrees they are valid mobiles, so the label is true.
 */
public final class AbusePopulation {

    /** What a caller was generated as. */
    public enum Kind {
        MOBILE(true), REPEAT(true), PUMPING(true), OPTED_OUT(false), LANDLINE(false), WITHHELD(false),
        MALFORMED(false), SPECIAL_RATE(false), FOREIGN(false);

        /** Whether a number of this kind may ever get a text (budgets aside). */
        public final boolean textable;

        Kind(boolean textable) {
            this.textable = textable;
        }
    }

    /**
     * @param callId   the call's uniqueid
     * @param callerId as Asterisk gives it
     * @param pres     {@code agi_callingpres}
     * @param e164     the number when the generator made a real one (for the verifier), else empty
     */
    public record Caller(String callId, Kind kind, String callerId, int pres, String e164) {}

    /** The pumping prefix: many distinct numbers in {@code +9725023…}. */
    public static final String PUMPED_PREFIX = "+9725023";

    private static final String[] MALFORMED = {"+", "hello", "0502345678a", "*3456", "12", "+972501234567", "100",
            "1234567890123456789012345678901234567890", "050#2345678", "1-800-FLOWERS"};
    private static final String[] WITHHELD = {"anonymous", "Restricted", "", "unknown", "withheld"};
    private static final String[] LANDLINE_AREAS = {"+9722", "+9723", "+9724", "+9728", "+9729"};
    private static final String[] SPECIAL = {"+9721900", "+9721800", "+9721700"};
    private static final String[] MOBILE_RANGES = {"+97250", "+97252", "+97253", "+97254"};

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private final Random random;
    private final Set<String> used = new LinkedHashSet<>();

    private AbusePopulation(long seed) {
        this.random = new Random(seed);
    }

    /**
     * {@code n} callers: about 35% fresh mobiles, 12% repeats, 15% pumping, 5% opted out, 8% landlines, 6%
     * withheld, 7% malformed, 5% premium/toll-free/shared-cost, 7% foreign mobiles; shuffled, with the pumping
     * burst as one block a fifth of the way in (before the country budget runs out).
     */
    public static List<Caller> generate(int n, long seed) {
        return new AbusePopulation(seed).callers(n);
    }

    private List<Caller> callers(int n) {
        int pumping = n * 15 / 100;
        int[] counts = {n * 12 / 100, n * 5 / 100, n * 8 / 100, n * 6 / 100, n * 7 / 100, n * 5 / 100, n * 7 / 100};
        int fresh = n - pumping - java.util.Arrays.stream(counts).sum();
        List<Caller> out = new ArrayList<>();
        List<String> mobiles = new ArrayList<>();
        for (int i = 0; i < fresh; i++) {
            String m = freshMobile();
            mobiles.add(m);
            out.add(new Caller("", Kind.MOBILE, m, 0, m));
        }
        for (int i = 0; i < counts[0]; i++) {
            String m = mobiles.get(random.nextInt(mobiles.size()));
            out.add(new Caller("", Kind.REPEAT, national(m), 0, m));
        }
        for (int i = 0; i < counts[1]; i++) {
            String m = freshMobile();
            out.add(new Caller("", Kind.OPTED_OUT, m, 0, m));
        }
        for (int i = 0; i < counts[2]; i++) {
            String l = unique(() -> pick(LANDLINE_AREAS) + digits(7));
            out.add(new Caller("", Kind.LANDLINE, l, 0, l));
        }
        for (int i = 0; i < counts[3]; i++) {
            boolean restrictedMobile = i % 3 == 0; // a real mobile, but presentation restricted
            String m = restrictedMobile ? freshMobile() : pick(WITHHELD);
            out.add(new Caller("", Kind.WITHHELD, m, restrictedMobile ? 32 : 0, restrictedMobile ? m : ""));
        }
        for (int i = 0; i < counts[4]; i++) {
            out.add(new Caller("", Kind.MALFORMED, pick(MALFORMED), 0, ""));
        }
        for (int i = 0; i < counts[5]; i++) {
            String s = unique(() -> pick(SPECIAL) + digits(6));
            out.add(new Caller("", Kind.SPECIAL_RATE, s, 0, s));
        }
        for (int i = 0; i < counts[6]; i++) {
            String f = unique(() -> switch (random.nextInt(3)) {
                case 0 -> "+447400" + digits(6);
                case 1 -> "+4915112" + digits(6);
                default -> "+1201555" + digits(4);
            });
            out.add(new Caller("", Kind.FOREIGN, f, 0, f));
        }
        Collections.shuffle(out, random);
        List<Caller> burst = new ArrayList<>();
        for (int i = 0; i < pumping; i++) {
            String p = unique(() -> PUMPED_PREFIX + digits(5));
            burst.add(new Caller("", Kind.PUMPING, p, 0, p));
        }
        out.addAll(out.size() / 5, burst);
        List<Caller> numbered = new ArrayList<>(out.size());
        for (int i = 0; i < out.size(); i++) {
            Caller c = out.get(i);
            numbered.add(new Caller("1795500000." + i, c.kind(), c.callerId(), c.pres(), c.e164()));
        }
        return numbered;
    }

    private String freshMobile() {
        while (true) {
            String m = unique(() -> pick(MOBILE_RANGES) + digits(7));
            if (m.startsWith(PUMPED_PREFIX)) {
                continue;
            }
            try {
                var parsed = util.parse(m, null);
                if (util.isValidNumber(parsed) && util.getNumberType(parsed) == PhoneNumberType.MOBILE) {
                    return m;
                }
            } catch (NumberParseException e) {
                throw new IllegalStateException("the generator made an unparseable number", e);
            }
        }
    }

    /** The Israeli national form (0502345678), as a local trunk would present a repeat caller. */
    private static String national(String e164) {
        return "0" + e164.substring(4);
    }

    private String unique(java.util.function.Supplier<String> make) {
        while (true) {
            String s = make.get();
            if (used.add(s)) {
                return s;
            }
        }
    }

    private String pick(String[] from) {
        return from[random.nextInt(from.length)];
    }

    private String digits(int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(random.nextInt(10));
        }
        return b.toString();
    }
}
