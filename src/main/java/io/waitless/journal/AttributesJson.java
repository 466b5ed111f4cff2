package io.waitless.journal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The {@code a} field of a stream entry: an event's attributes as one JSON object of strings (RFC 8259), in UTF-8,
 * written and read on the journal's hot paths (every append, and the roller's read of every event). Only that one
 * shape is written or read, so this works on the bytes Redis sends and takes: Gson's streaming writer and reader did
 * the same through {@code String}s and were the largest part of an append and of a count in a profile of
 * {@code bench/journal} (a {@code StringWriter} and its lock per entry written, a 1 KiB buffer per entry read, and
 * every string twice its size: the masked number's {@code •} made each whole entry UTF-16). The roller decodes only
 * the attributes it counts by. Entries Gson wrote read the same: both emit standard escapes, and this reads any
 * standard JSON object of strings. Thread-safe.
 */
final class AttributesJson {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private AttributesJson() {
    }

    /** The attributes as a JSON object in UTF-8, in their order; quotes, backslashes and control characters escaped. */
    static byte[] write(Map<String, String> attributes) {
        Out out = new Out(16 + attributes.size() * 24);
        out.put('{');
        boolean first = true;
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            if (!first) {
                out.put(',');
            }
            first = false;
            out.string(a.getKey());
            out.put(':');
            out.string(a.getValue());
        }
        out.put('}');
        return out.bytes();
    }

    private static final class Out {
        private byte[] b;
        private int n;

        Out(int size) {
            b = new byte[size];
        }

        void put(int c) {
            if (n == b.length) {
                b = Arrays.copyOf(b, b.length * 2);
            }
            b[n++] = (byte) c;
        }

        void string(String s) {
            put('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    int cp = c;
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        cp = Character.toCodePoint(c, s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        cp = '?'; // a lone half of a pair: what String.getBytes makes of it
                    }
                    utf8(cp);
                    continue;
                }
                switch (c) {
                    case '"' -> escape('"');
                    case '\\' -> escape('\\');
                    case '\n' -> escape('n');
                    case '\r' -> escape('r');
                    case '\t' -> escape('t');
                    case '\b' -> escape('b');
                    case '\f' -> escape('f');
                    default -> {
                        if (c < 0x20) {
                            escape('u');
                            put('0');
                            put('0');
                            put(HEX[c >> 4]);
                            put(HEX[c & 0xf]);
                        } else {
                            put(c);
                        }
                    }
                }
            }
            put('"');
        }

        private void escape(char c) {
            put('\\');
            put(c);
        }

        private void utf8(int cp) {
            if (cp < 0x80) {
                put(cp);
            } else if (cp < 0x800) {
                put(0xc0 | cp >> 6);
                put(0x80 | cp & 0x3f);
            } else if (cp < 0x10000) {
                put(0xe0 | cp >> 12);
                put(0x80 | cp >> 6 & 0x3f);
                put(0x80 | cp & 0x3f);
            } else {
                put(0xf0 | cp >> 18);
                put(0x80 | cp >> 12 & 0x3f);
                put(0x80 | cp >> 6 & 0x3f);
                put(0x80 | cp & 0x3f);
            }
        }

        byte[] bytes() {
            return Arrays.copyOf(b, n);
        }
    }

    /**
     * Hands each name and value of a JSON object of strings to {@code each}, in order (a repeated name twice).
     *
     * @throws IllegalArgumentException when {@code json} is anything else: not an object, a value that is not a
     *                                  string, a bad escape, a raw control character, text after the object
     */
    static void read(String json, BiConsumer<String, String> each) {
        read(json.getBytes(StandardCharsets.UTF_8), each);
    }

    /** As {@link #read(String, BiConsumer)}, from UTF-8 (bytes that are not UTF-8 read as U+FFFD). */
    static void read(byte[] json, BiConsumer<String, String> each) {
        new Reader(json).object(null, null, each);
    }

    /**
     * Reads only the attributes named in {@code names}: the value of {@code names[i]} goes to {@code into[i]} (the
     * last one when repeated); the others are checked, not decoded.
     *
     * @throws IllegalArgumentException when {@code json} is not one JSON object of strings
     */
    static void read(byte[] json, byte[][] names, String[] into) {
        new Reader(json).object(names, into, null);
    }

    /** The names for {@link #read(byte[], byte[][], String[])}. */
    static byte[][] names(String... names) {
        byte[][] out = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            out[i] = names[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    private static final class Reader {
        private final byte[] s;
        private int i;
        /** Reused for strings with escapes. */
        private java.io.ByteArrayOutputStream unescaped;

        Reader(byte[] s) {
            this.s = s;
        }

        void object(byte[][] names, String[] into, BiConsumer<String, String> each) {
            space();
            expect('{');
            space();
            if (peek() == '}') {
                i++;
            } else {
                while (true) {
                    int wanted = -1;
                    String name = null;
                    int start = i + 1;
                    if (skip()) { // an escaped name: rare, decoded to be matched
                        i = start - 1;
                        name = string();
                        if (names != null) {
                            wanted = index(names, name.getBytes(StandardCharsets.UTF_8), 0, -1);
                        }
                    } else if (names != null) {
                        wanted = index(names, s, start, i - 1);
                    } else {
                        name = new String(s, start, i - 1 - start, StandardCharsets.UTF_8);
                    }
                    space();
                    expect(':');
                    space();
                    if (each != null) {
                        each.accept(name, string());
                    } else if (wanted >= 0) {
                        into[wanted] = string();
                    } else {
                        skip();
                    }
                    space();
                    int c = next();
                    if (c == '}') {
                        break;
                    }
                    if (c != ',') {
                        i--;
                        throw bad("',' or '}'");
                    }
                    space();
                }
            }
            space();
            if (i != s.length) {
                throw bad("the end after the object");
            }
        }

        /** The index of the name in {@code s[from, to)} (all of {@code s} when {@code to} is -1); -1 when none. */
        private static int index(byte[][] names, byte[] s, int from, int to) {
            int end = to < 0 ? s.length : to;
            for (int k = 0; k < names.length; k++) {
                if (Arrays.equals(names[k], 0, names[k].length, s, from, end)) {
                    return k;
                }
            }
            return -1;
        }

        /** Passes over a string, checking it; true when it held an escape. */
        private boolean skip() {
            expect('"');
            boolean escaped = false;
            while (true) {
                int c = next();
                if (c == '"') {
                    return escaped;
                }
                if (c < 0x20) {
                    throw bad("an escaped control character");
                }
                if (c == '\\') {
                    escaped = true;
                    escape(null);
                }
            }
        }

        private String string() {
            expect('"');
            int start = i;
            while (i < s.length) { // the usual case: no escape, decoded at once
                int c = s[i] & 0xff;
                if (c == '"') {
                    return new String(s, start, i++ - start, StandardCharsets.UTF_8);
                }
                if (c == '\\' || c < 0x20) {
                    break;
                }
                i++;
            }
            if (unescaped == null) {
                unescaped = new java.io.ByteArrayOutputStream();
            }
            java.io.ByteArrayOutputStream b = unescaped;
            b.reset();
            b.write(s, start, i - start);
            while (true) {
                int c = next();
                if (c == '"') {
                    return b.toString(StandardCharsets.UTF_8);
                }
                if (c < 0x20) {
                    throw bad("an escaped control character");
                }
                if (c != '\\') {
                    b.write(c);
                } else {
                    escape(b);
                }
            }
        }

        /** Reads the escape after a backslash, writing what it stands for in UTF-8 to {@code b} (when not null). */
        private void escape(java.io.ByteArrayOutputStream b) {
            int e = next();
            int c;
            switch (e) {
                case '"', '\\', '/' -> c = e;
                case 'n' -> c = '\n';
                case 'r' -> c = '\r';
                case 't' -> c = '\t';
                case 'b' -> c = '\b';
                case 'f' -> c = '\f';
                case 'u' -> {
                    c = hex4();
                    if (Character.isHighSurrogate((char) c) && i + 6 <= s.length && s[i] == '\\' && s[i + 1] == 'u') {
                        int at = i;
                        i += 2;
                        int low = hex4();
                        if (Character.isLowSurrogate((char) low)) {
                            c = Character.toCodePoint((char) c, (char) low);
                        } else {
                            i = at; // the next escape stands on its own
                        }
                    }
                }
                default -> {
                    i--;
                    throw bad("an escape");
                }
            }
            if (b != null) {
                byte[] u = c < 0x80 ? new byte[] {(byte) c} : Character.toString(c).getBytes(StandardCharsets.UTF_8);
                b.write(u, 0, u.length);
            }
        }

        private int hex4() {
            if (i + 4 > s.length) {
                throw bad("four hex digits");
            }
            int v = 0;
            for (int k = 0; k < 4; k++) {
                int d = Character.digit(s[i++], 16);
                if (d < 0) {
                    throw bad("four hex digits");
                }
                v = v << 4 | d;
            }
            return v;
        }

        private void space() {
            while (i < s.length) {
                byte c = s[i];
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                i++;
            }
        }

        private int peek() {
            if (i >= s.length) {
                throw bad("more");
            }
            return s[i] & 0xff;
        }

        private int next() {
            int c = peek();
            i++;
            return c;
        }

        private void expect(char c) {
            if (next() != c) {
                i--;
                throw bad("'" + c + "'");
            }
        }

        private IllegalArgumentException bad(String wanted) {
            return new IllegalArgumentException("attributes are not a JSON object of strings: expected " + wanted
                    + " at offset " + i);
        }
    }
}
