package io.waitless.sms;

/**
 * The GSM 03.38 default alphabet: whether a text fits it, and how many SMS segments a text needs.
 *
 * <p>GSM-7 texts take 160 septets in one segment, 153 per part when concatenated; characters of the extension
 * table ({@code ^ { } \ [ ~ ] | €} and form feed) take two septets and are never split across parts. Any other
 * text goes as UCS-2: 70 UTF-16 units in one segment, 67 per part, a surrogate pair never split. Pure and
 * thread-safe.
 */
public final class Gsm7 {

    public static final int GSM7_SINGLE = 160;
    public static final int GSM7_PART = 153;
    public static final int UCS2_SINGLE = 70;
    public static final int UCS2_PART = 67;

    /** The basic character set, in code order (0x1B, the escape to the extension table, left out). */
    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String EXTENSION = "\f^{}\\[~]|€";
    /** The extension table's codes, in the order of {@link #EXTENSION}. */
    private static final int[] EXTENSION_CODES = {0x0A, 0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65};
    private static final int ESCAPE = 0x1B;

    private Gsm7() {
    }

    /** Whether every character of the text is in the GSM-7 basic set or its extension table. */
    public static boolean isEncodable(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (septets(text.charAt(i)) == 0) {
                return false;
            }
        }
        return true;
    }

    /** How many segments the text takes (at least 1; an empty text still goes as one). */
    public static int segments(CharSequence text) {
        return isEncodable(text) ? gsm7Segments(text) : ucs2Segments(text);
    }

    private static int gsm7Segments(CharSequence text) {
        int total = 0;
        for (int i = 0; i < text.length(); i++) {
            total += septets(text.charAt(i));
        }
        if (total <= GSM7_SINGLE) {
            return 1;
        }
        return pack(text, GSM7_PART, true);
    }

    private static int ucs2Segments(CharSequence text) {
        if (text.length() <= UCS2_SINGLE) {
            return 1;
        }
        return pack(text, UCS2_PART, false);
    }

    /** Greedy packing into parts of {@code size} units, keeping escape sequences and surrogate pairs whole. */
    private static int pack(CharSequence text, int size, boolean gsm7) {
        int parts = 1;
        int used = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int units;
            if (gsm7) {
                units = septets(c);
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                units = 2;
                i++;
            } else {
                units = 1;
            }
            if (used + units > size) {
                parts++;
                used = 0;
            }
            used += units;
        }
        return parts;
    }

    /**
     * The text as unpacked GSM-7: one byte per septet, extension characters as {@code 0x1B} and their code (the
     * form SMPP's {@code data_coding 0} carries).
     *
     * @throws IllegalArgumentException when a character is not in GSM-7 ({@link #isEncodable} is false)
     */
    static byte[] toSeptets(CharSequence text) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int basic = BASIC.indexOf(c);
            if (basic >= 0) {
                out.write(basic < ESCAPE ? basic : basic + 1);
            } else if (EXTENSION.indexOf(c) >= 0) {
                out.write(ESCAPE);
                out.write(EXTENSION_CODES[EXTENSION.indexOf(c)]);
            } else {
                throw new IllegalArgumentException("character U+" + Integer.toHexString(c) + " is not in GSM-7");
            }
        }
        return out.toByteArray();
    }

    /** The reverse of {@link #toSeptets}; an unknown code reads as {@code ?}. */
    static String fromSeptets(byte[] septets) {
        StringBuilder text = new StringBuilder(septets.length);
        for (int i = 0; i < septets.length; i++) {
            int code = septets[i] & 0x7F;
            if (code == ESCAPE && i + 1 < septets.length) {
                int ext = septets[++i] & 0x7F;
                int at = -1;
                for (int k = 0; k < EXTENSION_CODES.length; k++) {
                    at = EXTENSION_CODES[k] == ext ? k : at;
                }
                text.append(at < 0 ? '?' : EXTENSION.charAt(at));
            } else {
                text.append(code == ESCAPE ? '?' : BASIC.charAt(code < ESCAPE ? code : code - 1));
            }
        }
        return text.toString();
    }

    /** Septets the character takes in GSM-7: 1 (basic set), 2 (extension table) or 0 (not encodable). */
    static int septets(char c) {
        if (BASIC.indexOf(c) >= 0) {
            return 1;
        }
        return EXTENSION.indexOf(c) >= 0 ? 2 : 0;
    }
}
