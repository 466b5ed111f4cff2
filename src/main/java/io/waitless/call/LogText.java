package io.waitless.call;

/** Text that came from outside (the wire, a URL) made fit for a log line; see {@link #printable}. */
public final class LogText {
    private LogText() {
    }

    /**
     * {@code s} fit for a log line and the MDC: control characters (a CR or an escape sequence could forge or
     * garble an operator's log) and undecodable characters become {@code ?}, and more than {@code max} characters
     * are cut with {@code …}. Null gives the empty string.
     */
    public static String printable(String s, int max) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), max + 1));
        for (int i = 0; i < s.length() && b.length() < max; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) || c == '\uFFFD' || Character.isSurrogate(c) ? '?' : c);
        }
        return s.length() > max ? b.append('…').toString() : b.toString();
    }
}
