package io.waitless.sms;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KannelDlrUrlsTest {
    private final KannelDlrUrls urls = new KannelDlrUrls(URI.create("https://go.galilcable.example/"), "hook-secret");

    @Test
    void the_dlr_url_names_the_hook_the_reference_its_signature_and_kannels_status_placeholder() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("hook-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String sig = Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal("dfl 1".getBytes(StandardCharsets.UTF_8)));

        assertThat(urls.dlrUrl("dfl 1"))
                .isEqualTo("https://go.galilcable.example/hooks/kannel/dlr?ref=dfl+1&sig=" + sig + "&status=%d");
        assertThat(urls.verify("dfl 1", sig)).isTrue();
    }

    @Test
    void another_reference_secret_or_a_missing_signature_does_not_verify() {
        String sig = urls.signature("dfl-1");
        KannelDlrUrls other = new KannelDlrUrls(URI.create("https://go.galilcable.example"), "other-secret");

        assertThat(urls.verify("dfl-2", sig)).isFalse();
        assertThat(other.verify("dfl-1", sig)).isFalse();
        assertThat(urls.verify("dfl-1", null)).isFalse();
        assertThat(urls.verify(null, sig)).isFalse();
        assertThat(urls.verify("dfl-1", sig.substring(1))).isFalse();
    }

    @Test
    void an_empty_secret_is_refused() {
        assertThatThrownBy(() -> new KannelDlrUrls(URI.create("https://x.example"), "")).isInstanceOf(IllegalArgumentException.class);
    }
}
