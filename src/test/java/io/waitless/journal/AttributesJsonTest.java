package io.waitless.journal;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stream entries' attribute JSON, checked against Gson (which wrote the journals of earlier versions). */
class AttributesJsonTest {

    private static Map<String, String> read(String json) {
        Map<String, String> out = new LinkedHashMap<>();
        AttributesJson.read(json, out::put);
        return out;
    }

    private static String gsonWrite(Map<String, String> attributes) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonWriter w = new JsonWriter(out)) {
            w.setHtmlSafe(false);
            w.beginObject();
            for (Map.Entry<String, String> a : attributes.entrySet()) {
                w.name(a.getKey()).value(a.getValue());
            }
            w.endObject();
        }
        return out.toString();
    }

    /** Random text with what needs escaping: quotes, backslashes, controls, non-Latin, emoji, the masked number's dot. */
    private static String text(Random r) {
        String alphabet = "ab\"\\/\n\r\t\b\f\u0000\u001f\u007f•é中\u2028";
        StringBuilder b = new StringBuilder();
        for (int n = r.nextInt(12); n > 0; n--) {
            int k = r.nextInt(alphabet.length() + 2);
            if (k == alphabet.length()) {
                b.appendCodePoint(0x1F4DE); // a surrogate pair
            } else if (k == alphabet.length() + 1) {
                b.append((char) r.nextInt(0x80));
            } else {
                b.append(alphabet.charAt(k));
            }
        }
        return b.toString();
    }

    @Test
    void readsBackWhatItWritesAndGsonReadsTheSame() throws IOException {
        Random r = new Random(7);
        for (int run = 0; run < 5_000; run++) {
            Map<String, String> attrs = new LinkedHashMap<>();
            for (int n = r.nextInt(8); n > 0; n--) {
                attrs.put(text(r), text(r));
            }
            byte[] bytes = AttributesJson.write(attrs);
            String json = new String(bytes, StandardCharsets.UTF_8);
            assertThat(bytes).as("UTF-8").isEqualTo(json.getBytes(StandardCharsets.UTF_8));
            assertThat(read(json)).as(json).containsExactlyEntriesOf(attrs);
            // what the roller reads: only the names it asks for, the last of a name when repeated
            List<String> keys = new ArrayList<>(attrs.keySet());
            String[] asked = {keys.isEmpty() ? "none" : keys.get(r.nextInt(keys.size())), "none", text(r)};
            String[] into = new String[asked.length];
            AttributesJson.read(bytes, AttributesJson.names(asked), into);
            for (int k = 0; k < asked.length; k++) {
                boolean again = List.of(asked).subList(0, k).contains(asked[k]); // a name asked twice fills the first
                assertThat(into[k]).as(json + " " + asked[k]).isEqualTo(again ? null : attrs.get(asked[k]));
            }
            JsonObject parsed = JsonParser.parseString(json).getAsJsonObject();
            Map<String, String> byGson = new LinkedHashMap<>();
            parsed.entrySet().forEach(e -> byGson.put(e.getKey(), e.getValue().getAsString()));
            assertThat(byGson).as(json).containsExactlyEntriesOf(attrs);
            // and what Gson wrote (journals of earlier versions) reads the same
            assertThat(read(gsonWrite(attrs))).containsExactlyEntriesOf(attrs);
        }
    }

    @Test
    void writesTheCompactFormEarlierVersionsWrote() throws IOException {
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("queue", "support");
        attrs.put("number", "+97250•••1234");
        attrs.put("note", "say \"text me\"\\\n");
        assertThat(new String(AttributesJson.write(attrs), StandardCharsets.UTF_8)).isEqualTo(gsonWrite(attrs))
                .isEqualTo("{\"queue\":\"support\",\"number\":\"+97250•••1234\",\"note\":\"say \\\"text me\\\"\\\\\\n\"}");
        assertThat(AttributesJson.write(Map.of())).isEqualTo("{}".getBytes(StandardCharsets.UTF_8));
        // a lone half of a surrogate pair is written as String.getBytes writes it
        assertThat(AttributesJson.write(Map.of("a", "x\uD83Dy"))).isEqualTo("{\"a\":\"x?y\"}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsStandardJsonItDoesNotWrite() {
        assertThat(read(" {\n \"a\" : \"x\\/y\\u00e9\\uD83D\\uDCDE\" ,\t\"b\":\"\" }\r\n"))
                .containsExactly(Map.entry("a", "x/yé\uD83D\uDCDE"), Map.entry("b", ""));
        assertThat(read("{}")).isEmpty();
        List<String> names = new ArrayList<>();
        AttributesJson.read("{\"a\":\"1\",\"a\":\"2\"}", (k, v) -> names.add(k + "=" + v));
        assertThat(names).containsExactly("a=1", "a=2");
        String[] into = new String[2];
        AttributesJson.read("{\"a\":\"1\",\"n\\u0061me\":\"x\\\"y\",\"b\":\"\\u00e9\",\"a\":\"2\"}"
                .getBytes(StandardCharsets.UTF_8), AttributesJson.names("a", "name"), into);
        assertThat(into).containsExactly("2", "x\"y");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "[]", "\"a\"", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1}", "{\"a\":null}",
            "{\"a\":{\"b\":\"c\"}}", "{\"a\":[\"b\"]}", "{\"a\":\"b\",}", "{\"a\":\"b\"} x", "{\"a\":\"b\"}{}",
            "{a:\"b\"}", "{'a':'b'}", "{\"a\":\"b\\x\"}", "{\"a\":\"b\\u12\"}", "{\"a\":\"b\\u12g4\"}",
            "{\"a\":\"b\n\"}", "{\"a\":\"b", "{\"a\":\"b\\", "{\"a\" \"b\"}", "{\"a\":\"b\";\"c\":\"d\"}"})
    void refusesAnythingButOneObjectOfStrings(String json) {
        assertThatThrownBy(() -> read(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("attributes are not a JSON object of strings");
        // and so does the roller's read, which decodes only what it asks for ("b" is never asked)
        assertThatThrownBy(() -> AttributesJson.read(json.getBytes(StandardCharsets.UTF_8),
                AttributesJson.names("zzz"), new String[1])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("attributes are not a JSON object of strings");
    }
}
