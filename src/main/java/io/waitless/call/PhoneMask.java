package io.waitless.call;

/**
 * Masks phone numbers for logs and files an operator may read: {@code +972501234567} becomes
 * {@code +97250•••4567} (country code, the first two national digits and the last four stay; one bullet per
 * hidden digit). Pure and thread-safe; never throws, so it is safe in any logging path.
 */
public final class PhoneMask {

    /** The character that stands for one hidden digit. */
    public static final char BULLET = '•';

    private static final int KEPT_PREFIX = 2;
    private static final int KEPT_SUFFIX = 4;
    private static final int KEPT_WHEN_SHORT = 2;

    private PhoneMask() {
    }

    /**
     * Masks an E.164 number.
     *
     * <p>When the national part is too short to hide anything between the kept digits (six digits or fewer),
     * or the input is not E.164, everything but the last two characters is hidden. {@code null} gives
     * {@code "(none)"}.
     */
    public static String mask(String e164) {
        if (e164 == null) {
            return "(none)";
        }
        if (!e164.matches("\\+\\d+")) {
            return maskAllButLast(e164, KEPT_WHEN_SHORT);
        }
        String digits = e164.substring(1);
        int cc = countryCodeLength(digits);
        String national = digits.substring(cc);
        int hidden = national.length() - KEPT_PREFIX - KEPT_SUFFIX;
        if (hidden <= 0) {
            return "+" + maskAllButLast(digits, KEPT_WHEN_SHORT);
        }
        return "+" + digits.substring(0, cc) + national.substring(0, KEPT_PREFIX)
                + String.valueOf(BULLET).repeat(hidden)
                + national.substring(national.length() - KEPT_SUFFIX);
    }

    private static String maskAllButLast(String s, int kept) {
        int hidden = Math.max(0, s.length() - kept);
        return String.valueOf(BULLET).repeat(hidden) + s.substring(hidden);
    }

    /**
     * Length of the ITU-T E.164 country code a number starts with: 1 for zones 1 and 7, 2 for the two-digit
     * codes listed below, 3 for everything else.
     */
    static int countryCodeLength(String digits) {
        if (digits.isEmpty()) {
            return 0;
        }
        char zone = digits.charAt(0);
        if (zone == '1' || zone == '7') {
            return 1;
        }
        if (digits.length() < 2) {
            return digits.length();
        }
        String two = digits.substring(0, 2);
        boolean twoDigit = switch (zone) {
            case '2' -> two.equals("20") || two.equals("27");
            case '3' -> "30 31 32 33 34 36 39".contains(two);
            case '4' -> !two.equals("42");
            case '5' -> two.compareTo("51") >= 0 && two.compareTo("58") <= 0;
            case '6' -> two.compareTo("60") >= 0 && two.compareTo("66") <= 0;
            case '8' -> "81 82 84 86".contains(two);
            case '9' -> "90 91 92 93 94 95 98".contains(two);
            default -> false;
        };
        return twoDigit ? 2 : Math.min(3, digits.length());
    }
}
