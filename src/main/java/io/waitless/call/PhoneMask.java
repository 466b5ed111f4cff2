package io.waitless.call;

/**
 * Masks phone numbers for logs and screens: {@code +972501234567} → {@code +97250•••4567}.
 * The country code and first two national digits stay, then the last four.
 */
public final class PhoneMask {
    private PhoneMask() {
    }

    public static String mask(String number) {
        if (number == null || number.isBlank()) {
            return "(none)";
        }
        String n = number.strip();
        boolean plus = n.startsWith("+");
        String digits = n.replaceAll("[^0-9]", "");
        if (digits.length() < 7) {
            return (plus ? "+" : "") + "•".repeat(Math.max(0, digits.length() - 2))
                    + digits.substring(Math.max(0, digits.length() - 2));
        }
        int keep = Math.min(5, digits.length() - 6);
        return (plus ? "+" : "") + digits.substring(0, keep) + "•••" + digits.substring(digits.length() - 4);
    }
}
