package io.waitless.web;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TwilioSignatureTest {
    /** Twilio's documented example (docs/usage/security, "validating requests"): token 12345. */
    private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private static final Map<String, List<String>> PARAMS = Map.of(
            "CallSid", List.of("CA1234567890ABCDE"), "Caller", List.of("+12349013030"), "Digits", List.of("1234"),
            "From", List.of("+12349013030"), "To", List.of("+18005551212"));
    private static final String DOCUMENTED = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";

    @Test
    void the_documented_example_gives_the_documented_signature() {
        assertThat(new TwilioSignature("12345").sign(URL, PARAMS)).isEqualTo(DOCUMENTED);
        assertThat(new TwilioSignature("12345").verify(URL, PARAMS, DOCUMENTED)).isTrue();
    }

    @Test
    void computed_independently_the_string_is_url_then_sorted_names_and_values() throws Exception {
        String data = URL + "CallSidCA1234567890ABCDE" + "Caller+12349013030" + "Digits1234" + "From+12349013030"
                + "To+18005551212";
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec("12345".getBytes(StandardCharsets.UTF_8), "HmacSHA1"));

        assertThat(Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)))).isEqualTo(DOCUMENTED);
    }

    @Test
    void another_url_param_value_token_or_a_missing_header_does_not_verify() {
        TwilioSignature s = new TwilioSignature("12345");

        assertThat(s.verify("https://mycompany.com/myapp.php?foo=1&bar=3", PARAMS, DOCUMENTED)).isFalse();
        assertThat(s.verify(URL, Map.of("Digits", List.of("1235")), DOCUMENTED)).isFalse();
        assertThat(new TwilioSignature("12346").verify(URL, PARAMS, DOCUMENTED)).isFalse();
        assertThat(s.verify(URL, PARAMS, null)).isFalse();
        assertThat(s.verify(URL, PARAMS, "")).isFalse();
    }
}
