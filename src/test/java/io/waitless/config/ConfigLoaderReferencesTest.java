package io.waitless.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.waitless.config.ConfigFiles.validWith;
import static org.assertj.core.api.Assertions.assertThat;

/** Ids, their uniqueness, and the references between channels, flows, promotions, queues and templates. */
class ConfigLoaderReferencesTest {

    @TempDir
    Path dir;

    private ConfigFiles files() {
        return new ConfigFiles(dir);
    }

    @Test
    void an_id_with_capitals_is_refused() {
        files().assertRefused(validWith("{id: pay-in-app,", "{id: Pay_In_App,"), "Pay_In_App", "promotions[0].id",
                "\"Pay_In_App\" is not an id");
    }

    @Test
    void an_id_longer_than_40_characters_is_refused() {
        String id = "a".repeat(41);
        files().assertRefused(validWith("{id: app,", "{id: " + id + ","), id, "channels[0].id", "is not an id");
    }

    @Test
    void a_repeated_flow_id_is_refused_at_the_second_one_naming_the_first() {
        String yaml = validWith("flows:\n", "flows:\n  - {id: pay-bill, title: again, url: \"https://acme.example/x\", channel: app}\n");
        files().assertRefused(yaml, "title: pay your bill", "flows[1].id",
                "\"pay-bill\" is already used by another flow (line " + ConfigFiles.lineOf(yaml, "title: again") + ")");
    }

    @Test
    void a_flow_on_an_unknown_channel_is_refused_listing_the_channels() {
        files().assertRefused(validWith("channel: app}", "channel: apps}"), "channel: apps", "flows[0].channel",
                "there is no channel \"apps\" (channels: app)");
    }

    @Test
    void a_flow_url_must_be_http_or_https() {
        files().assertRefused(validWith("\"https://acme.example/pay\"", "\"javascript:alert(1)\""), "javascript",
                "flows[0].url", "is not an absolute http(s) URL");
    }

    @Test
    void a_promotion_of_an_unknown_flow_is_refused() {
        files().assertRefused(validWith("flow: pay-bill,", "flow: pay-bil,"), "pay-bil,", "promotions[0].flow",
                "there is no flow \"pay-bil\" (flows: pay-bill)");
    }

    @Test
    void a_promotion_in_an_unknown_queue_is_refused() {
        String yaml = validWith("text: Pay in the app.}", "text: Pay in the app., queues: [support, sales]}");
        files().assertRefused(yaml, "sales", "promotions[0].queues[1]", "there is no queue \"sales\" (queues: support)");
    }

    @Test
    void a_queue_language_without_a_template_is_refused() {
        String yaml = validWith("language: en}", "language: he}").replace("prompts:\n", "prompts:\n  languages: [en, he]\n");
        files().assertRefused(yaml, "language: he}", "queues[0].language",
                "\"he\" has no SMS template (add sms.templates.he; templates: en)");
    }

    @Test
    void a_repeated_queue_name_is_refused() {
        String yaml = validWith("  - {name: support, language: en}", "  - {name: support, language: en}\n  - {name: support}");
        files().assertRefused(yaml, "{name: support}", "queues[1].name", "is already used by another queue");
    }

    @Test
    void at_least_one_promotion_is_required() {
        String yaml = validWith("  - {id: pay-in-app, flow: pay-bill, text: Pay in the app.}", "  []")
                .replace("promotions:\n  []", "promotions: []");
        files().assertRefused(yaml, "promotions: []", "promotions", "needs at least one entry");
    }

    @Test
    void at_least_one_queue_is_required_even_when_the_key_is_absent() {
        String yaml = validWith("queues:\n  - {name: support, language: en}\n", "");
        files().assertRefused(yaml, "company:", "queues", "needs at least one entry");
    }

    @Test
    void a_queue_no_promotion_plays_in_gives_a_warning() {
        String yaml = validWith("text: Pay in the app.}", "text: Pay in the app., queues: [support]}")
                .replace("  - {name: support, language: en}", "  - {name: support, language: en}\n  - {name: sales}");
        assertThat(files().load(yaml).warnings()).singleElement().asString()
                .contains("queues: queue sales has no promotion");
    }

    @Test
    void promotions_keep_their_queues_incentive_and_priority() {
        String yaml = validWith("text: Pay in the app.}",
                "text: Pay in the app., incentive: No fee., queues: [support], priority: 7}");
        var p = files().load(yaml).config().promotion("pay-in-app").orElseThrow();
        assertThat(p.queues()).containsExactly("support");
        assertThat(p.priority()).isEqualTo(7);
        assertThat(p.spokenText()).isEqualTo("Pay in the app. No fee.");
    }
}
