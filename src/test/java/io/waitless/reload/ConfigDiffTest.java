package io.waitless.reload;

import io.waitless.reload.ConfigDiff.Change;
import io.waitless.reload.ConfigDiff.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigDiffTest {
    static final String BASE = """
            # the company
            company: {name: Acme}
            agi:
              port: 4573
            callers:
              reference-key: a-literal-secret-0123456789
            api:
              keys: ["${WAITLESS_API_KEY}"]
            promotions:
              - id: pay-in-app
                flow: pay-bill
                text: Pay in the app.
                queues: [support, billing]
              - {id: outage, flow: check-outage, text: Check outages online.}
            """;

    @Test
    void comments_key_order_and_quoting_are_not_changes() {
        String same = """
                agi: {port: 4573}
                company:
                  name: "Acme"     # same name
                api:
                  keys: ['${WAITLESS_API_KEY}']
                callers: {reference-key: a-literal-secret-0123456789}
                promotions:
                  - {id: pay-in-app, text: "Pay in the app.", flow: pay-bill, queues: [support, billing]}
                  - id: outage
                    flow: check-outage
                    text: Check outages online.
                """;
        assertThat(ConfigDiff.between(BASE, same)).isEmpty();
    }

    @Test
    void list_entries_are_matched_by_id_so_reordering_is_no_change_and_an_added_one_is_one_change() {
        String reordered = BASE.replace("""
                  - id: pay-in-app
                    flow: pay-bill
                    text: Pay in the app.
                    queues: [support, billing]
                  - {id: outage, flow: check-outage, text: Check outages online.}
                """, """
                  - {id: outage, flow: check-outage, text: Check outages online.}
                  - id: pay-in-app
                    flow: pay-bill
                    text: Pay in the app.
                    queues: [support, billing]
                  - id: moving
                    flow: moving
                    text: Book your move online.
                    variants: [{id: a, weight: 50}, {id: b, weight: 50}]
                """);
        assertThat(ConfigDiff.between(BASE, reordered))
                .containsExactly(new Change("promotions[moving]", Kind.ADDED, "", "", true));
        assertThat(ConfigDiff.between(reordered, BASE))
                .containsExactly(new Change("promotions[moving]", Kind.REMOVED, "", "", true));
    }

    @Test
    void a_changed_value_shows_both_and_nested_entries_are_named_by_id() {
        String a = BASE.replace("    text: Pay in the app.\n",
                "    text: Pay in the app.\n    variants: [{id: a, weight: 50}, {id: b, weight: 50}]\n");
        String b = a.replace("{id: b, weight: 50}", "{id: b, weight: 0}").replace("{id: a, weight: 50}", "{id: a, weight: 100}");
        assertThat(ConfigDiff.between(a, b)).extracting(Change::describe).containsExactly(
                "~ promotions[pay-in-app].variants[a].weight: 50 -> 100",
                "~ promotions[pay-in-app].variants[b].weight: 50 -> 0");
    }

    @Test
    void what_only_a_restart_applies_is_marked() {
        String b = BASE.replace("port: 4573", "port: 4574").replace("name: Acme", "name: Acme Cable");
        assertThat(ConfigDiff.between(BASE, b)).extracting(Change::describe).containsExactly(
                "~ company.name: \"Acme\" -> \"Acme Cable\"",
                "~ agi.port: 4573 -> 4574   (needs a restart)");
    }

    @Test
    void secrets_written_in_the_file_are_never_shown_but_environment_references_are() throws Exception {
        String b = BASE.replace("a-literal-secret-0123456789", "another-literal-secret-987")
                .replace("${WAITLESS_API_KEY}", "${WAITLESS_API_KEY_2}");
        assertThat(ConfigDiff.between(BASE, b)).extracting(Change::describe).containsExactly(
                "~ callers.reference-key: (secret #" + fingerprint("a-literal-secret-0123456789") + ") -> (secret #"
                        + fingerprint("another-literal-secret-987") + ")   (needs a restart)",
                "~ api.keys: [${WAITLESS_API_KEY}] -> [${WAITLESS_API_KEY_2}]   (needs a restart)")
                .allSatisfy(d -> assertThat(d).doesNotContain("literal-secret"));
        assertThat(ConfigDiff.flatten(BASE).toString()).doesNotContain("literal-secret");
    }

    @Test
    void a_dashboard_password_hash_is_masked_like_a_secret() throws Exception {
        String hash = "$2a$12$KLerYPV388B.tTx2uAxIi.2IJxO5Sa6c8izs3geGtepOY.0eSb/9u";
        String a = "dashboard:\n  users:\n    - {name: ana, password-hash: \"" + hash + "\"}\n";
        assertThat(ConfigDiff.flatten(a)).containsEntry("dashboard.users[ana].password-hash",
                "(secret #" + fingerprint(hash) + ")");
    }

    @Test
    void a_password_inside_a_uri_is_never_shown() throws Exception {
        String a = "redis:\n  uri: redis://:s3cret-one@10.0.0.5:6379/0\n";
        String b = "redis:\n  uri: redis://:s3cret-two@10.0.0.5:6379/0\n";
        assertThat(ConfigDiff.between(a, b)).extracting(Change::describe).containsExactly(
                "~ redis.uri: \"redis://:(secret #" + fingerprint("s3cret-one") + ")@10.0.0.5:6379/0\" -> \"redis://:(secret #"
                        + fingerprint("s3cret-two") + ")@10.0.0.5:6379/0\"   (needs a restart)");
        assertThat(ConfigDiff.flatten("u: https://user:pw@host/x\n")).containsEntry("u",
                "\"https://user:(secret #" + fingerprint("pw") + ")@host/x\"");
        assertThat(ConfigDiff.flatten("u: https://host/x?a=b@c\n")).containsEntry("u", "\"https://host/x?a=b@c\"");
    }

    private static String fingerprint(String s) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0, 3);
    }

    @Test
    void reloadable_paths_are_what_callers_hear_and_where_links_lead() {
        assertThat(ConfigDiff.reloadable("promotions[x].text")).isTrue();
        assertThat(ConfigDiff.reloadable("channels[chat].health.url")).isTrue();
        assertThat(ConfigDiff.reloadable("sms.templates.en")).isTrue();
        assertThat(ConfigDiff.reloadable("links.ttl")).isTrue();
        assertThat(ConfigDiff.reloadable("sms.gateway")).isFalse();
        assertThat(ConfigDiff.reloadable("links.signing.keys[k1].secret")).isFalse();
        assertThat(ConfigDiff.reloadable("queues[support].language")).isTrue();
        assertThat(ConfigDiff.reloadable("queues[support].region")).isFalse();
        assertThat(ConfigDiff.reloadable("redis.uri")).isFalse();
    }

    @Test
    void text_that_is_not_yaml_is_refused() {
        assertThatThrownBy(() -> ConfigDiff.flatten("a: [unclosed")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not YAML");
    }
}
