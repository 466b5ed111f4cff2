package io.waitless.config;

/**
 * Counts SMS segments: GSM-7 (160 characters in one segment, 153 each when split; the extension
 * characters count twice) when every character fits, else UCS-2 (70, then 67 per segment).
 */
final class SmsSegments {

    private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String GSM_EXTENSION = "^{}\\[~]|€\f";

    private SmsSegments() {
    }

    static int count(String text) {
        int units = gsmUnits(text);
        if (units >= 0) {
            return units <= 160 ? 1 : (units + 152) / 153;
        }
        int n = text.length();
        return n <= 70 ? 1 : (n + 66) / 67;
    }

    /** Characters one segment holds for this text's encoding: 160 (GSM-7) or 70 (UCS-2). */
    static int singleLimit(String text) {
        return gsmUnits(text) >= 0 ? 160 : 70;
    }

    /** The encoding the text goes in: {@code GSM-7} or {@code UCS-2}. */
    static String encoding(String text) {
        return gsmUnits(text) >= 0 ? "GSM-7" : "UCS-2";
    }

    /** Septets needed in GSM-7, or -1 when some character is not in the GSM-7 alphabet. */
    private static int gsmUnits(String text) {
        int units = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (GSM_BASIC.indexOf(c) >= 0) {
                units += 1;
            } else if (GSM_EXTENSION.indexOf(c) >= 0) {
                units += 2;
            } else {
                return -1;
            }
        }
        return units;
    }
}
